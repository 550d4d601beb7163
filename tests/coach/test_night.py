"""Night windows across midnight and DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from custom_components.sleep_coach.coach import (
    ChildConfig,
    Outcome,
    Settled,
    latest_night_started,
    night_of,
    night_window,
    nights_overlapping,
)

from .common import configured, local, minutes, ready_coach

LONDON = ChildConfig(time_zone="Europe/London")
NEW_YORK = ChildConfig(time_zone="America/New_York")


def utc(text: str) -> datetime:
    """Return a UTC time such as "2024-03-31 01:30"."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("config", "night", "hours"),
    [
        (LONDON, date(2024, 6, 1), 12),
        (LONDON, date(2024, 3, 30), 11),  # clocks go forward at 01:00 GMT
        (LONDON, date(2024, 10, 26), 13),  # clocks go back at 02:00 BST
        (NEW_YORK, date(2024, 3, 9), 11),
        (NEW_YORK, date(2024, 11, 2), 13),
    ],
)
def test_a_night_lasts_as_long_as_it_really_does(
    config: ChildConfig, night: date, hours: int
) -> None:
    start, end = night_window(night, config)
    assert start == datetime.combine(night, time(19), config.zone)
    assert end - start == timedelta(hours=hours)


def test_night_is_dated_by_its_evening() -> None:
    assert night_of(local("2024-06-01 18:59:59"), LONDON) is None
    assert night_of(local("2024-06-01 19:00"), LONDON) == date(2024, 6, 1)
    assert night_of(local("2024-06-02 02:00"), LONDON) == date(2024, 6, 1)
    assert night_of(local("2024-06-02 06:59:59"), LONDON) == date(2024, 6, 1)
    assert night_of(local("2024-06-02 07:00"), LONDON) is None


def test_the_repeated_hour_belongs_to_the_night() -> None:
    # 01:30 happens twice on 27 October 2024 in London: at 00:30 and 01:30 UTC.
    assert night_of(utc("2024-10-27 00:30"), LONDON) == date(2024, 10, 26)
    assert night_of(utc("2024-10-27 01:30"), LONDON) == date(2024, 10, 26)


def test_a_window_within_one_day() -> None:
    naps = ChildConfig(time_zone="Europe/London", night_start=time(13), night_end=time(15))
    assert night_window(date(2024, 6, 1), naps) == (
        utc("2024-06-01 12:00"),
        utc("2024-06-01 14:00"),
    )
    assert night_of(local("2024-06-01 14:00"), naps) == date(2024, 6, 1)
    assert night_of(local("2024-06-01 15:00"), naps) is None


def test_a_bound_in_a_skipped_hour_moves_forward() -> None:
    early = ChildConfig(time_zone="Europe/London", night_start=time(1, 30), night_end=time(5))
    start, end = night_window(date(2024, 3, 31), early)
    assert start == utc("2024-03-31 01:30")  # 02:30 BST: 01:30 GMT never happened
    assert end == utc("2024-03-31 04:00")


def test_a_bound_in_a_repeated_hour_is_its_first_occurrence() -> None:
    late = ChildConfig(time_zone="Europe/London", night_start=time(19), night_end=time(1, 30))
    assert night_window(date(2024, 10, 26), late)[1] == utc("2024-10-27 00:30")


def test_latest_night_started() -> None:
    assert latest_night_started(local("2024-06-01 18:00"), LONDON) == date(2024, 5, 31)
    assert latest_night_started(local("2024-06-01 19:00"), LONDON) == date(2024, 6, 1)
    assert latest_night_started(local("2024-06-02 03:00"), LONDON) == date(2024, 6, 1)


@pytest.mark.parametrize(
    ("start", "end", "nights"),
    [
        ("2024-06-01 18:00", "2024-06-02 07:30", [date(2024, 6, 1)]),
        ("2024-06-01 19:00", "2024-06-02 07:00", [date(2024, 6, 1)]),
        ("2024-06-02 06:00", "2024-06-02 20:00", [date(2024, 6, 1), date(2024, 6, 2)]),
        ("2024-06-02 08:00", "2024-06-02 18:00", []),
        ("2024-06-01 12:00", "2024-06-03 12:00", [date(2024, 6, 1), date(2024, 6, 2)]),
    ],
)
def test_nights_overlapping(start: str, end: str, nights: list[date]) -> None:
    assert nights_overlapping(local(start), local(end), LONDON) == nights


def test_an_episode_in_the_repeated_hour_lasts_as_it_really_did() -> None:
    config = configured(waits=(minutes(30),), cap=minutes(30))
    coach = ready_coach(config, at=utc("2024-10-27 00:00"))
    coach.cry(utc("2024-10-27 00:30"), crying=True)  # 01:30 BST
    coach.parent_arrived(utc("2024-10-27 00:50"))
    coach.cry(utc("2024-10-27 01:10"), crying=False)  # 01:10 GMT, "earlier" on the wall
    (effect,) = [e for e in coach.tick(utc("2024-10-27 01:15")) if isinstance(e, Settled)]
    episode = effect.episode
    assert episode.settle_time == minutes(40)
    assert episode.cry_time == minutes(40)
    assert episode.night == date(2024, 10, 26)
    assert episode.outcome is Outcome.EARLY_INTERVENTION


def test_an_episode_across_the_skipped_hour_lasts_as_it_really_did() -> None:
    coach = ready_coach(at=utc("2024-03-31 00:30"))
    coach.cry(utc("2024-03-31 00:50"), crying=True)  # 00:50 GMT
    coach.cry(utc("2024-03-31 00:52"), crying=False)
    coach.cry(utc("2024-03-31 00:54"), crying=True)
    coach.cry(utc("2024-03-31 01:05"), crying=False)  # 02:05 BST
    (effect,) = [e for e in coach.tick(utc("2024-03-31 01:10")) if isinstance(e, Settled)]
    assert effect.episode.settle_time == minutes(15)
    assert effect.episode.cry_time == minutes(13)


def test_new_york_nights_in_both_directions() -> None:
    for night, hours in ((date(2024, 3, 9), 11), (date(2024, 11, 2), 13)):
        start, end = night_window(night, NEW_YORK)
        assert start.astimezone(ZoneInfo("America/New_York")).hour == 19
        assert end.astimezone(ZoneInfo("America/New_York")).hour == 7
        assert (end - start) / timedelta(hours=1) == hours
