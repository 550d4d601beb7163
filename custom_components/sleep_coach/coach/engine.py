"""The coaching state machine: timestamped inputs in, effects out.

The coach never reads the clock. Every input carries its own time; before applying it, the
coach fires every timer due by then (debounce, settle, deadline, concern, need expiry, night
boundaries) at the timer's own instant, so the decisions do not depend on how often the shell
calls ``tick``. The shell only has to call ``tick`` at ``next_wakeup()`` for effects to come
out on time.

The transitions are pure functions of (configuration, state, time); ``Coach`` holds the
current state for convenience.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import Enum, auto
from functools import partial
from typing import NamedTuple, cast

from .baseline import BASELINE_NIGHTS, ConcernBaseline, tonight_baseline
from .config import ChildConfig
from .effects import (
    CheckInDue,
    DayEffect,
    Effect,
    EpisodeStarted,
    NapEnded,
    NapStarted,
    NeedsAttention,
    NightEnded,
    NightStarted,
    ParentArrived,
    ParentLeft,
    PlanEffect,
    PlanFinished,
    PlanNightStarted,
    SelfSootheStarted,
    Settled,
    SleepWindowOpened,
)
from .errors import InputError
from .figures import NightReport, summarise_nights
from .model import CONCERN_REASONS, Episode, EpisodeKind, Mode, Outcome, Reason
from .naps import DayFigures, DayState, Nap, NapEnd, OpenNap, finish_nap, summarise_days
from .needs import NeedRecord, expires_at, unmet_needs
from .night import (
    ONE_DAY,
    day_of,
    days_overlapping,
    latest_night_started,
    night_of,
    night_window,
    nights_overlapping,
)
from .plan import (
    IN_ROOM,
    Method,
    Plan,
    PlanProgress,
    advance,
    begin,
    plan_night,
    repeat,
    set_paused,
)
from .snapshot import snapshot
from .state import CoachState, OpenEpisode, Signal
from .wake import SleepWindow, sleep_window

type _Effects = list[Effect | PlanEffect | DayEffect]
type _Change = Callable[[ChildConfig, CoachState, datetime], tuple[CoachState, _Effects]]


@snapshot
class Status:
    """What the coach shows right now.

    ``reasons`` is set in ``needs_attention``; ``wait_started`` and ``deadline`` in
    ``self_soothing`` and ``check_in_due``. During a nap ``nap_start`` is its start and
    ``nap_asleep`` when the baby fell asleep (``None`` while it is falling asleep).
    """

    mode: Mode
    reasons: tuple[str, ...]
    wait_started: datetime | None
    deadline: datetime | None
    episode_start: datetime | None
    night: date | None
    nap_start: datetime | None = None
    nap_asleep: datetime | None = None


class Coach:
    """The coach of one child: feed it inputs, act on the effects it returns.

    Every method taking ``at`` needs an aware datetime no earlier than the previous one, or
    raises ``InputError``. Each returns the effects in the order they happened; the state
    snapshots it leaves behind are immutable.
    """

    def __init__(self, config: ChildConfig, state: CoachState) -> None:
        """Resume coaching from a stored ``state`` (see ``Coach.start`` for a new one).

        Finished episodes older than any figure, baseline or trend can use are dropped, as
        the next settled episode would drop them, and the rest put in time order: a store
        from an older release or a long gap may hold years of them, which would otherwise
        be summarised and written again on every change until then.
        """
        self._config = config
        self._state = _tidy_history(config, state)
        # The first timer due, kept between inputs: every input and every wake-up asks.
        self._upcoming = _next_timer(config, self._state, self._state.clock)
        self._status: tuple[CoachState, Status] | None = None
        self._plan_effects: list[PlanEffect] = []
        self._day_effects: list[DayEffect] = []

    @classmethod
    def start(cls, config: ChildConfig, at: datetime) -> Coach:
        """Start coaching at ``at`` knowing nothing: every need and the cry source unknown."""
        at = _as_utc(at)
        return cls(
            config,
            CoachState(
                clock=at,
                started=at,
                night=night_of(at, config),
                signal=Signal.UNKNOWN,
                signal_since=at,
                parent_present=False,
                needs={},
                episode=None,
                history=(),
            ),
        )

    @property
    def config(self) -> ChildConfig:
        """Return the child's configuration."""
        return self._config

    @property
    def state(self) -> CoachState:
        """Return the current snapshot, to store and later pass back to ``Coach``."""
        return self._state

    def status(self) -> Status:
        """Return what the coach shows right now (worked out once per state)."""
        state = self._state
        if self._status is None or self._status[0] is not state:
            self._status = (state, status_of(state))
        return self._status[1]

    def next_wakeup(self) -> datetime | None:
        """Return when the shell must call ``tick`` next, or ``None`` if only inputs matter."""
        return None if self._upcoming is None else self._upcoming.at

    def baseline(self) -> ConcernBaseline | None:
        """Return the concern baseline for the current (or, in daytime, the coming) night."""
        night = self._state.night
        if night is None:
            night = latest_night_started(self._state.clock, self._config) + timedelta(days=1)
        return tonight_baseline(self._state.history, night)

    def recent_nights(self) -> tuple[NightReport, ...]:
        """Return reports for the latest night the coach observed and the 14 before it.

        The latest is tonight's, so far, at night; in the morning, after ``night_ended``,
        the night that ended. So the night before tonight has the 14 nights its trend needs
        at night too.
        """
        latest = latest_night_started(self._state.clock, self._config)
        nights = nights_overlapping(self._state.started, self._state.clock, self._config)
        recent = [night for night in nights if latest - night <= timedelta(days=BASELINE_NIGHTS)]
        return summarise_nights(self._state.history, self._config, recent)

    def recent_days(self) -> tuple[DayFigures, ...]:
        """Return the figures of the latest day the coach observed and the 14 before it.

        The latest is today's, so far, in the daytime; at night, the day before tonight
        (dated like tonight), which is over.
        """
        state = self._state
        latest = _coming_night(self._config, state, state.clock)
        days = days_overlapping(state.started, state.clock, self._config)
        recent = [day for day in days if latest - day <= timedelta(days=BASELINE_NIGHTS)]
        return summarise_days(state.day.naps, recent)

    def awake_since(self) -> datetime | None:
        """Return when the baby last woke, in the daytime with no nap under way.

        That is the end of the last nap it slept in, or of the last night (the night window's
        end, or later if a waking kept the night open); ``None`` at night, during a nap, or
        when the coach has seen neither.
        """
        state = self._state
        if state.night is not None or state.day.nap is not None:
            return None
        return state.day.awake_since

    def next_sleep_window(self) -> SleepWindow | None:
        """Return the next sleep window, when ``awake_since`` is known and a birth date set."""
        awake = self.awake_since()
        if awake is None:
            return None
        return sleep_window(self._config, awake, self._state.day.naps, self._state.started)

    def take_day_effects(self) -> list[DayEffect]:
        """Return, and forget, the day effects of the inputs since the last call.

        A nap that ends at the longest nap or at night, and a sleep window that opens, come
        with whichever input or tick fires them; the nap inputs return theirs directly. The
        last ``DAY_EFFECTS_KEPT`` are kept until taken.
        """
        effects, self._day_effects = self._day_effects, []
        return effects

    def nap_started(self, at: datetime) -> list[Effect | DayEffect]:
        """Report that a nap began: from now on crying is coached, as at night.

        In the night window (or with a nap already under way) it changes nothing.
        """
        return self._run_day(at, _nap_started)

    def nap_ended(self, at: datetime) -> list[Effect | DayEffect]:
        """Report that the nap ended; an episode still open ends too (as ``finish`` says).

        Without a nap under way it changes nothing.
        """
        return self._run_day(at, partial(_end_nap, NapEnd.ENDED))

    def tick(self, at: datetime) -> list[Effect]:
        """Advance time to ``at``, firing every timer due by then."""
        return self._run(at, None)

    def cry(self, at: datetime, *, crying: bool) -> list[Effect]:
        """Report the raw cry signal; repeats of the same value change nothing."""
        return self._run(at, _HEAR[Signal.CRYING if crying else Signal.QUIET])

    def source_unavailable(self, at: datetime) -> list[Effect]:
        """Report that the cry source is unavailable or unknown: the coach cannot hear."""
        return self._run(at, _HEAR[Signal.UNKNOWN])

    def need(
        self, at: datetime, name: str, *, met: bool, since: datetime | None = None
    ) -> list[Effect]:
        """Record a confirmation (``met``) or an explicit "unmet" of one need.

        ``since`` is when it became true, if earlier than ``at``: a feed logged after the
        fact, or the time a family's own helper (say, a last-feeding sensor) shows. A
        time-based need's freshness counts from it.
        """
        if name not in self._config.need_names:
            raise InputError("need_unknown", need=name)
        confirmed = _as_utc(at if since is None else since)
        if confirmed > _as_utc(at):
            raise InputError("need_in_future", need=name, at=confirmed.isoformat())
        return self._run(at, partial(_record_need, name, met=met, confirmed=confirmed))

    def parent_arrived(self, at: datetime) -> list[Effect]:
        """Report that a parent entered the nursery."""
        return self._run(at, _parent_arrived)

    def parent_left(self, at: datetime) -> list[Effect]:
        """Report that a parent left the nursery."""
        return self._run(at, _parent_left)

    def more_time(self, at: datetime) -> list[Effect]:
        """Give the next wait after a check-in fell due, as a parent may choose remotely.

        Only while a check-in is due and no parent is in the nursery (elsewhere it changes
        nothing). The checklist runs again first, so an unmet need still calls the parent;
        the wait is the next one of the schedule, never above the cap.
        """
        return self._run(at, _more_time)

    def coming_night(self, at: datetime) -> date:
        """Return the night under way at ``at``, or in daytime the coming one.

        A plan may start on this night or a later one.
        """
        return _coming_night(self._config, self._state, at)

    def can_give_more_time(self) -> bool:
        """Tell whether `more_time` would start a wait now: a check-in due, every need met."""
        state = self._state
        return _mode(state) is Mode.CHECK_IN_DUE and not attention_reasons(
            self._config, state, state.clock
        )

    def finish(self, at: datetime) -> list[Effect]:
        """Stop listening at ``at``, as at the end of a recorded log.

        The open episode ends when its final quiet began, or at ``at`` if the baby was not
        quiet; its outcome follows the usual rules. From then on the cry source counts as
        unavailable.
        """
        return self._run(at, _finish)

    def take_plan_effects(self) -> list[PlanEffect]:
        """Return, and forget, the plan effects of the inputs since the last call.

        The inputs above return only ``Effect``; a plan night that starts or a plan that
        finishes during one of them is kept here. The plan inputs return theirs directly.
        """
        effects, self._plan_effects = self._plan_effects, []
        return effects

    def start_plan(self, at: datetime, plan: Plan) -> list[Effect | PlanEffect]:
        """Start ``plan`` at its first night, replacing any plan; raises ``PlanError``.

        The first night may be the night under way or a later one, not one that is over.
        """
        plan.check(self._config)
        return self._run_plan(at, partial(_start_plan, plan))

    def pause_plan(self, at: datetime) -> list[Effect | PlanEffect]:
        """Pause the plan: nights that end while it is paused do not advance it."""
        return self._run_plan(at, partial(_pause_plan, paused=True))

    def resume_plan(self, at: datetime) -> list[Effect | PlanEffect]:
        """Resume a paused plan where it stopped."""
        return self._run_plan(at, partial(_pause_plan, paused=False))

    def repeat_plan_night(self, at: datetime) -> list[Effect | PlanEffect]:
        """Play the latest plan night that is over once more, from the next waking."""
        return self._run_plan(at, _repeat_plan_night)

    def restart_plan(self, at: datetime) -> list[Effect | PlanEffect]:
        """Start the plan again at night 1, from the night under way or the coming one."""
        return self._run_plan(at, _restart_plan)

    def end_plan(self, at: datetime) -> list[Effect | PlanEffect]:
        """End the plan: from the next waking the configured waits apply, as without one."""
        return self._run_plan(at, _end_plan)

    def _run_plan(self, at: datetime, change: _Change) -> list[Effect | PlanEffect]:
        main = self._run(at, change)
        return [*main, *self.take_plan_effects()]

    def _run_day(self, at: datetime, change: _Change) -> list[Effect | DayEffect]:
        # Day effects come back with the rest, in the order they happened.
        return cast("list[Effect | DayEffect]", self._run(at, change, with_day=True))

    def _run(self, at: datetime, change: _Change | None, *, with_day: bool = False) -> list[Effect]:
        """Fire the timers due by ``at``, then apply ``change`` at ``at``.

        Returns the effects besides plan effects and (unless ``with_day``) day effects,
        which are kept to be taken. The steps in between leave ``clock`` alone (they are
        told the time instead); it moves once, at the end.
        """
        if at.tzinfo is not UTC:
            at = _as_utc(at)
        config, state, upcoming = self._config, self._state, self._upcoming
        if at < state.clock:
            raise InputError(
                "time_went_backwards", at=at.isoformat(), clock=state.clock.isoformat()
            )
        effects: _Effects = []
        if upcoming is not None and upcoming.at <= at:
            state, effects, upcoming = _fire_timers(config, state, state.clock, at, upcoming)
        if change is not None:
            state, changed = _step(config, state, at, change)
            effects += changed
            upcoming = _next_timer(config, state, at)
            if upcoming is not None and upcoming.at <= at:
                state, fired, upcoming = _fire_timers(config, state, at, at, upcoming)
                effects += fired
        before = self._state
        self._state = state if state.clock == at else _copy(state, clock=at)
        self._upcoming = upcoming
        # Only a plan makes plan effects, and every day effect changes the day's memory;
        # without either the list is returned as it is.
        planned = state.plan is not None or before.plan is not None
        if not planned and (with_day or state.day is before.day):
            return cast("list[Effect]", effects)
        main: list[Effect | DayEffect] = []
        for effect in effects:
            if isinstance(effect, _PLAN_EFFECTS):
                self._plan_effects.append(effect)
            elif not with_day and isinstance(effect, _DAY_EFFECTS):
                self._day_effects.append(effect)
            else:
                main.append(effect)
        if len(self._day_effects) > DAY_EFFECTS_KEPT:
            del self._day_effects[:-DAY_EFFECTS_KEPT]
        # Day effects are left in only when asked for.
        return cast("list[Effect]", main)


