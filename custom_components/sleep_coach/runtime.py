"""The running coach of one child: Home Assistant in, the coaching core, entities out.

`ChildCoach` is the imperative shell around the pure core. It subscribes to the cry sources,
needs entities and presence entities, translates their states into the core's timestamped
inputs, schedules the core's next wake-up at an absolute UTC time, stores the core's state
and tells the entities when anything changed. It makes no coaching decision itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
    split_entity_id,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from .coach import (
    Coach,
    CoachError,
    ConfigError,
    DayEffect,
    Effect,
    InputError,
    NapEnded,
    NapStarted,
    NeedStatus,
    NightReport,
    Plan,
    PlanEffect,
    PlanNight,
    PlanNightFigures,
    PlanProgress,
    SleepWindowOpened,
    Status,
    checklist,
    episode_json,
    latest_night_started,
    night_json,
    night_of,
    plan_figures,
    plan_night,
)
from .const import (
    ATTR_CHILD,
    ATTR_DIARY,
    ATTR_ENTRY_ID,
    ATTR_TYPE,
    DOMAIN,
    EVENT_TRANSITION,
)
from .inputs import (
    EVENT_DOMAIN,
    CryReading,
    combine_cry_readings,
    read_cry_event,
    read_cry_source,
    read_need_entity,
    read_presence,
)
from .store import SAVE_DELAY_S, CoachRecord, CoachStore, StoredCoach
from .timeline import Mark, marks_of, recent
from .transitions import diary_line, effect_data

if TYPE_CHECKING:
    from .settings import ChildSettings
    from .words import Words

_LOGGER = logging.getLogger(__name__)

# An event entity reports a cry as a moment; the crying is taken to go on this long after
# the last cry event, which covers monitors that repeat sound events every 5 to 60 s.
EVENT_CRY_HOLD: Final = timedelta(seconds=75)

type AnyEffect = Effect | PlanEffect | DayEffect
# Day effects (naps and sleep windows) put no mark on the night's timeline.
DAY_EFFECTS: Final = (NapStarted, NapEnded, SleepWindowOpened)

# How entities learn of a change of the coach (decision 0013): every entity follows the
# coach through `ChildCoach.async_listen_entity`. The entities named here are written at
# once, within the input that changed them: the coach's state is what a parent's
# automations act on. The others are written just after, with the transition events, the
# store and the next wake-up, once for all of an event loop turn's inputs.
WRITTEN_AT_ONCE: Final = frozenset({"coach_state"})


class PlanChange(StrEnum):
    """What a family may do to a running plan; each is an action of the same name."""

    PAUSE = "pause_plan"
    """Illness, travel, a night off: paused nights do not advance the plan."""
    RESUME = "resume_plan"
    REPEAT_NIGHT = "repeat_plan_night"
    """Play the last plan night that is over once more."""
    RESTART = "restart_plan"
    """Night 1 again, from tonight or the coming night."""
    END = "end_plan"
    """The configured waits apply again."""


PLAN_CHANGES: Final[Mapping[PlanChange, Callable[[Coach, datetime], Sequence[AnyEffect]]]] = {
    PlanChange.PAUSE: Coach.pause_plan,
    PlanChange.RESUME: Coach.resume_plan,
    PlanChange.REPEAT_NIGHT: Coach.repeat_plan_night,
    PlanChange.RESTART: Coach.restart_plan,
    PlanChange.END: Coach.end_plan,
}

type StatusListener = Callable[[], None]
type EffectListener = Callable[[AnyEffect], None]


class ChildCoach:
    """The coach of one child inside Home Assistant."""

    def __init__(
        self,
        hass: HomeAssistant,
        *,
        entry_id: str,
        child_name: str,
        settings: ChildSettings,
        words: Words,
        store: CoachStore,
        record: CoachRecord | None,
    ) -> None:
        """Prepare the coach; `async_start` starts listening."""
        self.hass = hass
        self.entry_id = entry_id
        self.child_name = child_name
        self.settings = settings
        self.words = words
        self.config = config = settings.config
        self._store = store
        now = dt_util.utcnow()
        self.coach = Coach.start(config, now) if record is None else Coach(config, record.state)
        self.timeline: list[Mark] = [] if record is None else record.timeline
        self.statistics_through: date | None = None if record is None else record.statistics_through
        self._cry = CryReading.UNKNOWN
        self._event_cry_until: dict[str, datetime] = {}
        self._headline_listeners: list[StatusListener] = []
        self._status_listeners: list[StatusListener] = []
        self._unpublished: list[AnyEffect] = []
        self._publish_pending = False
        self._in_source_listener = False
        self._effect_listeners: list[EffectListener] = []
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._cancel_wakeup: CALLBACK_TYPE | None = None
        self._wakeup_at: datetime | None = None
        self._reports: tuple[tuple[object, ...], tuple[NightReport, ...]] | None = None
        self._plan_nights: (
            tuple[PlanProgress, tuple[NightReport, ...], tuple[PlanNightFigures, ...]] | None
        ) = None

    # Life cycle -------------------------------------------------------------------------

    @callback
    def async_start(self) -> None:
        """Catch up on time that passed while stopped, read every source, start listening.

        A deadline that passed while Home Assistant was down fires now, at its own time, so
        the alert is not lost; one still ahead is scheduled. The state is written back at
        once (a stored state from an older release, or with years of history, is tidied);
        set-up does not wait for the disk.
        """
        self._apply(self.coach.tick(self._now()))
        for need, entity_id in self.settings.need_entities.items():
            self._read_need(need, entity_id)
        self._read_presence()
        self._read_cry()
        self._read_sleep_state()
        self._unsubscribe.append(
            async_track_state_change_event(
                self.hass, self.settings.watched_entities, self._async_source_changed
            )
        )
        self._save_now()

    async def async_stop(self) -> None:
        """Stop listening and write the state."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        if self._publish_pending:
            self._publish()
        if self._cancel_wakeup is not None:
            self._cancel_wakeup()
            self._cancel_wakeup = None
        await self._store.async_save(self._stored())

    # What entities and services read and call ---------------------------------------------

    @property
    def status(self) -> Status:
        """Return what the coach shows right now."""
        return self.coach.status()

    @property
    def crying(self) -> bool:
        """Tell whether an episode is open and the baby is crying now (debounced)."""
        return self.coach.state.episode is not None and self._cry is CryReading.CRYING

    def checklist(self) -> dict[str, NeedStatus]:
        """Return where each need stands now."""
        return checklist(self.config.needs, self.coach.state.needs, self._now())

    def recent_nights(self) -> tuple[NightReport, ...]:
        """Return the core's reports of the recent nights, summarised once per history.

        Several entities ask on every change. The reports follow from the finished episodes
        (an immutable tuple, replaced when one is added or forgotten), when the coach started
        and which night started last, so most inputs leave them as they were.
        """
        state = self.coach.state
        # Compared with ==, which for the same history tuple is one pointer check.
        key = (state.history, state.started, latest_night_started(state.clock, self.config))
        if self._reports is None or self._reports[0] != key:
            self._reports = (key, self.coach.recent_nights())
        return self._reports[1]

    def tonight(self) -> NightReport | None:
        """Return the figures of the current (or, in daytime, the last) night."""
        reports = self.recent_nights()
        return reports[-1] if reports else None

    def nights_json(self, count: int) -> list[dict[str, object]]:
        """Return the latest `count` nights' figures as JSON-ready data, oldest first."""
        reports = self.recent_nights()[-count:]
        return [night_json(report, self.config.zone) for report in reports]

    def episodes_json(self, nights: Iterable[str]) -> list[dict[str, object]]:
        """Return the finished episodes of the given nights (ISO dates)."""
        wanted = set(nights)
        return [
            episode_json(episode, self.config.zone)
            for episode in self.coach.state.history
            if episode.night.isoformat() in wanted
        ]

    def statistics_written(self, night: date) -> None:
        """Remember that the nights up to `night` are in long-term statistics; store it."""
        self.statistics_through = night
        self._save_now()

    def log_need(self, need: str, *, met: bool, since: datetime | None = None) -> None:
        """Record a need confirmed (or explicitly unmet) by the family.

        An unknown need or a time in the future raises a translated
        `ServiceValidationError` (from a service, a button or a switch alike) and changes
        nothing.
        """
        try:
            effects = self.coach.need(self._now(), need, met=met, since=since)
        except InputError as err:
            raise self.refused(err) from err
        self._apply(effects)

    def refused(self, err: CoachError) -> ServiceValidationError:
        """Return the translated error for an input the core refused."""
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=err.code,
            translation_placeholders={
                "child": self.child_name,
                "needs": ", ".join(self.config.need_names),
                **err.placeholders,
            },
        )

    # The sleep-training plan ----------------------------------------------------------------

    @property
    def plan(self) -> PlanProgress | None:
        """Return the plan and where the child is in it, or None without a plan."""
        return self.coach.state.plan

    def tonight_plan(self) -> PlanNight | None:
        """Return the plan night under way (in daytime the coming one), or None."""
        progress = self.coach.state.plan
        return None if progress is None else plan_night(progress, self.config)

    def coached_plan_night(self) -> PlanNight | None:
        """Return tonight's plan night while the plan coaches the night under way."""
        progress, night = self.coach.state.plan, self.coach.state.night
        if progress is None or night is None or progress.finished or not progress.applies(night):
            return None
        return plan_night(progress, self.config)

    def plan_nights(self) -> tuple[PlanNightFigures, ...]:
        """Return how each recent plan night went, oldest first (once per plan and nights)."""
        progress = self.coach.state.plan
        if progress is None:
            return ()
        reports = self.recent_nights()
        memo = self._plan_nights
        if memo is None or memo[0] is not progress or memo[1] is not reports:
            figures = plan_figures(progress, [report.figures for report in reports])
            self._plan_nights = memo = (progress, reports, figures)
        return memo[2]

    def coming_night(self) -> date:
        """Return the night under way, or in daytime the coming one (a plan's earliest start)."""
        return self.coach.coming_night(self._now())

    def start_plan(self, plan: Plan) -> None:
        """Start `plan`, replacing any plan; a plan the core refuses raises a translated error."""
        try:
            effects = self.coach.start_plan(self._now(), plan)
        except (InputError, ConfigError) as err:
            raise self.refused(err) from err
        self._apply(effects)

    def change_plan(self, change: PlanChange) -> None:
        """Pause, resume, repeat a night of, restart or end the plan (see `PlanChange`)."""
        self._apply(PLAN_CHANGES[change](self.coach, self._now()))

    # Naps ----------------------------------------------------------------------------------

    @property
    def nap_under_way(self) -> bool:
        """Tell whether a nap is under way."""
        return self.coach.state.day.nap is not None

    def nap_started(self) -> None:
        """Record that a nap began; crying is coached from now on, as at night.

        In the night window the night's coaching is on already: a translated
        `ServiceValidationError`, and nothing changes. With a nap under way it changes
        nothing.
        """
        now = self._now()
        if self.coach.state.night is not None or night_of(now, self.config) is not None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="nap_at_night",
                translation_placeholders={"child": self.child_name},
            )
        self._apply(self.coach.nap_started(now))

    def nap_ended(self) -> None:
        """Record that the nap ended (an episode still open ends with it); else nothing."""
        self._apply(self.coach.nap_ended(self._now()))

    def parent_arrived(self) -> None:
        """Record a parent entering the nursery."""
        self._apply(self.coach.parent_arrived(self._now()))

    def parent_left(self) -> None:
        """Record a parent leaving the nursery."""
        self._apply(self.coach.parent_left(self._now()))

    def more_time(self) -> None:
        """Give the next wait after a check-in fell due, if every need is still met."""
        self._apply(self.coach.more_time(self._now()))

    @property
    def can_give_more_time(self) -> bool:
        """Tell whether a parent may give more time now (a check-in due, needs met)."""
        return self.coach.can_give_more_time()

    @callback
    def async_listen_entity(self, key: str, listener: StatusListener) -> CALLBACK_TYPE:
        """Call `listener` whenever what the entity `key` shows may have changed.

        Entities in `WRITTEN_AT_ONCE` hear of it within the input that changed it; the
        others just after (see `_apply`).
        """
        listeners = self._headline_listeners if key in WRITTEN_AT_ONCE else self._status_listeners
        listeners.append(listener)
        return lambda: listeners.remove(listener)

    @callback
    def async_add_effect_listener(self, listener: EffectListener) -> CALLBACK_TYPE:
        """Call `listener` with every transition of the coach."""
        self._effect_listeners.append(listener)
        return lambda: self._effect_listeners.remove(listener)

    # Inputs from Home Assistant ---------------------------------------------------------

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        self._in_source_listener = True
        try:
            self._source_changed(event)
        finally:
            self._in_source_listener = False

    def _source_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        settings = self.settings
        if entity_id in settings.cry_sources:
            new_state = event.data["new_state"]
            if split_entity_id(entity_id)[0] == EVENT_DOMAIN and new_state is not None:
                self._note_cry_event(entity_id, new_state.attributes.get("event_type"))
            self._read_cry()
        for need, need_entity in settings.need_entities.items():
            if need_entity == entity_id:
                self._read_need(need, entity_id)
        if entity_id in settings.presence_entities:
            self._read_presence()
        if entity_id == settings.sleep_entity:
            old_state, new_state = event.data["old_state"], event.data["new_state"]
            # An attribute changing says nothing new: a nap that reached the longest nap
            # is not started again while the entity stays on.
            if old_state is None or new_state is None or old_state.state != new_state.state:
                self._read_sleep_state()

    def _note_cry_event(self, entity_id: str, event_type: object) -> None:
        reading = read_cry_event(event_type)
        if reading is CryReading.CRYING:
            self._event_cry_until[entity_id] = self._now() + EVENT_CRY_HOLD
        elif reading is CryReading.QUIET:
            self._event_cry_until.pop(entity_id, None)
        else:
            _LOGGER.debug("%s: ignoring event type %r", entity_id, event_type)

    def _read_cry(self) -> None:
        now = self._now()
        readings = [
            self._read_event_source(entity_id, now)
            if split_entity_id(entity_id)[0] == EVENT_DOMAIN
            else read_cry_source(self.hass.states.get(entity_id), self.settings.thresholds)
            for entity_id in self.settings.cry_sources
        ]
        combined = combine_cry_readings(readings, self._cry)
        self._cry = combined
        if combined is CryReading.UNKNOWN:
            self._apply(self.coach.source_unavailable(now))
        else:
            self._apply(self.coach.cry(now, crying=combined is CryReading.CRYING))

    def _read_event_source(self, entity_id: str, now: datetime) -> CryReading:
        # An event entity is "unknown" until its first event: silence, not a fault.
        state = self.hass.states.get(entity_id)
        if state is None or state.state == STATE_UNAVAILABLE:
            return CryReading.UNKNOWN
        until = self._event_cry_until.get(entity_id)
        if until is not None and until <= now:
            del self._event_cry_until[entity_id]
            until = None
        return CryReading.QUIET if until is None else CryReading.CRYING

    def _read_need(self, need: str, entity_id: str) -> None:
        now = self._now()
        reading = read_need_entity(self.hass.states.get(entity_id), now)
        self._apply(self.coach.need(now, need, met=reading.met, since=reading.since))

    def _read_presence(self) -> None:
        entities = self.settings.presence_entities
        if not entities:
            return
        present = read_presence([self.hass.states.get(entity_id) for entity_id in entities])
        if present:
            self.parent_arrived()
        else:
            self.parent_left()

    def _read_sleep_state(self) -> None:
        """Start a nap when the sleep-state entity is on by day; end it when it is off.

        At night the night's coaching is on, so the entity is not read; an unavailable or
        unknown entity says nothing.
        """
        entity_id = self.settings.sleep_entity
        if entity_id is None:
            return
        state = self.hass.states.get(entity_id)
        now = self._now()
        if state is None or self.coach.state.night is not None or night_of(now, self.config):
            return
        if state.state == STATE_ON and not self.nap_under_way:
            self._apply(self.coach.nap_started(now))
        elif state.state == STATE_OFF and self.nap_under_way:
            self._apply(self.coach.nap_ended(now))

    # Time ---------------------------------------------------------------------------------

    def _now(self) -> datetime:
        # The core refuses time going backwards; after the system clock jumps back, inputs
        # count as happening at the last time the coach saw.
        return max(dt_util.utcnow(), self.coach.state.clock)

    def _next_wakeup(self) -> datetime | None:
        wakeup = self.coach.next_wakeup()
        now = self._now()
        event_ends = [until for until in self._event_cry_until.values() if until > now]
        candidates = [moment for moment in (wakeup, *event_ends) if moment is not None]
        return min(candidates, default=None)

    @callback
    def _async_wake_up(self, _now: datetime) -> None:
        self._cancel_wakeup = None
        # Reading the sources again also ends an event source's cry hold; with nothing
        # changed it is just the core's tick.
        self._read_cry()

    def _schedule_wakeup(self) -> None:
        wakeup = self._next_wakeup()
        if self._cancel_wakeup is not None:
            if wakeup == self._wakeup_at:
                return  # Already set for that moment, as it is after most inputs.
            self._cancel_wakeup()
            self._cancel_wakeup = None
        self._wakeup_at = wakeup
        if wakeup is not None:
            self._cancel_wakeup = async_track_point_in_utc_time(
                self.hass, self._async_wake_up, wakeup
            )

    # Effects ------------------------------------------------------------------------------

    def _save_now(self) -> None:
        self.hass.async_create_task(self._store.async_save(self._stored()), eager_start=True)

    def _stored(self) -> StoredCoach:
        return CoachRecord(self.coach.state, self.timeline, self.statistics_through).to_stored()

    def _apply(self, effects: Sequence[AnyEffect]) -> None:
        # The coach's state is written at once: it is what a parent's automations act on.
        # A state written while Home Assistant hands out a state change (a cry, say) goes
        # out only once every listener of that change has returned, so there the rest
        # follows in the next turn of the event loop, once for all of this turn's inputs.
        # A service call or a timer sees everything done when it returns.
        for listener in list(self._headline_listeners):
            listener()
        self._unpublished += effects
        # A plan night that starts (or a plan that finishes) with any input is kept apart,
        # as are a nap ending at the longest nap or at night and a sleep window opening.
        self._unpublished += self.coach.take_plan_effects()
        self._unpublished += self.coach.take_day_effects()
        if not self._in_source_listener:
            self._publish()
        elif not self._publish_pending:
            self._publish_pending = True
            # A task rather than call_soon, so waiting for Home Assistant to be idle waits
            # for it too.
            self.hass.async_create_task(self._async_publish_pending(), eager_start=False)

    async def _async_publish_pending(self) -> None:
        if self._publish_pending:
            self._publish()

    def _publish(self) -> None:
        self._publish_pending = False
        effects, self._unpublished = self._unpublished, []
        for status_listener in list(self._status_listeners):
            status_listener()
        if effects:
            marks = [
                mark
                for effect in effects
                if not isinstance(effect, DAY_EFFECTS)
                for mark in marks_of(effect)
            ]
            self.timeline = recent([*self.timeline, *marks], self.coach.state.clock)
        for effect in effects:
            _LOGGER.debug("%s: %s", self.child_name, effect)
            # On the bus for the logbook's night diary; automations use the event entity.
            self.hass.bus.async_fire(
                EVENT_TRANSITION,
                {
                    ATTR_ENTRY_ID: self.entry_id,
                    ATTR_CHILD: self.child_name,
                    ATTR_TYPE: effect.kind.value,
                    ATTR_DIARY: diary_line(self.words, effect, self.config.zone),
                    **effect_data(effect, self.config.zone),
                },
            )
            for listener in list(self._effect_listeners):
                listener(effect)
        if effects:
            # A transition is written at once, so a crash right after loses nothing.
            self._save_now()
        else:
            self._store.async_delay_save(self._stored, SAVE_DELAY_S)
        self._schedule_wakeup()
