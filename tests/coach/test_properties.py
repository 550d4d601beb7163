"""Invariants of the coach over random nights, including DST nights."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.sleep_coach.coach import (
    ChildConfig,
    Coach,
    CoachState,
    Effect,
    Episode,
    EpisodeStarted,
    Mode,
    Outcome,
    SelfSootheStarted,
    Settled,
    Signal,
    attention_reasons,
    latest_night_started,
    night_of,
    night_window,
    nights_overlapping,
    summarise_nights,
)

SETTINGS = settings(max_examples=150, deadline=None)

# Ordinary nights and the nights of both DST changes on both sides of the Atlantic.
STARTS = [
    ("Europe/London", "2024-06-01T17:00"),
    ("Europe/London", "2024-03-30T17:00"),
    ("Europe/London", "2024-10-26T17:00"),
    ("America/New_York", "2024-03-09T17:00"),
    ("America/New_York", "2024-11-02T17:00"),
]
NEEDS = ("fed", "dry", "safe")


@dataclass(frozen=True)
class Input:
    """One call to the coach, ``after`` seconds after the previous one."""

    after: int
    action: str
    need: str = ""
    flag: bool = False
    """Crying for "cry", met for "need"."""

    def apply(self, coach: Coach, at: datetime) -> list[Effect]:
        """Make the call."""
        match self.action:
            case "cry":
                return coach.cry(at, crying=self.flag)
            case "unavailable":
                return coach.source_unavailable(at)
            case "need":
                return coach.need(at, self.need, met=self.flag)
            case "arrive":
                return coach.parent_arrived(at)
            case "leave":
                return coach.parent_left(at)
            case _:
                return coach.tick(at)


ACTIONS: tuple[tuple[str, str, bool], ...] = (
    ("cry", "", True),
    ("cry", "", True),
    ("cry", "", False),
    ("cry", "", False),
    ("unavailable", "", False),
    ("arrive", "", False),
    ("leave", "", False),
    ("tick", "", False),
    *(("need", name, met) for name in NEEDS for met in (True, False)),
)


def decode(gap: int, action: int) -> Input:
    """Return the input a pair of small integers stands for (cheap to draw and shrink)."""
    # Mostly seconds to minutes apart, sometimes hours, so some runs cross whole nights.
    after = gap if gap < 1500 else (gap - 1500) * 60
    return Input(after, *ACTIONS[action])


inputs = st.builds(decode, st.integers(0, 1980), st.integers(0, len(ACTIONS) - 1))


@st.composite
def configs(draw: st.DrawFn) -> ChildConfig:
    """Draw a valid configuration in one of the test time zones."""
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
        waits=tuple(
            timedelta(minutes=wait)
            for wait in draw(st.lists(st.integers(1, 45), min_size=1, max_size=3))
        ),
        cap=timedelta(minutes=draw(st.integers(1, 30))),
        birth_date=draw(st.sampled_from([None, date(2023, 1, 1), date(2024, 9, 1)])),
        allow_under_16_weeks=draw(st.booleans()),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]]:
    """Draw a configuration, a start time, a remembered history and the inputs."""
    config = draw(configs())
    start_text = draw(st.sampled_from([text for zone, text in STARTS if zone == config.time_zone]))
    # In UTC, so that adding seconds means real elapsed time even across a DST change.
    start = datetime.fromisoformat(start_text).replace(tzinfo=config.zone).astimezone(UTC)
    night = latest_night_started(start, config)
    history = tuple(
        Episode(
            night=night - timedelta(days=days),
            start=start - timedelta(days=days),
            end=start - timedelta(days=days) + timedelta(seconds=cry),
            outcome=Outcome.SELF_SOOTHED,
            reasons=(),
            cry_time=timedelta(seconds=cry),
            check_ins=0,
        )
        for days, cry in enumerate(draw(st.lists(st.integers(30, 400), max_size=8)), start=1)
    )
    return config, start, history, draw(st.lists(inputs, max_size=30))


def start_coach(config: ChildConfig, start: datetime, history: tuple[Episode, ...]) -> Coach:
    """Return a coach that starts at ``start`` remembering ``history``."""
    coach = Coach.start(config, start)
    return Coach(config, replace(coach.state, history=history))


def check_step(coach: Coach, previous_clock: datetime, effects: list[Effect]) -> None:
    """Check the invariants that hold after every call."""
    config, state, status = coach.config, coach.state, coach.status()
    # Fail toward attention: a wait only when nothing calls for a parent.
    if status.mode is Mode.SELF_SOOTHING:
        assert attention_reasons(config, state, state.clock) == ()
    if state.night is not None and state.signal is Signal.UNKNOWN:
        assert status.mode not in {Mode.IDLE, Mode.SELF_SOOTHING}
    if status.mode in {Mode.IDLE, Mode.DAYTIME}:
        assert state.episode is None
    # No deadline beyond the cap.
    if status.deadline is not None and status.wait_started is not None:
        assert timedelta(0) < status.deadline - status.wait_started <= config.cap
    for effect in effects:
        if isinstance(effect, SelfSootheStarted):
            assert effect.deadline - effect.wait_started <= config.cap
    # Effects come in time order, within the call's time span.
    moments = [effect.at for effect in effects]
    assert moments == sorted(moments)
    assert all(previous_clock <= moment <= state.clock for moment in moments)
    # The shell is never asked to wake up in the past.
    wakeup = coach.next_wakeup()
    assert wakeup is None or wakeup > state.clock


def play(
    coach: Coach, start: datetime, inputs: list[Input], *, check: bool = False
) -> list[Effect]:
    """Feed ``inputs`` from ``start``, then finish one second after the last."""
    effects: list[Effect] = []
    at = start
    for item in inputs:
        at += timedelta(seconds=item.after)
        before = coach.state.clock
        new = item.apply(coach, at)
        if check:
            check_step(coach, before, new)
        effects += new
    return effects + coach.finish(at + timedelta(seconds=1))


@SETTINGS
@given(scenarios())
def test_every_step_keeps_the_invariants(
    scenario: tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]],
) -> None:
    config, start, history, items = scenario
    play(start_coach(config, start, history), start, items, check=True)


@SETTINGS
@given(scenarios())
def test_every_episode_has_exactly_one_outcome(
    scenario: tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]],
) -> None:
    config, start, history, items = scenario
    effects = play(start_coach(config, start, history), start, items)
    started = [effect.start for effect in effects if isinstance(effect, EpisodeStarted)]
    episodes = [effect.episode for effect in effects if isinstance(effect, Settled)]
    assert [episode.start for episode in episodes] == started
    for episode in episodes:
        assert isinstance(episode.outcome, Outcome)
        assert episode.start <= episode.end
        assert timedelta(0) <= episode.cry_time <= episode.settle_time
        assert night_of(episode.start, config) == episode.night
        attended = episode.check_ins > 0
        unattended = {Outcome.SELF_SOOTHED, Outcome.SETTLED_BEFORE_PARENT}
        assert attended is (episode.outcome not in unattended)
        if episode.outcome is Outcome.SELF_SOOTHED:
            assert episode.reasons == ()


@SETTINGS
@given(scenarios())
def test_night_figures_agree_with_their_episodes(
    scenario: tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]],
) -> None:
    config, start, _, items = scenario
    coach = start_coach(config, start, ())
    effects = play(coach, start, items)
    episodes = [effect.episode for effect in effects if isinstance(effect, Settled)]
    nights = nights_overlapping(start, coach.state.clock, config)
    reports = summarise_nights(episodes, config, nights)
    assert sum(report.figures.episodes for report in reports) == len(episodes)
    assert sum(report.figures.check_ins for report in reports) == sum(
        episode.check_ins for episode in episodes
    )
    total_cry = sum(report.figures.cry_minutes for report in reports)
    assert abs(total_cry - sum(e.cry_time.total_seconds() / 60 for e in episodes)) < 1e-6
    for report in reports:
        figures = report.figures
        before_parent = sum(
            1
            for episode in episodes
            if episode.night == figures.night and episode.outcome is Outcome.SETTLED_BEFORE_PARENT
        )
        assert figures.self_soothed + figures.interventions + before_parent == figures.episodes
        assert figures.early_interventions <= figures.interventions
        assert all(count <= figures.episodes for count in figures.needs_unmet.values())
        assert figures.concerns <= figures.episodes
        if figures.episodes:
            assert figures.self_soothe_rate == figures.self_soothed / figures.episodes
            assert figures.median_settle_minutes is not None
            assert figures.longest_episode_minutes is not None
            assert figures.median_settle_minutes <= figures.longest_episode_minutes
            assert figures.first_waking is not None
            assert figures.last_waking is not None
            assert figures.first_waking <= figures.last_waking
        else:
            assert figures.self_soothe_rate is None
        assert 1 <= report.rolling.nights <= 7


@SETTINGS
@given(scenarios(), st.data())
def test_a_restart_resumes_exactly(
    scenario: tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]],
    data: st.DataObject,
) -> None:
    config, start, history, items = scenario
    expected = play(start_coach(config, start, history), start, items)
    split = data.draw(st.integers(0, len(items)))
    coach = start_coach(config, start, history)
    effects = play_prefix(coach, start, items[:split])
    stored = json.loads(json.dumps(coach.state.to_dict()))
    resumed = Coach(config, CoachState.from_dict(stored))
    assert resumed.state == coach.state
    assert resumed.next_wakeup() == coach.next_wakeup()
    effects += play(resumed, resumed.state.clock, items[split:])
    assert effects == expected


def play_prefix(coach: Coach, start: datetime, inputs: list[Input]) -> list[Effect]:
    """Feed ``inputs`` from ``start`` without finishing."""
    effects: list[Effect] = []
    at = start
    for item in inputs:
        at += timedelta(seconds=item.after)
        effects += item.apply(coach, at)
    return effects


@SETTINGS
@given(scenarios(), st.lists(st.integers(0, 3600), max_size=20))
def test_decisions_do_not_depend_on_ticks(
    scenario: tuple[ChildConfig, datetime, tuple[Episode, ...], list[Input]],
    extra_ticks: list[int],
) -> None:
    config, start, history, items = scenario
    expected = play(start_coach(config, start, history), start, items)
    ticked: list[Input] = []
    for item, tick in zip(items, extra_ticks + [None] * len(items), strict=False):
        if tick is not None and tick < item.after:
            ticked += [Input(tick, "tick"), replace(item, after=item.after - tick)]
        else:
            ticked.append(item)
    assert play(start_coach(config, start, history), start, ticked) == expected


@SETTINGS
@given(
    st.sampled_from(["Europe/London", "America/New_York"]),
    st.datetimes(
        min_value=datetime(2024, 3, 1),  # noqa: DTZ001
        max_value=datetime(2024, 11, 30),  # noqa: DTZ001
    ),
)
def test_night_windows_hold_across_dst(zone: str, moment: datetime) -> None:
    config = ChildConfig(time_zone=zone)
    at = moment.replace(tzinfo=UTC)
    night = night_of(at, config)
    latest = latest_night_started(at, config)
    start, end = night_window(latest, config)
    assert start <= at
    if night is not None:
        assert night == latest
        assert start <= at < end
    else:
        assert at >= end
    # A night lasts 12 hours of wall-clock time, give or take the hour the clocks changed.
    local_start, local_end = start.astimezone(ZoneInfo(zone)), end.astimezone(ZoneInfo(zone))
    assert (local_start.hour, local_end.hour) == (19, 7)
    assert end - start in {timedelta(hours=hours) for hours in (11, 12, 13)}