_PLAN_EFFECTS = (PlanNightStarted, PlanFinished)
_DAY_EFFECTS = (NapStarted, NapEnded, SleepWindowOpened)
DAY_EFFECTS_KEPT = 100
"""Day effects kept for ``take_day_effects``; a shell that never takes them loses the oldest."""


class _Keep(Enum):
    """Leaves a field as it is, where ``None`` is a value the field can take."""

    KEEP = auto()


_KEEP = _Keep.KEEP


def _copy(
    state: CoachState,
    *,
    clock: datetime | None = None,
    night: date | _Keep | None = _KEEP,
    signal: Signal | None = None,
    signal_since: datetime | None = None,
    parent_present: bool | None = None,
    needs: Mapping[str, NeedRecord] | None = None,
    episode: OpenEpisode | _Keep | None = _KEEP,
    history: tuple[Episode, ...] | None = None,
    plan: PlanProgress | _Keep | None = _KEEP,
    day: DayState | None = None,
) -> CoachState:
    """Return ``state`` with the given fields changed, as ``dataclasses.replace`` would.

    ``replace`` looks up every field on each call; the coach copies its state several times
    per input, so this spells the copy out.
    """
    return CoachState(
        clock=state.clock if clock is None else clock,
        started=state.started,
        night=state.night if night is _KEEP else night,
        signal=state.signal if signal is None else signal,
        signal_since=state.signal_since if signal_since is None else signal_since,
        parent_present=state.parent_present if parent_present is None else parent_present,
        needs=state.needs if needs is None else needs,
        episode=state.episode if episode is _KEEP else episode,
        history=state.history if history is None else history,
        plan=state.plan if plan is _KEEP else plan,
        day=state.day if day is None else day,
    )


