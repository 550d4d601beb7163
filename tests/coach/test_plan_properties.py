"""Invariants of sleep-training plans over random nights, DST nights included."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from custom_components.sleep_coach.coach import (
    MAX_CAP,
    ChildConfig,
    Coach,
    Method,
    Mode,
    NightEnded,
    Plan,
    Reason,
    SelfSootheStarted,
    latest_night_started,
    night_of,
)

from .test_properties import SETTINGS, check_step, configs, inputs, start_coach

LONDON_DST = [
    # The nights of the spring and autumn changes in Europe/London, 2024, with nights around.
    datetime(2024, 3, 28, 17, tzinfo=UTC),
    datetime(2024, 10, 24, 17, tzinfo=UTC),
]


@st.composite
def plans(draw: st.DrawFn, config: ChildConfig, first: date) -> Plan:
    """Draw a valid plan of any method for ``config``, first night on or after ``first``."""
    method = draw(st.sampled_from(list(Method)))
    table: tuple[tuple[timedelta, ...], ...] = ()
    if method is Method.CUSTOM:
        cap_minutes = int(config.cap.total_seconds() // 60)
        table = tuple(
            tuple(timedelta(minutes=wait) for wait in night)
            for night in draw(
                st.lists(
                    st.lists(st.integers(1, max(cap_minutes, 1)), min_size=1, max_size=4),
                    min_size=1,
                    max_size=12,
                )
            )
        )
    plan = Plan(
        method,
        first + timedelta(days=draw(st.integers(0, 2))),
        table,
        advance_only_to_plan=draw(st.booleans()),
    )
    plan.check(config)
    return plan


@SETTINGS
@given(configs(), st.data())
def test_no_plan_night_gives_a_wait_above_the_cap(config: ChildConfig, data: st.DataObject) -> None:
    start = datetime(2024, 6, 1, 16, tzinfo=UTC)
    first = latest_night_started(start, config) + timedelta(days=1)
    plan = data.draw(plans(config, first))
    coach = start_coach(config, start, ())
    coach.start_plan(start, plan)
    at = start
    for item in data.draw(st.lists(inputs, max_size=40)):
        at += timedelta(seconds=item.after)
        before = coach.state.clock
        effects = item.apply(coach, at)
        check_step(coach, before, effects)
        for effect in effects:
            if isinstance(effect, SelfSootheStarted):
                assert effect.deadline - effect.wait_started <= min(config.cap, MAX_CAP)
        for effect in coach.take_plan_effects():
            assert all(wait <= min(config.cap, MAX_CAP) for wait in effect.plan_night.waits)  # type: ignore[union-attr]
        # The 16-week rule holds whatever the plan.
        status = coach.status()
        if config.age_needs_attention(at) and status.mode is Mode.NEEDS_ATTENTION:
            assert status.reasons
        if config.age_needs_attention(at):
            assert status.mode is not Mode.SELF_SOOTHING
    for wait in range(1, 40):
        assert all(w <= config.cap for w in plan.waits(wait, config))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(LONDON_DST),
    st.lists(st.tuples(st.integers(1, 40), st.booleans()), min_size=1, max_size=10),
    st.sampled_from(list(Method)),
)
def test_the_plan_night_advances_once_per_night_and_never_when_paused(
    start: datetime, days: list[tuple[int, bool]], method: Method
) -> None:
    config = ChildConfig(time_zone="Europe/London", birth_date=date(2023, 1, 1))
    first = latest_night_started(start, config) + timedelta(days=1)
    table = ((timedelta(minutes=5),),) * 20 if method is Method.CUSTOM else ()
    coach = Coach.start(config, start)
    coach.start_plan(start, Plan(method, first, table))
    at = start
    ended: list[date] = []
    played = 0
    nights = coach.state.plan.plan.nights  # type: ignore[union-attr]
    for hours, paused in days:
        if paused:
            coach.pause_plan(at)
        else:
            coach.resume_plan(at)
        number_before = coach.state.plan.number  # type: ignore[union-attr]
        at += timedelta(hours=hours)
        effects = coach.tick(at)
        over = [effect.night for effect in effects if isinstance(effect, NightEnded)]
        ended += over
        played_now = min(len(over) if not paused else 0, nights - played)
        played += played_now
        progress = coach.state.plan
        assert progress is not None
        assert progress.number == min(number_before + played_now, nights)
    # Every night that is over is logged once, in order, one day apart (DST or not).
    log = coach.state.plan.log  # type: ignore[union-attr]
    assert [record.night for record in log] == ended[: len(log)]
    assert all(b.night - a.night == timedelta(days=1) for a, b in itertools.pairwise(log))
    assert all(not record.advanced for record in log if record.paused)
    # The night under way (if any) is one the coach dates the same way.
    assert coach.state.night in {None, night_of(at, config)}


@SETTINGS
@given(st.sampled_from(list(Method)), st.integers(0, 60 * 24 * 3))
def test_under_16_weeks_a_cry_calls_a_parent_on_every_plan(method: Method, offset: int) -> None:
    config = ChildConfig(time_zone="Europe/London", birth_date=date(2024, 5, 1))
    start = datetime(2024, 6, 1, 17, tzinfo=UTC)
    table = ((timedelta(minutes=5),),) if method is Method.CUSTOM else ()
    coach = Coach.start(config, start)
    coach.start_plan(start, Plan(method, date(2024, 6, 1), table))
    for name in ("fed", "dry", "safe"):
        coach.need(start, name, met=True)
    at = start + timedelta(minutes=offset)
    coach.cry(at, crying=True)
    coach.tick(at + timedelta(minutes=1))
    if coach.state.episode is not None:
        assert coach.status().mode is Mode.NEEDS_ATTENTION
        assert Reason.AGE.value in coach.status().reasons
