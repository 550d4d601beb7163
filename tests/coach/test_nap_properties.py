"""Invariants of naps and sleep windows over random days, DST days included."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from custom_components.sleep_coach.coach import (
    ChildConfig,
    Coach,
    CoachState,
    DayEffect,
    Effect,
    EpisodeKind,
    Mode,
    Nap,
    NapEnd,
    NapEnded,
    SelfSootheStarted,
    Settled,
    Signal,
    SleepWindowOpened,
    day_window,
    days_overlapping,
    minutes,
    night_of,
    sleep_window,
    summarise_days,
    wake_window_for,
)

from .test_properties import SETTINGS, check_step

STARTS = [
    ("Europe/London", "2024-06-02T05:30"),
    ("Europe/London", "2024-06-02T17:40"),  # a nap at dusk, which the night takes over
    ("Europe/London", "2024-03-31T05:30"),  # the clocks went forward in the night before
    ("Europe/London", "2024-10-27T05:30"),  # and back
    ("America/New_York", "2024-11-03T05:30"),
    ("America/New_York", "2024-11-03T17:40"),
]
NEEDS = ("fed", "dry", "safe")


@dataclass(frozen=True)
class Step:
    """One call to the coach, ``after`` seconds after the previous one."""

    after: int
    action: str
    need: str = ""
    flag: bool = False

    def apply(self, coach: Coach, at: datetime) -> list[Effect | DayEffect]:
        """Make the call; return its effects with the day effects it kept."""
        effects: list[Effect | DayEffect]
        match self.action:
            case "nap_started":
                effects = coach.nap_started(at)
            case "nap_ended":
                effects = coach.nap_ended(at)
            case "cry":
                effects = [*coach.cry(at, crying=self.flag)]
            case "unavailable":
                effects = [*coach.source_unavailable(at)]
            case "need":
                effects = [*coach.need(at, self.need, met=self.flag)]
            case "arrive":
                effects = [*coach.parent_arrived(at)]
            case "leave":
                effects = [*coach.parent_left(at)]
            case "more_time":
                effects = [*coach.more_time(at)]
            case _:
                effects = [*coach.tick(at)]
        # Day effects kept by other inputs are a stream of their own: merged by time.
        return sorted([*effects, *coach.take_day_effects()], key=lambda effect: effect.at)


ACTIONS: tuple[tuple[str, str, bool], ...] = (
    ("nap_started", "", False),
    ("nap_started", "", False),
    ("nap_started", "", False),
    ("nap_ended", "", False),
    ("cry", "", True),
    ("cry", "", True),
    ("cry", "", True),
    ("cry", "", False),
    ("cry", "", False),
    ("cry", "", False),
    ("unavailable", "", False),
    ("arrive", "", False),
    ("leave", "", False),
    ("more_time", "", False),
    ("tick", "", False),
    *(("need", name, True) for name in NEEDS for _ in range(2)),
    ("need", "fed", False),
)


def decode(gap: int, action: int) -> Step:
    """Return the step a pair of small integers stands for (cheap to draw and shrink)."""
    # Mostly seconds to minutes apart, sometimes up to hours, so days and nights go by.
    after = gap if gap < 900 else (gap - 900) * 60
    return Step(after, *ACTIONS[action])


steps = st.builds(decode, st.integers(0, 1100), st.integers(0, len(ACTIONS) - 1))
# No nap and long gaps: time for a sleep window to open.
AWAKE_ACTIONS = tuple(action for action in ACTIONS if action[0] != "nap_started")
awake_steps = st.builds(
    lambda gap, action: Step(gap * 60, *AWAKE_ACTIONS[action]),
    st.integers(0, 240),
    st.integers(0, len(AWAKE_ACTIONS) - 1),
)


@st.composite
def configs(draw: st.DrawFn) -> ChildConfig:
    """Draw a valid configuration with nap options, in one of the test time zones."""
    zone, _ = draw(st.sampled_from(STARTS))
    night_start, night_end = draw(
        st.sampled_from([(time(19), time(7)), (time(20, 30), time(6, 15)), (time(1, 30), time(5))])
    )
    return ChildConfig(
        time_zone=zone,
        night_start=night_start,
        night_end=night_end,
        min_cry=timedelta(seconds=draw(st.integers(0, 90))),
        settle=timedelta(minutes=draw(st.integers(1, 6))),
        cap=timedelta(minutes=draw(st.integers(1, 30))),
        nap_waits=tuple(
            timedelta(minutes=wait)
            for wait in draw(st.lists(st.integers(1, 40), min_size=1, max_size=3))
        ),
        nap_cap=timedelta(minutes=draw(st.integers(1, 30))),
        longest_nap=timedelta(minutes=draw(st.integers(5, 240))),
        birth_date=draw(st.sampled_from([None, date(2023, 1, 1), date(2024, 1, 10)])),
        allow_under_16_weeks=draw(st.booleans()),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[ChildConfig, datetime, list[Step]]:
    """Draw a configuration, a start time (in a night's last hours) and the steps."""
    config = draw(configs())
    text = draw(st.sampled_from([text for zone, text in STARTS if zone == config.time_zone]))
    start = datetime.fromisoformat(text).replace(tzinfo=config.zone).astimezone(UTC)
    # In the morning, sometimes a while awake first; at dusk, straight to a nap or not.
    morning = datetime.fromisoformat(text).hour < 12
    if morning:
        awake = draw(st.lists(awake_steps, max_size=4))
    else:
        awake = [Step(0, "nap_started")] if draw(st.booleans()) else []
    return config, start, awake + draw(st.lists(steps, min_size=5, max_size=60))


def start_coach(config: ChildConfig, start: datetime) -> Coach:
    """Return a coach started at ``start`` hearing quiet, with every need met."""
    coach = Coach.start(config, start)
    coach.cry(start, crying=False)
    for name in NEEDS:
        coach.need(start, name, met=True)
    coach.take_day_effects()
    return coach


def check_nap_step(coach: Coach) -> None:
    """Check the nap and window invariants that hold after every call."""
    config, state, status = coach.config, coach.state, coach.status()
    if state.day.nap is not None:
        # A nap is only ever in the daytime, and coached like a night.
        assert state.night is None
        assert night_of(state.clock, config) is None
        assert status.nap_start == state.day.nap.start
        if state.signal is Signal.UNKNOWN:
            assert status.mode not in {Mode.IDLE, Mode.SELF_SOOTHING}
        assert status.mode is not Mode.DAYTIME
    episode = state.episode
    if episode is not None and episode.kind is not EpisodeKind.NIGHT:
        assert state.day.nap is not None
        if status.deadline is not None and status.wait_started is not None:
            assert status.deadline - status.wait_started <= config.nap_limit
    window = coach.next_sleep_window()
    if window is not None:
        row = wake_window_for(config, window.awake_since)
        assert row is not None
        assert row.shortest <= window.earliest - window.awake_since
        assert window.earliest <= window.latest
        assert window.latest - window.awake_since <= row.longest


def play(
    coach: Coach, start: datetime, items: list[Step], *, check: bool = False
) -> list[Effect | DayEffect]:
    """Feed ``items`` from ``start``, then finish one second after the last."""
    effects: list[Effect | DayEffect] = []
    at = start
    for item in items:
        at += timedelta(seconds=item.after)
        before = coach.state.clock
        new = item.apply(coach, at)
        if check:
            check_step(coach, before, new)  # type: ignore[arg-type]
            check_nap_step(coach)
        effects += new
    end = at + timedelta(seconds=1)
    finished = sorted([*coach.finish(end), *coach.take_day_effects()], key=lambda e: e.at)
    return [*effects, *finished]


@SETTINGS
@given(scenarios())
def test_every_step_keeps_the_invariants(
    scenario: tuple[ChildConfig, datetime, list[Step]],
) -> None:
    config, start, items = scenario
    play(start_coach(config, start), start, items, check=True)


def naps_of(effects: list[Effect | DayEffect]) -> list[Nap]:
    return [effect.nap for effect in effects if isinstance(effect, NapEnded)]


@SETTINGS
@given(scenarios())
def test_naps_never_overlap_the_night_or_each_other(
    scenario: tuple[ChildConfig, datetime, list[Step]],
) -> None:
    config, start, items = scenario
    naps = naps_of(play(start_coach(config, start), start, items))
    for nap in naps:
        day_start, day_end = day_window(nap.day, config)
        assert night_of(nap.start, config) is None
        assert day_start <= nap.start <= nap.end <= day_end
        if nap.ended_by is NapEnd.LONGEST_NAP:
            assert nap.end >= nap.start + config.longest_nap
        if nap.ended_by is NapEnd.NIGHT:
            assert nap.end == day_end
        for episode in nap.episodes:
            assert nap.start <= episode.start <= episode.end <= nap.end
            assert episode.kind is not EpisodeKind.NIGHT
            assert episode.night == nap.day
    for earlier, later in itertools.pairwise(naps):
        assert earlier.end <= later.start


@SETTINGS
@given(scenarios())
def test_the_day_s_sleep_is_the_sum_of_its_naps(
    scenario: tuple[ChildConfig, datetime, list[Step]],
) -> None:
    config, start, items = scenario
    coach = start_coach(config, start)
    effects = play(coach, start, items)
    naps = naps_of(effects)
    days = days_overlapping(start, coach.state.clock, config)
    figures = summarise_days(naps, days)
    assert {nap.day for nap in naps} <= set(days)
    for day in figures:
        today = [nap for nap in naps if nap.day == day.day]
        assert abs(day.day_sleep_minutes - sum(minutes(nap.sleep) for nap in today)) < 1e-6
        assert day.naps == sum(1 for nap in today if nap.asleep is not None)
        assert day.falling_asleep_cry_minutes <= day.nap_cry_minutes + 1e-9
        assert day.self_soothed <= day.wakings
    for nap in naps:
        assert timedelta(0) <= nap.sleep
        if nap.asleep is None:
            assert nap.sleep == timedelta(0)
        else:
            assert nap.start <= nap.asleep <= nap.end
            assert nap.sleep <= nap.end - nap.asleep
        assert len(nap.falling_asleep_episodes) <= 1
    # Every episode is counted once: in a nap, or in the night.
    settled = [effect.episode for effect in effects if isinstance(effect, Settled)]
    in_naps = [episode for nap in naps for episode in nap.episodes]
    nights = [episode for episode in settled if episode.kind is EpisodeKind.NIGHT]
    assert sorted(in_naps + nights, key=lambda e: (e.start, e.end)) == sorted(
        settled, key=lambda e: (e.start, e.end)
    )


@SETTINGS
@given(scenarios())
def test_no_wait_exceeds_the_cap_and_every_window_opens_once(
    scenario: tuple[ChildConfig, datetime, list[Step]],
) -> None:
    config, start, items = scenario
    effects = play(start_coach(config, start), start, items)
    for effect in effects:
        if isinstance(effect, SelfSootheStarted):
            assert timedelta(0) < effect.deadline - effect.wait_started <= config.cap
    opened = [effect for effect in effects if isinstance(effect, SleepWindowOpened)]
    assert len({effect.awake_since for effect in opened}) == len(opened)
    for effect in opened:
        assert effect.awake_since < effect.earliest <= effect.at
        assert effect.earliest <= effect.latest
    if config.birth_date is None:
        assert opened == []


@SETTINGS
@given(scenarios(), st.data())
def test_a_restart_gives_the_same_naps_and_figures(
    scenario: tuple[ChildConfig, datetime, list[Step]], data: st.DataObject
) -> None:
    config, start, items = scenario
    whole = start_coach(config, start)
    expected = play(whole, start, items)
    split = data.draw(st.integers(0, len(items)))
    coach = start_coach(config, start)
    effects: list[Effect | DayEffect] = []
    at = start
    for item in items[:split]:
        at += timedelta(seconds=item.after)
        effects += item.apply(coach, at)
    stored = json.loads(json.dumps(coach.state.to_dict()))
    resumed = Coach(config, CoachState.from_dict(stored))
    assert resumed.state == coach.state
    assert resumed.next_wakeup() == coach.next_wakeup()
    effects += play(resumed, resumed.state.clock, items[split:])
    assert effects == expected
    assert resumed.recent_days() == whole.recent_days()


@SETTINGS
@given(scenarios(), st.lists(st.integers(0, 3600), max_size=20))
def test_naps_do_not_depend_on_ticks(
    scenario: tuple[ChildConfig, datetime, list[Step]], extra_ticks: list[int]
) -> None:
    config, start, items = scenario
    expected = play(start_coach(config, start), start, items)
    ticked: list[Step] = []
    for item, tick in zip(items, extra_ticks + [None] * len(items), strict=False):
        if tick is not None and tick < item.after:
            ticked += [Step(tick, "tick"), replace(item, after=item.after - tick)]
        else:
            ticked.append(item)
    assert play(start_coach(config, start), start, ticked) == expected


@st.composite
def nap_histories(draw: st.DrawFn, day: date) -> tuple[Nap, ...]:
    """Draw finished naps on the 16 days up to ``day``, some that went well."""
    naps = []
    for _ in range(draw(st.integers(0, 40))):
        nap_day = day - timedelta(days=draw(st.integers(0, 16)))
        start = datetime.combine(nap_day, time(10), UTC)
        asleep = start + timedelta(minutes=draw(st.integers(0, 40)))
        slept = timedelta(minutes=draw(st.integers(0, 120)))
        naps.append(
            Nap(
                day=nap_day,
                start=start,
                end=asleep + slept,
                ended_by=NapEnd.ENDED,
                awake_since=asleep - timedelta(minutes=draw(st.integers(1, 600))),
                asleep=asleep,
                sleep=slept,
                episodes=(),
            )
        )
    return tuple(naps)


@SETTINGS
@given(
    st.sampled_from([date(2024, 5, 20), date(2023, 6, 1), date(2022, 1, 1), date(2024, 1, 31)]),
    nap_histories(date(2024, 6, 2)),
    st.integers(0, 12 * 60),
)
def test_a_learned_window_stays_within_the_table(
    birth_date: date, naps: tuple[Nap, ...], awake_minutes: int
) -> None:
    config = ChildConfig(time_zone="Europe/London", birth_date=birth_date)
    awake = datetime(2024, 6, 2, 6, tzinfo=UTC) + timedelta(minutes=awake_minutes)
    window = sleep_window(config, awake, naps, datetime(2024, 1, 1, tzinfo=UTC))
    row = wake_window_for(config, awake)
    assert window is not None
    assert row is not None
    assert row.shortest <= window.earliest - awake <= window.latest - awake <= row.longest
    assert window.naps == row.naps