def _copy_day(
    day: DayState,
    *,
    nap: OpenNap | _Keep | None = _KEEP,
    naps: tuple[Nap, ...] | None = None,
    awake_since: datetime | _Keep | None = _KEEP,
    window_announced: datetime | _Keep | None = _KEEP,
) -> DayState:
    """Return ``day`` with the given fields changed, as ``_copy`` does for the state."""
    return DayState(
        nap=day.nap if nap is _KEEP else nap,
        naps=day.naps if naps is None else naps,
        awake_since=day.awake_since if awake_since is _KEEP else awake_since,
        window_announced=(day.window_announced if window_announced is _KEEP else window_announced),
    )


def _copy_episode(
    episode: OpenEpisode,
    *,
    phase: Mode | None = None,
    reasons: tuple[str, ...] | None = None,
    alert_reasons: tuple[str, ...] | None = None,
    wait_started: datetime | _Keep | None = _KEEP,
    deadline: datetime | _Keep | None = _KEEP,
    waits_used: int | None = None,
    counted_cry: timedelta | None = None,
    check_ins: int | None = None,
    outcome_on_arrival: Outcome | _Keep | None = _KEEP,
    alerted: bool | None = None,
    kind: EpisodeKind | None = None,
) -> OpenEpisode:
    """Return ``episode`` with the given fields changed, as ``_copy`` does for the state."""
    return OpenEpisode(
        night=episode.night,
        start=episode.start,
        phase=episode.phase if phase is None else phase,
        reasons=episode.reasons if reasons is None else reasons,
        alert_reasons=episode.alert_reasons if alert_reasons is None else alert_reasons,
        wait_started=episode.wait_started if wait_started is _KEEP else wait_started,
        deadline=episode.deadline if deadline is _KEEP else deadline,
        waits_used=episode.waits_used if waits_used is None else waits_used,
        counted_cry=episode.counted_cry if counted_cry is None else counted_cry,
        concern_after=episode.concern_after,
        check_ins=episode.check_ins if check_ins is None else check_ins,
        outcome_on_arrival=(
            episode.outcome_on_arrival if outcome_on_arrival is _KEEP else outcome_on_arrival
        ),
        alerted=episode.alerted if alerted is None else alerted,
        kind=episode.kind if kind is None else kind,
    )


