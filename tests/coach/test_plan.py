"""Sleep-training plans: the model, their progress across nights and the engine's use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    CoachState,
    InputError,
    Method,
    Mode,
    Outcome,
    Plan,
    PlanError,
    PlanFinished,
    PlanNightStarted,
    PlanProgress,
    Position,
    StateError,
    plan_figures,
    plan_night,
    plan_summary,
    read_state,
    summarise_nights,
)
from custom_components.sleep_coach.coach.plan import advance, begin, repeat, set_paused

from .common import CONFIG, configured, kinds, local, minutes, ready_coach

FIRST = date(2024, 6, 1)


def waits(*values: float) -> tuple[timedelta, ...]:
    return tuple(minutes(value) for value in values)


# --- The model -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, (3, 5, 10)), (2, (5, 10, 12)), (4, (12, 15, 15)), (7, (15, 15, 15)), (30, (15,) * 3)],
)
def test_graduated_waits_are_clipped_to_the_cap(number: int, expected: tuple[int, ...]) -> None:
    assert Plan(Method.GRADUATED, FIRST).waits(number, CONFIG) == waits(*expected)


def test_graduated_waits_under_the_largest_cap() -> None:
    config = configured(cap=minutes(30))
    plan = Plan(Method.GRADUATED, FIRST)
    assert [plan.waits(n, config) for n in (3, 5, 6, 7, 8)] == [
        waits(10, 12, 15),
        waits(15, 17, 20),
        waits(17, 20, 25),
        waits(20, 25, 30),
        waits(20, 25, 30),
    ]
    assert plan.nights == 7


def test_fixed_and_retreat_plans_use_the_configured_waits() -> None:
    for method, nights in ((Method.FIXED, 7), (Method.GRADUAL_RETREAT, 10)):
        plan = Plan(method, FIRST)
        assert plan.waits(3, CONFIG) == waits(5, 10, 15)
        assert plan.nights == nights


def test_gradual_retreat_positions() -> None:
    plan = Plan(Method.GRADUAL_RETREAT, FIRST)
    positions = [plan.position(n) for n in range(1, 13)]
    assert (
        positions
        == [Position.BESIDE_COT] * 3
        + [Position.HALFWAY] * 3
        + [Position.BY_DOOR] * 3
        + [Position.OUTSIDE] * 3
    )
    assert Plan(Method.GRADUATED, FIRST).position(1) is None


def test_a_custom_table() -> None:
    plan = Plan(Method.CUSTOM, FIRST, (waits(2, 4), waits(6)))
    plan.check(CONFIG)
    assert plan.nights == 2
    assert plan.waits(1, CONFIG) == waits(2, 4)
    assert plan.waits(5, CONFIG) == waits(6)


@pytest.mark.parametrize(
    ("table", "code", "placeholders"),
    [
        ((), "plan_table_empty", {}),
        (((),), "plan_night_empty", {"night": "1"}),
        ((waits(5), waits(5, 0)), "plan_wait_invalid", {"night": "2", "wait": "2"}),
        (
            (waits(5), waits(5, 20)),
            "plan_wait_too_long",
            {"night": "2", "wait": "2", "minutes": "20", "cap": "15"},
        ),
    ],
)
def test_a_custom_table_is_refused(
    table: tuple[tuple[timedelta, ...], ...], code: str, placeholders: dict[str, str]
) -> None:
    with pytest.raises(PlanError) as caught:
        Plan(Method.CUSTOM, FIRST, table).check(CONFIG)
    assert caught.value.code == code
    assert caught.value.placeholders == placeholders


def test_only_a_custom_plan_takes_a_table() -> None:
    with pytest.raises(PlanError, match="only a custom plan"):
        Plan(Method.GRADUATED, FIRST, (waits(5),)).check(CONFIG)


def test_a_plan_from_options() -> None:
    plan = Plan.from_options(
        {"method": "custom", "first_night": "2024-06-01", "table": [[2, 4.5], [6]]}, CONFIG
    )
    assert plan == Plan(Method.CUSTOM, FIRST, (waits(2, 4.5), waits(6)))
    plan = Plan.from_options(
        {"method": "graduated", "first_night": "2024-06-01", "advance_only_to_plan": True},
        CONFIG,
    )
    assert plan == Plan(Method.GRADUATED, FIRST, advance_only_to_plan=True)


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"method": "ferber", "first_night": "2024-06-01"}, "method"),
        ({"first_night": "2024-06-01"}, "method"),
        ({"method": "fixed"}, "first_night"),
        ({"method": "fixed", "first_night": "June"}, "first_night"),
        ({"method": "custom", "first_night": "2024-06-01", "table": [5]}, "table"),
        (
            {"method": "fixed", "first_night": "2024-06-01", "advance_only_to_plan": 1},
            "advance_only_to_plan",
        ),
        ({"method": "fixed", "first_night": "2024-06-01", "nights": 3}, "nights"),
    ],
)
def test_bad_plan_options(options: dict[str, object], option: str) -> None:
    with pytest.raises(PlanError) as caught:
        Plan.from_options(options, CONFIG)
    assert caught.value.placeholders == {"option": option}


def test_progress_advances_and_finishes() -> None:
    progress = begin(Plan(Method.CUSTOM, FIRST, (waits(2), waits(4))))
    progress, finished = advance(progress, FIRST - timedelta(days=1), went_to_plan=True)
    assert (progress.number, progress.log, finished) == (1, (), False)
    progress, finished = advance(progress, FIRST, went_to_plan=False)
    assert (progress.number, finished) == (2, False)
    progress, finished = advance(progress, FIRST + timedelta(days=1), went_to_plan=True)
    assert (progress.number, progress.finished, finished) == (2, True, True)
    later, finished = advance(progress, FIRST + timedelta(days=2), went_to_plan=True)
    assert (later, finished) == (progress, False)
    again = repeat(progress)
    assert (again.number, again.finished) == (2, False)
    assert repeat(begin(progress.plan)).number == 1


def test_progress_holds_on_a_paused_night_and_after_an_early_intervention() -> None:
    plan = Plan(Method.GRADUATED, FIRST, advance_only_to_plan=True)
    progress = set_paused(begin(plan), paused=True)
    assert not progress.applies(FIRST)
    progress, _ = advance(progress, FIRST, went_to_plan=True)
    progress = set_paused(progress, paused=False)
    progress, _ = advance(progress, FIRST + timedelta(days=1), went_to_plan=False)
    progress, _ = advance(progress, FIRST + timedelta(days=2), went_to_plan=True)
    assert progress.number == 2
    assert [(r.number, r.paused, r.advanced) for r in progress.log] == [
        (1, True, False),
        (1, False, False),
        (1, False, True),
    ]


def test_progress_round_trips() -> None:
    progress = begin(Plan(Method.CUSTOM, FIRST, (waits(2.5), waits(4)), advance_only_to_plan=True))
    progress, _ = advance(progress, FIRST, went_to_plan=True)
    assert PlanProgress.from_dict(progress.to_dict()) == progress
    with pytest.raises(ValueError, match="0"):
        PlanProgress.from_dict({**progress.to_dict(), "number": 0})


# --- The engine ------------------------------------------------------------------------------


def cry_until_check_in(coach, start: str) -> timedelta:  # type: ignore[no-untyped-def]
    """Cry from ``start``; return the length of the first wait the coach gives."""
    coach.cry(local(start), crying=True)
    coach.tick(local(start) + timedelta(seconds=20))
    status = coach.status()
    assert status.mode is Mode.SELF_SOOTHING
    return status.deadline - status.wait_started


def test_each_waking_gets_tonight_s_plan_waits() -> None:
    coach = ready_coach(configured(cap=minutes(30)))
    effects = coach.start_plan(local("2024-06-01 19:00"), Plan(Method.GRADUATED, FIRST))
    assert effects == [
        PlanNightStarted(
            local("2024-06-01 19:00"),
            FIRST,
            plan_night(begin(Plan(Method.GRADUATED, FIRST)), configured(cap=minutes(30))),
        )
    ]
    assert effects[0].plan_night.waits == waits(3, 5, 10)
    assert cry_until_check_in(coach, "2024-06-01 20:00") == minutes(3)
    coach.tick(local("2024-06-01 20:03:20"))
    assert coach.status().mode is Mode.CHECK_IN_DUE
    coach.more_time(local("2024-06-01 20:04"))
    assert coach.status().deadline == local("2024-06-01 20:09")
    coach.cry(local("2024-06-01 20:05"), crying=False)
    coach.tick(local("2024-06-01 20:10"))
    # A new waking starts again at the night's first wait.
    for name in ("fed", "dry", "safe"):
        coach.need(local("2024-06-01 21:00"), name, met=True)
    assert cry_until_check_in(coach, "2024-06-01 21:00") == minutes(3)
    coach.cry(local("2024-06-01 21:01"), crying=False)
    assert coach.take_plan_effects() == []
    coach.tick(local("2024-06-02 19:00"))
    started = coach.take_plan_effects()
    assert [effect.plan_night.number for effect in started] == [2]  # type: ignore[union-attr]
    assert coach.state.plan is not None
    assert coach.state.plan.log[0].advanced
    assert coach.take_plan_effects() == []


def test_a_plan_finishes_and_keeps_its_last_waits() -> None:
    coach = ready_coach()
    plan = Plan(Method.CUSTOM, FIRST, (waits(2), waits(4)))
    assert len(coach.start_plan(local("2024-06-01 19:00"), plan)) == 1
    coach.tick(local("2024-06-03 12:00"))
    effects = coach.take_plan_effects()
    assert [type(effect) for effect in effects] == [PlanNightStarted, PlanFinished]
    assert effects[-1] == PlanFinished(
        local("2024-06-03 07:00"), date(2024, 6, 2), Method.CUSTOM, 2
    )
    coach.tick(local("2024-06-04 12:00"))
    # No plan night is announced once the plan is over; its last waits still apply.
    assert coach.take_plan_effects() == []
    for name in ("fed", "dry", "safe"):
        coach.need(local("2024-06-04 21:00"), name, met=True)
    assert cry_until_check_in(coach, "2024-06-04 21:00") == minutes(4)


def test_a_plan_cannot_start_on_a_night_that_is_over() -> None:
    coach = ready_coach()
    with pytest.raises(InputError, match="earliest is 2024-06-01"):
        coach.start_plan(local("2024-06-01 20:00"), Plan(Method.FIXED, date(2024, 5, 31)))
    coach.tick(local("2024-06-02 08:00"))
    with pytest.raises(InputError, match="earliest is 2024-06-02"):
        coach.start_plan(local("2024-06-02 08:00"), Plan(Method.FIXED, FIRST))
    with pytest.raises(PlanError):
        coach.start_plan(local("2024-06-02 08:00"), Plan(Method.CUSTOM, FIRST))


def test_the_coming_night_is_the_earliest_first_night() -> None:
    coach = ready_coach()
    assert coach.coming_night(local("2024-06-01 20:00")) == date(2024, 6, 1)
    coach.tick(local("2024-06-02 08:00"))
    assert coach.coming_night(local("2024-06-02 08:00")) == date(2024, 6, 2)


def test_a_future_plan_waits_for_its_first_night() -> None:
    coach = ready_coach()
    assert (
        coach.start_plan(local("2024-06-01 20:00"), Plan(Method.GRADUATED, date(2024, 6, 2))) == []
    )
    assert cry_until_check_in(coach, "2024-06-01 20:00") == minutes(5)
    coach.cry(local("2024-06-01 20:01"), crying=False)
    coach.tick(local("2024-06-02 19:00"))
    assert coach.state.plan is not None
    assert coach.state.plan.number == 1
    assert kinds(coach.take_plan_effects()) == ["plan_night_started"]  # type: ignore[arg-type]


def test_pause_resume_repeat_restart_and_end() -> None:
    coach = ready_coach()
    coach.start_plan(local("2024-06-01 19:00"), Plan(Method.GRADUATED, FIRST))
    assert coach.pause_plan(local("2024-06-01 19:30")) == []
    assert coach.pause_plan(local("2024-06-01 19:30")) == []
    # A paused night is coached with the configured waits.
    assert cry_until_check_in(coach, "2024-06-01 20:00") == minutes(5)
    coach.cry(local("2024-06-01 20:01"), crying=False)
    coach.tick(local("2024-06-02 12:00"))
    assert coach.take_plan_effects() == []
    assert coach.state.plan is not None
    assert coach.state.plan.number == 1
    assert coach.resume_plan(local("2024-06-02 12:00")) == []
    coach.tick(local("2024-06-03 12:00"))
    assert coach.state.plan.number == 2
    coach.repeat_plan_night(local("2024-06-03 12:00"))
    assert coach.state.plan.number == 1
    coach.tick(local("2024-06-04 12:00"))
    coach.tick(local("2024-06-05 12:00"))
    assert coach.state.plan.number == 3
    coach.pause_plan(local("2024-06-05 20:00"))
    effects = coach.resume_plan(local("2024-06-05 20:10"))
    assert [effect.kind.value for effect in effects] == ["plan_night_started"]
    effects = coach.restart_plan(local("2024-06-05 20:20"))
    assert coach.state.plan.number == 1
    assert coach.state.plan.plan.first_night == date(2024, 6, 5)
    assert len(effects) == 1
    assert coach.end_plan(local("2024-06-05 20:30")) == []
    assert coach.state.plan is None
    for change in (coach.pause_plan, coach.repeat_plan_night, coach.restart_plan, coach.end_plan):
        assert change(local("2024-06-05 20:40")) == []


def test_advance_only_after_a_night_that_went_to_plan() -> None:
    coach = ready_coach()
    coach.start_plan(
        local("2024-06-01 19:00"), Plan(Method.GRADUATED, FIRST, advance_only_to_plan=True)
    )
    cry_until_check_in(coach, "2024-06-01 20:00")
    coach.parent_arrived(local("2024-06-01 20:01"))
    coach.cry(local("2024-06-01 20:02"), crying=False)
    coach.parent_left(local("2024-06-01 20:03"))
    coach.tick(local("2024-06-02 12:00"))
    assert coach.recent_nights()[-1].figures.early_interventions == 1
    assert coach.state.plan is not None
    assert coach.state.plan.number == 1
    figures = [report.figures for report in coach.recent_nights()]
    assert plan_figures(coach.state.plan, figures)[0].adherence == 0.0


def test_a_parent_in_the_room_as_planned_is_no_intervention() -> None:
    coach = ready_coach()
    coach.start_plan(local("2024-06-01 19:00"), Plan(Method.GRADUAL_RETREAT, FIRST))
    coach.parent_arrived(local("2024-06-01 19:50"))
    coach.cry(local("2024-06-01 20:00"), crying=True)
    coach.tick(local("2024-06-01 20:40"))
    # No deadline while the parent stays as planned: no check-in is called for.
    assert coach.status().mode is Mode.ATTENDING
    coach.parent_left(local("2024-06-01 20:41"))
    assert coach.status().mode is Mode.SELF_SOOTHING
    coach.parent_arrived(local("2024-06-01 20:42"))
    coach.cry(local("2024-06-01 20:43"), crying=False)
    coach.tick(local("2024-06-01 20:50"))
    assert coach.state.history[-1].outcome is Outcome.SELF_SOOTHED
    # With a need unmet the parent in the room attends, as on any night.
    coach.need(local("2024-06-01 21:00"), "fed", met=False)
    coach.cry(local("2024-06-01 21:00"), crying=True)
    coach.tick(local("2024-06-01 21:01"))
    coach.cry(local("2024-06-01 21:02"), crying=False)
    coach.tick(local("2024-06-01 21:10"))
    assert coach.state.history[-1].outcome is Outcome.ATTENDED_NEED
    coach.parent_left(local("2024-06-01 21:10"))
    coach.parent_arrived(local("2024-06-01 21:11"))


def test_the_16_week_rule_holds_on_a_plan_night() -> None:
    coach = ready_coach(configured(birth_date=date(2024, 5, 1)))
    coach.start_plan(local("2024-06-01 19:00"), Plan(Method.GRADUATED, FIRST))
    coach.cry(local("2024-06-01 20:00"), crying=True)
    coach.tick(local("2024-06-01 20:01"))
    assert coach.status().mode is Mode.NEEDS_ATTENTION
    assert coach.status().reasons == ("age",)


def test_the_state_carries_the_plan() -> None:
    coach = ready_coach()
    coach.start_plan(local("2024-06-01 19:00"), Plan(Method.GRADUATED, FIRST))
    coach.tick(local("2024-06-02 12:00"))
    data = coach.state.to_dict()
    assert CoachState.from_dict(data) == coach.state
    assert read_state(data, CONFIG) == coach.state
    without = ready_coach().state.to_dict()
    assert "plan" not in without
    assert CoachState.from_dict(without).plan is None
    with pytest.raises(StateError):
        CoachState.from_dict({**data, "plan": {"number": 1}})


def test_the_summary_puts_the_first_and_last_nights_side_by_side() -> None:
    coach = ready_coach()
    coach.start_plan(local("2024-06-01 19:00"), Plan(Method.CUSTOM, FIRST, (waits(2), waits(4))))
    coach.pause_plan(local("2024-06-01 19:00"))
    coach.tick(local("2024-06-02 12:00"))
    coach.resume_plan(local("2024-06-02 12:00"))
    coach.tick(local("2024-06-04 12:00"))
    assert coach.state.plan is not None
    assert plan_summary(coach.state.plan, []) is None
    nights = summarise_nights(
        coach.state.history, CONFIG, [FIRST + timedelta(days=n) for n in range(3)]
    )
    summary = plan_summary(coach.state.plan, [report.figures for report in nights])
    assert summary is not None
    assert (summary.first.night, summary.last.night) == (date(2024, 6, 2), date(2024, 6, 3))
    assert (summary.first.number, summary.last.number, summary.nights) == (1, 2, 2)
    assert summary.first.adherence is None
