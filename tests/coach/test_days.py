"""Days: their windows, the figures of their naps, and the reports a coach gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    ChildConfig,
    Coach,
    DayFigures,
    DayState,
    Episode,
    EpisodeKind,
    Nap,
    NapEnd,
    Outcome,
    day_figures,
    day_json,
    day_of,
    day_window,
    days_overlapping,
    episode_json,
    nap_json,
    night_figures,
    summarise_days,
)

from .common import LONDON, minutes
from .test_naps import DAY, day_coach, utc

CONFIG = ChildConfig(time_zone="Europe/London")
EARLY = ChildConfig(time_zone="Europe/London", night_start=time(1, 30), night_end=time(5))


@pytest.mark.parametrize(
    ("config", "day", "start", "end"),
    [
        (CONFIG, date(2024, 6, 2), "2024-06-02 07:00", "2024-06-02 19:00"),
        # The day of the spring change: the clocks go forward in the night before it.
        (CONFIG, date(2024, 3, 31), "2024-03-31 07:00", "2024-03-31 19:00"),
        # A night that ends before midnight's other side: the day spans midnight.
        (EARLY, date(2024, 6, 2), "2024-06-01 05:00", "2024-06-02 01:30"),
    ],
)
def test_a_day_runs_from_one_night_to_the_next(
    config: ChildConfig, day: date, start: str, end: str
) -> None:
    assert day_window(day, config) == (utc(start), utc(end))


@pytest.mark.parametrize(
    ("config", "at", "day"),
    [
        (CONFIG, "2024-06-02 07:00", date(2024, 6, 2)),
        (CONFIG, "2024-06-02 18:59", date(2024, 6, 2)),
        # At night: the day that comes after it.
        (CONFIG, "2024-06-02 19:00", date(2024, 6, 3)),
        (CONFIG, "2024-06-03 03:00", date(2024, 6, 3)),
        (EARLY, "2024-06-01 23:30", date(2024, 6, 2)),
    ],
)
def test_the_day_of_an_instant(config: ChildConfig, at: str, day: date) -> None:
    assert day_of(utc(at), config) == day


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2024-06-02 06:00", "2024-06-02 06:30", []),
        ("2024-06-02 06:00", "2024-06-02 12:00", [date(2024, 6, 2)]),
        ("2024-06-02 12:00", "2024-06-03 03:00", [date(2024, 6, 2)]),
        ("2024-06-02 12:00", "2024-06-03 08:00", [date(2024, 6, 2), date(2024, 6, 3)]),
        ("2024-06-02 20:00", "2024-06-03 03:00", []),
    ],
)
def test_days_overlapping(start: str, end: str, days: list[date]) -> None:
    assert days_overlapping(utc(start), utc(end), CONFIG) == days


def at(day: date, clock: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(clock), LONDON).astimezone(UTC)


def nap_episode(
    day: date, start: str, cry: float, kind: EpisodeKind, outcome: Outcome, *, check_ins: int = 0
) -> Episode:
    return Episode(
        night=day,
        start=at(day, start),
        end=at(day, start) + minutes(cry),
        outcome=outcome,
        reasons=(),
        cry_time=minutes(cry),
        check_ins=check_ins,
        kind=kind,
    )


def a_nap(
    day: date, start: str, asleep: float | None, sleep: float, episodes: tuple[Episode, ...] = ()
) -> Nap:
    begin = at(day, start)
    return Nap(
        day=day,
        start=begin,
        end=begin + minutes(90),
        ended_by=NapEnd.ENDED,
        awake_since=None,
        asleep=None if asleep is None else begin + minutes(asleep),
        sleep=minutes(sleep),
        episodes=episodes,
    )


MORNING = a_nap(
    DAY,
    "09:00",
    asleep=4,
    sleep=80,
    episodes=(
        nap_episode(DAY, "09:00", 3, EpisodeKind.FALLING_ASLEEP, Outcome.SELF_SOOTHED),
        nap_episode(DAY, "10:00", 2, EpisodeKind.NAP_WAKING, Outcome.SELF_SOOTHED),
    ),
)
AFTERNOON = a_nap(
    DAY,
    "13:00",
    asleep=10,
    sleep=60,
    episodes=(
        nap_episode(
            DAY, "13:00", 6, EpisodeKind.FALLING_ASLEEP, Outcome.SETTLED_AFTER_CHECK_IN, check_ins=1
        ),
        nap_episode(
            DAY, "14:00", 4, EpisodeKind.NAP_WAKING, Outcome.EARLY_INTERVENTION, check_ins=1
        ),
    ),
)
ATTEMPT = a_nap(
    DAY,
    "16:00",
    asleep=None,
    sleep=0,
    episodes=(
        nap_episode(
            DAY, "16:00", 5, EpisodeKind.FALLING_ASLEEP, Outcome.ATTENDED_NEED, check_ins=1
        ),
    ),
)


def test_day_figures() -> None:
    other = a_nap(DAY - timedelta(days=1), "09:00", asleep=0, sleep=90)
    figures = day_figures(DAY, [AFTERNOON, MORNING, ATTEMPT, other])
    assert figures == DayFigures(
        day=DAY,
        naps=2,
        day_sleep_minutes=140,
        median_minutes_to_fall_asleep=7,
        falling_asleep_cry_minutes=14,
        nap_cry_minutes=20,
        wakings=2,
        self_soothed=1,
        check_ins=3,
        interventions=3,
    )


def test_a_day_without_naps() -> None:
    assert day_figures(DAY, []) == DayFigures(DAY, 0, 0, None, 0, 0, 0, 0, 0, 0)


def test_summarise_days_in_date_order_without_double_counting() -> None:
    yesterday = a_nap(DAY - timedelta(days=1), "09:00", asleep=0, sleep=90)
    days = summarise_days([MORNING, yesterday], [DAY, DAY - timedelta(days=1), DAY])
    assert [(d.day, d.naps, d.day_sleep_minutes) for d in days] == [
        (DAY - timedelta(days=1), 1, 90),
        (DAY, 1, 80),
    ]


def test_night_figures_leave_a_nap_s_episodes_out() -> None:
    figures = night_figures(DAY, MORNING.episodes, ("fed",))
    assert figures.episodes == 0


def test_json() -> None:
    assert day_json(day_figures(DAY, [MORNING, AFTERNOON])) == {
        "day": "2024-06-02",
        "naps": 2,
        "day_sleep_minutes": 140.0,
        "median_minutes_to_fall_asleep": 7.0,
        "falling_asleep_cry_minutes": 9.0,
        "nap_cry_minutes": 15.0,
        "wakings": 2,
        "self_soothed": 1,
        "check_ins": 2,
        "interventions": 2,
    }
    data = nap_json(ATTEMPT, LONDON)
    assert data == {
        "day": "2024-06-02",
        "start": "2024-06-02T16:00:00+01:00",
        "end": "2024-06-02T17:30:00+01:00",
        "ended_by": "ended",
        "awake_since": None,
        "asleep": None,
        "awake_before_minutes": None,
        "minutes_to_fall_asleep": None,
        "falling_asleep_cry_minutes": 5.0,
        "sleep_minutes": 0.0,
        "episodes": [episode_json(ATTEMPT.episodes[0], LONDON)],
    }
    assert data["episodes"][0]["kind"] == "falling_asleep"  # type: ignore[index]


def test_a_coach_reports_the_latest_day_and_the_14_before() -> None:
    coach = day_coach()
    assert [day.day for day in coach.recent_days()] == [DAY]
    coach.nap_started(utc("2024-06-02 09:00"))
    coach.nap_ended(utc("2024-06-02 10:00"))
    (today,) = coach.recent_days()
    assert (today.naps, today.day_sleep_minutes) == (1, 60)
    # At night the day before tonight is the latest, and it is over.
    coach.tick(utc("2024-06-02 23:00"))
    assert [day.day for day in coach.recent_days()] == [DAY]
    coach.tick(utc("2024-06-20 12:00"))
    days = coach.recent_days()
    assert len(days) == 15
    assert days[-1].day == date(2024, 6, 20)
    assert days[0].day == date(2024, 6, 6)
    assert all(day.naps == 0 for day in days)


def test_a_coach_forgets_naps_no_figure_needs() -> None:
    coach = day_coach()
    old = a_nap(DAY - timedelta(days=15), "09:00", asleep=0, sleep=90)
    kept = a_nap(DAY - timedelta(days=14), "09:00", asleep=0, sleep=90)
    # A stored state is tidied as the coach resumes: in time order, without the old nap.
    resumed = Coach(coach.config, replace(coach.state, day=DayState(naps=(kept, MORNING, old))))
    assert resumed.state.day.naps == (kept, MORNING)
    untouched = Coach(coach.config, resumed.state)
    assert untouched.state is resumed.state
    # And when a nap ends, the day that is now too old goes.
    resumed.tick(utc("2024-06-03 08:00"))
    resumed.nap_started(utc("2024-06-03 09:00"))
    resumed.nap_ended(utc("2024-06-03 10:00"))
    assert [nap.day for nap in resumed.state.day.naps] == [DAY, date(2024, 6, 3)]