def read_state(data: Mapping[str, object], config: ChildConfig) -> CoachState:
    """Read a state stored by ``CoachState.to_dict`` for a coach of ``config``.

    Episodes older than any figure, baseline or trend can use (see ``Coach``) are skipped
    unread. Raises ``StateError`` for anything malformed.
    """
    without_history = CoachState.from_dict({**data, "history": []})
    return CoachState.from_dict(data, nights_from=_oldest_night_kept(config, without_history))


def _oldest_night_kept(config: ChildConfig, state: CoachState) -> date:
    night = latest_night_started(state.clock, config)
    if state.episode is not None:
        night = min(night, state.episode.night)
    return night - timedelta(days=BASELINE_NIGHTS)


def _tidy_history(config: ChildConfig, state: CoachState) -> CoachState:
    """Keep the episodes the baseline and the trend need, in time order.

    ``_close_episode`` keeps it so from then on, appending each episode as it settles and
    dropping the oldest nights; a stored state (or an older release's) may hold more.
    """
    oldest = _oldest_night_kept(config, state)
    kept = sorted(
        (episode for episode in state.history if episode.night >= oldest), key=_time_order
    )
    oldest_day = _coming_night(config, state, state.clock) - ONE_DAY * BASELINE_NIGHTS
    known = state.day.naps
    naps = sorted((nap for nap in known if nap.day >= oldest_day), key=_nap_order)
    if (
        len(kept) == len(state.history)
        and all(map(operator.is_, kept, state.history))
        and len(naps) == len(known)
        and all(map(operator.is_, naps, known))
    ):
        return state
    return _copy(state, history=tuple(kept), day=_copy_day(state.day, naps=tuple(naps)))


def _time_order(episode: Episode) -> tuple[date, datetime]:
    return episode.night, episode.start


def _nap_order(nap: Nap) -> datetime:
    return nap.start


def status_of(state: CoachState) -> Status:
    """Return what the coach shows for ``state``."""
    episode = state.episode
    mode = _mode(state)
    nap = state.day.nap
    nap_start, nap_asleep = (None, None) if nap is None else (nap.start, nap.asleep)
    if episode is None:
        reasons = (Reason.SOURCE_UNAVAILABLE.value,) if mode is Mode.NEEDS_ATTENTION else ()
        return Status(mode, reasons, None, None, None, state.night, nap_start, nap_asleep)
    waiting = mode in {Mode.SELF_SOOTHING, Mode.CHECK_IN_DUE}
    return Status(
        mode=mode,
        reasons=episode.alert_reasons if mode is Mode.NEEDS_ATTENTION else (),
        wait_started=episode.wait_started if waiting else None,
        deadline=episode.deadline if waiting else None,
        episode_start=episode.start,
        night=state.night,
        nap_start=nap_start,
        nap_asleep=nap_asleep,
    )


def cry_time(state: CoachState, at: datetime) -> timedelta:
    """Return how long the baby has cried in the open episode up to ``at``."""
    episode = state.episode
    return timedelta(0) if episode is None else _cried(state, episode, at)


def _cried(state: CoachState, episode: OpenEpisode, at: datetime) -> timedelta:
    if state.signal is Signal.CRYING:
        return episode.counted_cry + at - max(state.signal_since, episode.start)
    return episode.counted_cry


def attention_reasons(config: ChildConfig, state: CoachState, at: datetime) -> tuple[str, ...]:
    """Return why a parent should go now, or nothing if a self-soothe wait is fine."""
    return _attention(config, state, state.episode, at)


def _attention(
    config: ChildConfig, state: CoachState, episode: OpenEpisode | None, at: datetime
) -> tuple[str, ...]:
    """Return ``attention_reasons`` as if ``episode`` were the state's open episode."""
    reasons = unmet_needs(config.needs, state.needs, at)
    if config.age_needs_attention(at):
        reasons += (Reason.AGE.value,)
    if (
        episode
        and episode.concern_after is not None
        and _cried(state, episode, at) >= episode.concern_after
    ):
        reasons += (Reason.CONCERN.value,)
    if state.signal is Signal.UNKNOWN:
        reasons += (Reason.SOURCE_UNAVAILABLE.value,)
    return reasons


def _as_utc(at: datetime) -> datetime:
    if at.utcoffset() is None:
        raise InputError("time_not_aware", at=at.isoformat())
    return at.astimezone(UTC)


def _mode(state: CoachState) -> Mode:
    episode = state.episode
    if episode is not None:
        return Mode.ATTENDING if state.parent_present else episode.phase
    # A nap is coached as a night is.
    if state.night is None and state.day.nap is None:
        return Mode.DAYTIME
    if state.parent_present:
        return Mode.ATTENDING
    if state.signal is Signal.UNKNOWN:
        return Mode.NEEDS_ATTENTION
    return Mode.IDLE


# Each step compares the mode it leaves with the mode it reaches; the effects that announce a
# wait, a check-in or an alert come from that comparison, so no path can skip them. (A new
# wait always follows another mode: idle before an episode, attending before a parent left.)
def _step(
    config: ChildConfig, state: CoachState, at: datetime, change: _Change
) -> tuple[CoachState, _Effects]:
    before = _mode(state)
    state, effects = change(config, state, at)
    mode = _mode(state)
    if mode is Mode.SELF_SOOTHING and state.episode is not None:
        # A wait that begins in this step has just passed the checklist at this very
        # instant (in _evaluate); one under way goes through it again.
        checked = before is not Mode.SELF_SOOTHING
        ruled = _apply_rules(config, state, state.episode, at, checked=checked)
        if ruled is not state:
            state, mode = ruled, _mode(ruled)
    if mode is before or mode not in _ANNOUNCED:
        return state, effects
    return state, [*effects, _announcement(status_of(state), at)]


# The modes whose start is announced: the ones that ask something of the parent.
_ANNOUNCED = frozenset({Mode.SELF_SOOTHING, Mode.CHECK_IN_DUE, Mode.NEEDS_ATTENTION})


def _announcement(after: Status, at: datetime) -> Effect:
    """Return the effect announcing ``after``'s mode, one of ``_ANNOUNCED``."""
    # A wait and the check-in after it always have both times; a wait without them would
    # fail toward attention.
    if after.mode is Mode.NEEDS_ATTENTION or after.wait_started is None or after.deadline is None:
        return NeedsAttention(at, after.reasons)
    if after.mode is Mode.CHECK_IN_DUE:
        return CheckInDue(at, after.deadline)
    return SelfSootheStarted(at, after.wait_started, after.deadline)


# Escalation happens only during a self-soothe wait, the one state in which the coach tells
# the parent to hold back; every other state already sends (or has) a parent.
def _apply_rules(
    config: ChildConfig, state: CoachState, episode: OpenEpisode, at: datetime, *, checked: bool
) -> CoachState:
    """Escalate the self-soothe wait of ``episode`` (the state's) if it must not go on.

    ``checked`` says the checklist has already passed at ``at``; a deadline still counts (a
    wait started late, after a restart, may be over as it begins).
    """
    reasons = () if checked else _attention(config, state, episode, at)
    if reasons:
        return _copy(state, episode=_alert(episode, reasons))
    if state.signal is Signal.CRYING and episode.deadline and at >= episode.deadline:
        return _copy(state, episode=_copy_episode(episode, phase=Mode.CHECK_IN_DUE, alerted=True))
    return state


def _alert(episode: OpenEpisode, reasons: tuple[str, ...]) -> OpenEpisode:
    return _copy_episode(
        episode,
        phase=Mode.NEEDS_ATTENTION,
        reasons=episode.reasons + tuple(r for r in reasons if r not in episode.reasons),
        alert_reasons=reasons,
        wait_started=None,
        deadline=None,
        alerted=True,
    )


def _evaluate(
    config: ChildConfig, state: CoachState, episode: OpenEpisode, at: datetime, anchor: datetime
) -> OpenEpisode:
    """Run the checklist: alert for any reason, else start the episode's next wait."""
    reasons = _attention(config, state, episode, at)
    if reasons:
        return _alert(episode, reasons)
    return _copy_episode(
        episode,
        phase=Mode.SELF_SOOTHING,
        alert_reasons=(),
        wait_started=anchor,
        deadline=anchor + _wait(config, state, episode),
        waits_used=episode.waits_used + 1,
    )


def _wait(config: ChildConfig, state: CoachState, episode: OpenEpisode) -> timedelta:
    """Return the length of the episode's next wait: tonight's plan night's, or the config's.

    In a nap: the nap waits, or for a plan with a table of waits (graduated, custom) the
    waits of the plan night that follows the day, each no longer than the nap cap.
    """
    progress = state.plan
    if episode.kind is not EpisodeKind.NIGHT:
        if (
            progress is None
            or not progress.applies(episode.night)
            or progress.plan.method not in _TABLE_METHODS
        ):
            return config.nap_wait(episode.waits_used)
        waits = progress.plan.waits(progress.number, config)
        return min(waits[min(episode.waits_used, len(waits) - 1)], config.nap_limit)
    if progress is None or not progress.applies(episode.night):
        return config.wait(episode.waits_used)
    waits = progress.plan.waits(progress.number, config)
    return waits[min(episode.waits_used, len(waits) - 1)]


# Plans whose waits come from a table of their own; the others give the configured waits,
# which in a nap are the nap waits.
_TABLE_METHODS = frozenset({Method.GRADUATED, Method.CUSTOM})


def _present_as_planned(state: CoachState, episode: OpenEpisode) -> bool:
    """Tell whether a parent in the nursery is there as tonight's gradual retreat plans.

    Only while the episode asks nothing of a parent (a self-soothe wait): with an alert,
    a parent in the room attends as on any night.
    """
    progress = state.plan
    return (
        progress is not None
        and episode.phase is Mode.SELF_SOOTHING
        and progress.applies(episode.night)
        and progress.plan.position(progress.number) in IN_ROOM
    )


def _arrival_outcome(episode: OpenEpisode) -> Outcome:
    if episode.phase is Mode.SELF_SOOTHING:
        return Outcome.EARLY_INTERVENTION
    if episode.phase is Mode.CHECK_IN_DUE:
        return Outcome.SETTLED_AFTER_CHECK_IN
    if all(reason in CONCERN_REASONS for reason in episode.alert_reasons):
        return Outcome.ATTENDED_CONCERN
    return Outcome.ATTENDED_NEED


def _visited(episode: OpenEpisode) -> OpenEpisode:
    return _copy_episode(
        episode,
        check_ins=episode.check_ins + 1,
        outcome_on_arrival=episode.outcome_on_arrival or _arrival_outcome(episode),
    )


# Inputs -------------------------------------------------------------------------------------


def _set_signal(
    signal: Signal, _config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    if signal is state.signal:
        return state, []
    episode = state.episode
    if episode is not None and state.signal is Signal.CRYING:
        # The cry that ends here is added up; a quiet or unheard spell adds nothing.
        episode = _copy_episode(episode, counted_cry=_cried(state, episode, at))
    # With the clock moved here too, _run has no other copy to make.
    return _copy(state, clock=at, signal=signal, signal_since=at, episode=episode), []


# One change per signal, made once: a cry source reports all night.
_HEAR: dict[Signal, _Change] = {signal: partial(_set_signal, signal) for signal in Signal}


def _record_need(
    name: str,
    _config: ChildConfig,
    state: CoachState,
    _at: datetime,
    *,
    met: bool,
    confirmed: datetime,
) -> tuple[CoachState, _Effects]:
    needs = {**state.needs, name: NeedRecord(met=met, at=confirmed)}
    return _copy(state, needs=needs), []


def _parent_arrived(
    _config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    if state.parent_present:
        return state, []
    episode = state.episode
    if episode is not None and not _present_as_planned(state, episode):
        episode = _visited(episode)
    return _copy(state, parent_present=True, episode=episode), [ParentArrived(at)]


def _parent_left(
    config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    if not state.parent_present:
        return state, []
    state = _copy(state, parent_present=False)
    if state.episode is not None:
        state = _copy(state, episode=_evaluate(config, state, state.episode, at, anchor=at))
    return state, [ParentLeft(at)]


def _more_time(config: ChildConfig, state: CoachState, at: datetime) -> tuple[CoachState, _Effects]:
    if state.episode is None or _mode(state) is not Mode.CHECK_IN_DUE:
        return state, []
    return _copy(state, episode=_evaluate(config, state, state.episode, at, anchor=at)), []


def _finish(config: ChildConfig, state: CoachState, at: datetime) -> tuple[CoachState, _Effects]:
    effects: _Effects = []
    if state.day.nap is not None:
        state, effects = _end_nap(NapEnd.ENDED, config, state, at)
    elif state.episode is not None:
        state, effects = _close_open_episode(config, state, at)
    # Past the end of the log the coach hears nothing, so no new episode can start.
    return _copy(state, signal=Signal.UNKNOWN, signal_since=at), effects


def _close_open_episode(
    config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    """End the open episode now: at the start of its final quiet, or at ``at`` if not quiet."""
    episode = state.episode
    if episode is None:
        return state, []
    end = state.signal_since if state.signal is Signal.QUIET else at
    return _close_episode(episode, end, config, state, at)


# Naps ---------------------------------------------------------------------------------------


def _nap_started(
    config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    known = state.day
    if state.night is not None or known.nap is not None:
        return state, []
    day = day_of(at, config)
    nap = OpenNap(day=day, start=at, awake_since=known.awake_since, asleep=None, episodes=())
    # A nap started before its window opened uses the window up: it is not announced later.
    known = _copy_day(known, nap=nap, window_announced=known.awake_since)
    return _copy(state, day=known), [NapStarted(at, day)]


def _end_nap(
    ended_by: NapEnd, config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    """End the nap under way at ``at`` (with the episode still open, if any)."""
    nap = state.day.nap
    if nap is None:
        return state, []
    state, effects = _close_open_episode(config, state, at)
    closed = state.day.nap
    if closed is not nap:
        # The episode is kept; its end is the nap's end, not falling asleep.
        assert closed is not None  # noqa: S101 - closing an episode keeps the nap
        nap = _copy_nap(nap, episodes=closed.episodes)
    finished = finish_nap(nap, at, ended_by)
    # A nap the baby never fell asleep in leaves it awake since when it was before.
    awake_since = at if finished.asleep is not None else state.day.awake_since
    day = _copy_day(state.day, nap=None, naps=_kept_naps(state, finished), awake_since=awake_since)
    return _copy(state, day=day), [*effects, NapEnded(at, finished)]


def _kept_naps(state: CoachState, finished: Nap) -> tuple[Nap, ...]:
    """Return the finished naps with ``finished``, dropping those no figure needs."""
    oldest = finished.day - ONE_DAY * BASELINE_NIGHTS
    naps = state.day.naps
    if naps and naps[0].day < oldest:
        naps = tuple(kept for kept in naps if kept.day >= oldest)
    return (*naps, finished)


def _fall_asleep(
    asleep: datetime, _config: ChildConfig, state: CoachState, _at: datetime
) -> tuple[CoachState, _Effects]:
    nap = state.day.nap
    assert nap is not None  # noqa: S101 - only scheduled during a nap
    return _copy(state, day=_copy_day(state.day, nap=_copy_nap(nap, asleep=asleep))), []


def _copy_nap(
    nap: OpenNap, *, asleep: datetime | None = None, episodes: tuple[Episode, ...] | None = None
) -> OpenNap:
    return OpenNap(
        day=nap.day,
        start=nap.start,
        awake_since=nap.awake_since,
        asleep=nap.asleep if asleep is None else asleep,
        episodes=nap.episodes if episodes is None else episodes,
    )


def _open_window(
    window: SleepWindow, _config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    effect = SleepWindowOpened(
        at, window.awake_since, window.earliest, window.latest, learned=window.learned
    )
    return _copy(state, day=_copy_day(state.day, window_announced=window.awake_since)), [effect]


# Timers -------------------------------------------------------------------------------------


class _Timer(NamedTuple):
    # A named tuple: one is made on every input, and it builds several times faster.
    at: datetime
    fire: _Change


def _fire_timers(
    config: ChildConfig, state: CoachState, now: datetime, until: datetime, timer: _Timer | None
) -> tuple[CoachState, _Effects, _Timer | None]:
    """Fire, in order, the timers due by ``until``, starting with ``timer`` (the first).

    ``now`` is the time of the last step. Returns the state, the effects and the first
    timer not yet due.
    """
    effects: _Effects = []
    while timer is not None and timer.at <= until:
        now = max(timer.at, now)
        state, fired = _step(config, state, now, timer.fire)
        effects += fired
        timer = _next_timer(config, state, now)
    return state, effects, timer


def _next_timer(config: ChildConfig, state: CoachState, now: datetime) -> _Timer | None:
    """Return the first timer of ``state``; ``now`` is the time of the last step.

    At equal times the first in this order fires first: a cry becoming an episode, the
    episode settling (or the baby falling asleep), a recheck of the rules, the longest nap,
    the night starting or ending, the sleep window opening.
    """
    night = state.night
    episode = state.episode
    if episode is None and night is not None:
        if state.signal is Signal.CRYING:
            # Crying already under way when the night begins counts from the window's start.
            cry_start = max(state.signal_since, night_window(night, config)[0])
            return _Timer(cry_start + config.min_cry, partial(_start_episode, night, cry_start))
        # A night with an open (or just starting) episode ends when that episode does.
        return _Timer(night_window(night, config)[1], partial(_end_night, night))
    first = None
    if episode is not None:
        settle = state.signal_since + config.settle if state.signal is Signal.QUIET else None
        recheck = _next_recheck(config, state, now)
        if settle is not None and (recheck is None or settle <= recheck):
            first = _Timer(settle, partial(_close_episode, episode, state.signal_since))
        elif recheck is not None:
            first = _Timer(recheck, _recheck)
    elif state.day.nap is not None:
        first = _nap_timer(config, state, state.day.nap)
    if night is None:
        night_start = _next_night_start(config, now)
        if first is None or night_start.at < first.at:
            first = night_start
        if state.day.nap is None and episode is None:
            window = _window_timer(config, state)
            if window is not None and window.at < first.at:
                first = window
    return first


def _nap_timer(config: ChildConfig, state: CoachState, nap: OpenNap) -> _Timer:
    """Return the first timer of a nap without an open episode.

    Crying becomes an episode, as at night; quiet that lasts the settle time before the baby
    first fell asleep is falling asleep. A nap still under way at the longest nap ends (one
    with an open episode then ends when that episode does).
    """
    heard_from = max(state.signal_since, nap.start)
    longest = nap.start + config.longest_nap
    first = None
    if state.signal is Signal.CRYING:
        kind = EpisodeKind.FALLING_ASLEEP if nap.asleep is None else EpisodeKind.NAP_WAKING
        first = _Timer(
            heard_from + config.min_cry,
            partial(_start_episode, nap.day, heard_from, kind=kind),
        )
    elif state.signal is Signal.QUIET and nap.asleep is None:
        first = _Timer(heard_from + config.settle, partial(_fall_asleep, heard_from))
    if first is None or longest < first.at:
        first = _Timer(longest, partial(_end_nap, NapEnd.LONGEST_NAP))
    return first


def _window_timer(config: ChildConfig, state: CoachState) -> _Timer | None:
    """Return when the next sleep window opens, unless it has been announced (or used)."""
    known = state.day
    awake = known.awake_since
    if awake is None or known.window_announced == awake:
        return None
    window = sleep_window(config, awake, known.naps, state.started)
    if window is None:
        return None
    return _Timer(window.earliest, partial(_open_window, window))


def _next_night_start(config: ChildConfig, clock: datetime) -> _Timer:
    current = night_of(clock, config)
    if current is not None:
        # Only after an episode that outlasted the day: the next night is already under way.
        return _Timer(clock, partial(_begin_night, current))
    coming = latest_night_started(clock, config) + timedelta(days=1)
    return _Timer(night_window(coming, config)[0], partial(_begin_night, coming))


def _next_recheck(config: ChildConfig, state: CoachState, now: datetime) -> datetime | None:
    """Return the next instant a self-soothe wait may have to escalate or become due."""
    episode = state.episode
    if episode is None or _mode(state) is not Mode.SELF_SOOTHING:
        return None
    first = None
    for need in config.needs:
        expiry = expires_at(need, state.needs.get(need.name))
        if expiry is not None and (first is None or expiry < first):
            first = expiry
    if state.signal is Signal.CRYING:
        deadline = episode.deadline
        if deadline is not None and (first is None or deadline < first):
            first = deadline
        if episode.concern_after is not None:
            # The moment this episode's cry time reaches the threshold, if crying goes on.
            concern = now + episode.concern_after - _cried(state, episode, now)
            if first is None or concern < first:
                first = concern
    return first


def _start_episode(
    night: date,
    start: datetime,
    config: ChildConfig,
    state: CoachState,
    at: datetime,
    *,
    kind: EpisodeKind = EpisodeKind.NIGHT,
) -> tuple[CoachState, _Effects]:
    # A nap's episode has the concern threshold of the night that follows its day.
    baseline = tonight_baseline(state.history, night)
    episode = OpenEpisode(
        night=night,
        start=start,
        phase=Mode.SELF_SOOTHING,
        reasons=(),
        alert_reasons=(),
        wait_started=None,
        deadline=None,
        waits_used=0,
        counted_cry=timedelta(0),
        concern_after=None if baseline is None else baseline.threshold,
        check_ins=0,
        outcome_on_arrival=None,
        alerted=False,
        kind=kind,
    )
    episode = _evaluate(config, state, episode, at, anchor=start)
    if state.parent_present and not _present_as_planned(state, episode):
        # A parent already in the nursery counts as arriving when the episode starts.
        episode = _visited(episode)
    return _copy(state, episode=episode), [EpisodeStarted(at, start, night)]


def _recheck(_config: ChildConfig, state: CoachState, _at: datetime) -> tuple[CoachState, _Effects]:
    # The rules that run after every step do the work: a deadline, a concern threshold or a
    # need's expiry is just a moment at which they must run.
    return state, []


def _begin_night(
    night: date, config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    effects: _Effects = []
    if state.day.nap is not None:
        state, effects = _nap_becomes_night(state, at)
    effects.append(NightStarted(at, night))
    progress = state.plan
    if progress is not None and progress.applies(night) and not progress.finished:
        effects.append(PlanNightStarted(at, night, plan_night(progress, config)))
    return _copy(state, night=night), effects


def _end_night(
    night: date, _config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    effects: _Effects = [NightEnded(at, night)]
    progress = state.plan
    # The baby is awake from the end of the night (a waking may have kept it open).
    if progress is None:
        return _copy(state, night=None, day=_copy_day(state.day, awake_since=at)), effects
    went_to_plan = not any(
        episode.night == night and episode.outcome is Outcome.EARLY_INTERVENTION
        for episode in state.history
    )
    progress, finished = advance(progress, night, went_to_plan=went_to_plan)
    if finished:
        effects.append(PlanFinished(at, night, progress.plan.method, progress.plan.nights))
    day = _copy_day(state.day, awake_since=at)
    return _copy(state, night=None, plan=progress, day=day), effects


def _nap_becomes_night(state: CoachState, at: datetime) -> tuple[CoachState, _Effects]:
    """End the nap under way as the night begins; the night takes over an open episode.

    The episode is then the night's (its ``night`` is the nap's day, which is tonight), so
    it is counted once, in the night, and coached on without a break.
    """
    nap = state.day.nap
    assert nap is not None  # noqa: S101 - only called during a nap
    episode = state.episode
    if episode is not None:
        finished = finish_nap(nap, at, NapEnd.NIGHT, night_took=episode.start)
        state = _copy(state, episode=_copy_episode(episode, kind=EpisodeKind.NIGHT))
    else:
        finished = finish_nap(nap, at, NapEnd.NIGHT)
    day = _copy_day(state.day, nap=None, naps=_kept_naps(state, finished))
    return _copy(state, day=day), [NapEnded(at, finished)]


# Plan inputs --------------------------------------------------------------------------------


def _coming_night(config: ChildConfig, state: CoachState, at: datetime) -> date:
    """Return the night under way, or in daytime the coming one."""
    if state.night is not None:
        return state.night
    return latest_night_started(at, config) + timedelta(days=1)


def _tonight_effects(config: ChildConfig, state: CoachState, at: datetime) -> _Effects:
    """Announce the plan night if one is under way and coached by the plan."""
    progress, night = state.plan, state.night
    if progress is None or night is None or not progress.applies(night) or progress.finished:
        return []
    return [PlanNightStarted(at, night, plan_night(progress, config))]


def _start_plan(
    plan: Plan, config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    coming = _coming_night(config, state, at)
    if plan.first_night < coming:
        raise InputError(
            "plan_start_over", night=plan.first_night.isoformat(), earliest=coming.isoformat()
        )
    state = _copy(state, plan=begin(plan))
    return state, _tonight_effects(config, state, at)


def _pause_plan(
    config: ChildConfig, state: CoachState, at: datetime, *, paused: bool
) -> tuple[CoachState, _Effects]:
    progress = state.plan
    if progress is None or progress.paused is paused:
        return state, []
    state = _copy(state, plan=set_paused(progress, paused=paused))
    return state, [] if paused else _tonight_effects(config, state, at)


def _repeat_plan_night(
    config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    if state.plan is None:
        return state, []
    return _copy(state, plan=repeat(state.plan)), []


def _restart_plan(
    config: ChildConfig, state: CoachState, at: datetime
) -> tuple[CoachState, _Effects]:
    if state.plan is None:
        return state, []
    plan = state.plan.plan
    first = _coming_night(config, state, at)
    restarted = Plan(plan.method, first, plan.table, plan.advance_only_to_plan)
    state = _copy(state, plan=begin(restarted))
    return state, _tonight_effects(config, state, at)


def _end_plan(
    _config: ChildConfig, state: CoachState, _at: datetime
) -> tuple[CoachState, _Effects]:
    return _copy(state, plan=None), []


def _close_episode(
    open_episode: OpenEpisode,
    end: datetime,
    _config: ChildConfig,
    state: CoachState,
    at: datetime,
) -> tuple[CoachState, _Effects]:
    """End ``open_episode`` (the state's) at ``end``, as decided at ``at``."""
    if open_episode.outcome_on_arrival is not None:
        outcome = open_episode.outcome_on_arrival
    elif open_episode.alerted:
        outcome = Outcome.SETTLED_BEFORE_PARENT
    else:
        outcome = Outcome.SELF_SOOTHED
    episode = Episode(
        night=open_episode.night,
        start=open_episode.start,
        end=end,
        outcome=outcome,
        reasons=open_episode.reasons,
        cry_time=cry_time(state, end),
        check_ins=open_episode.check_ins,
        kind=open_episode.kind,
    )
    nap = state.day.nap
    if open_episode.kind is not EpisodeKind.NIGHT and nap is not None:
        # A nap's episode stays with its nap; crying while falling asleep ends in sleep.
        asleep = end if nap.asleep is None else nap.asleep
        nap = _copy_nap(nap, asleep=asleep, episodes=(*nap.episodes, episode))
        return _copy(state, episode=None, day=_copy_day(state.day, nap=nap)), [Settled(at, episode)]
    # Keep what the baseline (14 nights before tonight) and the trend (14 nights) need.
    # The history is in time order (see _tidy_history), so it is filtered only once its
    # first night is too old.
    oldest = episode.night - timedelta(days=BASELINE_NIGHTS)
    history = state.history
    if history and history[0].night < oldest:
        history = tuple(kept for kept in history if kept.night >= oldest)
    return _copy(state, episode=None, history=(*history, episode)), [Settled(at, episode)]
