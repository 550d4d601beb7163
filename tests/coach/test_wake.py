"""Awake since, the wake-window table, the next sleep window and how it narrows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    WAKE_WINDOWS,
    Coach,
    CoachState,
    Episode,
    EpisodeKind,
    Nap,
    NapEnd,
    Outcome,
    SleepWindowOpened,
    WakeWindow,
    day_window,
    months_old,
    sleep_window,
    wake_window_for,
    went_well,
)
from custom_components.sleep_coach.coach.wake import LEARN_MIN_NAP_DAYS, LEARN_MIN_SAMPLES

from .common import CONFIG, configured, local, minutes
from .test_naps import DAY, day_coach, utc


def windows(coach: Coach) -> list[SleepWindowOpened]:
    return [e for e in coach.take_day_effects() if isinstance(e, SleepWindowOpened)]


class TestAwakeSince:
    def test_unknown_until_the_coach_sees_the_baby_wake(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-02 12:00"))
        assert coach.awake_since() is None
        assert coach.next_sleep_window() is None
        assert coach.next_wakeup() == utc("2024-06-02 19:00")

    def test_the_end_of_the_night(self) -> None:
        coach = day_coach()
        assert coach.awake_since() == utc("2024-06-02 07:00")

    def test_a_waking_that_keeps_the_night_open_ends_it_later(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-02 06:00"))
        coach.cry(local("2024-06-02 06:00"), crying=False)
        coach.cry(local("2024-06-02 06:55"), crying=True)
        coach.cry(local("2024-06-02 07:10"), crying=False)
        coach.tick(local("2024-06-02 07:20"))
        assert coach.awake_since() == utc("2024-06-02 07:13")

    def test_none_at_night_and_during_a_nap(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:30"))
        assert coach.awake_since() is None
        assert coach.next_sleep_window() is None
        coach.tick(local("2024-06-02 20:00"))
        assert coach.awake_since() is None

    def test_the_end_of_a_nap_the_baby_slept_in(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:30"))
        coach.nap_ended(local("2024-06-02 09:30"))
        assert coach.awake_since() == utc("2024-06-02 09:30")


class TestTable:
    def test_rows_rise_from_birth(self) -> None:
        assert WAKE_WINDOWS[0].from_months == 0
        ages = [row.from_months for row in WAKE_WINDOWS]
        assert ages == sorted(set(ages))
        for row in WAKE_WINDOWS:
            assert timedelta(0) < row.shortest <= row.longest
            assert 0 < row.naps[0] <= row.naps[1]
        # Older babies stay awake longer and nap less.
        assert [row.shortest for row in WAKE_WINDOWS] == sorted(r.shortest for r in WAKE_WINDOWS)
        assert [row.naps[1] for row in WAKE_WINDOWS] == sorted(
            (row.naps[1] for row in WAKE_WINDOWS), reverse=True
        )

    @pytest.mark.parametrize(
        ("born", "on", "months"),
        [
            (date(2024, 1, 10), date(2024, 1, 10), 0),
            (date(2024, 1, 10), date(2024, 2, 9), 0),
            (date(2024, 1, 10), date(2024, 2, 10), 1),
            (date(2024, 1, 31), date(2024, 2, 29), 0),
            (date(2023, 11, 5), date(2024, 6, 2), 6),
            (date(2024, 9, 1), date(2024, 6, 2), 0),  # not born yet: the first row
        ],
    )
    def test_age_in_whole_months(self, born: date, on: date, months: int) -> None:
        assert months_old(born, on) == months

    def test_the_row_for_the_child_s_age(self) -> None:
        at = utc("2024-06-02 07:00")
        assert wake_window_for(configured(birth_date=None), at) is None
        row = wake_window_for(CONFIG, at)  # born 1 January: 5 months old
        assert row is not None
        assert (row.shortest, row.longest, row.naps) == (minutes(120), minutes(180), (2, 3))
        old = wake_window_for(configured(birth_date=date(2020, 1, 1)), at)
        assert old == WAKE_WINDOWS[-1]

    def test_the_family_s_own_table(self) -> None:
        own = (
            WakeWindow(0, minutes(30), minutes(40), (5, 6)),
            WakeWindow(5, minutes(100), minutes(110), (3, 3)),
        )
        row = wake_window_for(configured(wake_windows=own), utc("2024-06-02 07:00"))
        assert row == own[1]


class TestNextWindow:
    def test_from_awake_since_by_the_table(self) -> None:
        coach = day_coach()
        window = coach.next_sleep_window()
        assert window is not None
        assert window.awake_since == utc("2024-06-02 07:00")
        assert (window.earliest, window.latest) == (
            utc("2024-06-02 09:00"),
            utc("2024-06-02 10:00"),
        )
        assert not window.learned
        assert window.naps == (2, 3)

    def test_no_window_without_a_birth_date(self) -> None:
        coach = day_coach(configured(birth_date=None, allow_under_16_weeks=True))
        assert coach.next_sleep_window() is None
        assert coach.next_wakeup() == utc("2024-06-02 19:00")

    def test_the_window_opens_once(self) -> None:
        coach = day_coach()
        assert coach.next_wakeup() == utc("2024-06-02 09:00")
        assert coach.tick(local("2024-06-02 09:30")) == []
        assert windows(coach) == [
            SleepWindowOpened(
                utc("2024-06-02 09:00"),
                utc("2024-06-02 07:00"),
                utc("2024-06-02 09:00"),
                utc("2024-06-02 10:00"),
                learned=False,
            )
        ]
        assert coach.next_wakeup() == utc("2024-06-02 19:00")
        coach.tick(local("2024-06-02 12:00"))
        assert windows(coach) == []
        # Still shown until the baby sleeps.
        assert coach.next_sleep_window() is not None

    def test_a_window_announced_is_not_announced_again_after_a_restart(self) -> None:
        coach = day_coach()
        coach.tick(local("2024-06-02 09:30"))
        assert len(windows(coach)) == 1
        stored = json.loads(json.dumps(coach.state.to_dict()))
        resumed = Coach(CONFIG, CoachState.from_dict(stored))
        resumed.tick(local("2024-06-02 10:30"))
        assert windows(resumed) == []

    def test_a_window_due_while_the_coach_was_down_opens_on_the_next_tick(self) -> None:
        coach = day_coach()
        coach.tick(local("2024-06-02 08:00"))
        stored = json.loads(json.dumps(coach.state.to_dict()))
        resumed = Coach(CONFIG, CoachState.from_dict(stored))
        resumed.tick(local("2024-06-02 09:40"))
        (opened,) = windows(resumed)
        assert opened.at == utc("2024-06-02 09:00")

    def test_a_nap_started_before_the_window_uses_it(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:30"))
        coach.nap_ended(local("2024-06-02 08:31"))  # the baby never fell asleep
        coach.tick(local("2024-06-02 12:00"))
        assert windows(coach) == []

    def test_after_a_nap_the_next_window_follows_its_end(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:30"))
        coach.nap_ended(local("2024-06-02 09:30"))
        coach.tick(local("2024-06-02 12:00"))
        (opened,) = windows(coach)
        assert (opened.at, opened.latest) == (utc("2024-06-02 11:30"), utc("2024-06-02 12:30"))

    def test_a_window_after_the_night_begins_is_never_announced(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 16:00"))
        coach.nap_ended(local("2024-06-02 17:30"))
        coach.tick(local("2024-06-02 20:00"))
        assert windows(coach) == []
        assert coach.next_sleep_window() is None


def nap(
    day: date,
    *,
    awake: float = 150,
    to_sleep: float = 5,
    slept: float = 60,
    falling_asleep: Outcome | None = None,
    awake_known: bool = True,
) -> Nap:
    """Return a nap on ``day`` at 10:00 London time, after ``awake`` minutes awake."""
    start = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=9)
    asleep = start + minutes(to_sleep)
    episodes = ()
    if falling_asleep is not None:
        episodes = (
            Episode(
                night=day,
                start=start,
                end=asleep,
                outcome=falling_asleep,
                reasons=(),
                cry_time=minutes(to_sleep),
                check_ins=0,
                kind=EpisodeKind.FALLING_ASLEEP,
            ),
        )
    return Nap(
        day=day,
        start=start,
        end=asleep + minutes(slept),
        ended_by=NapEnd.ENDED,
        awake_since=asleep - minutes(awake) if awake_known else None,
        asleep=asleep,
        sleep=minutes(slept),
        episodes=episodes,
    )


class TestWentWell:
    def test_a_good_nap(self) -> None:
        assert went_well(nap(DAY))
        assert went_well(nap(DAY, to_sleep=20, slept=30, falling_asleep=Outcome.SELF_SOOTHED))

    @pytest.mark.parametrize(
        "changes",
        [
            {"to_sleep": 21},
            {"slept": 29},
            {"falling_asleep": Outcome.EARLY_INTERVENTION},
            {"falling_asleep": Outcome.SETTLED_BEFORE_PARENT},
        ],
    )
    def test_a_nap_that_did_not_go_well(self, changes: dict[str, object]) -> None:
        assert not went_well(nap(DAY, **changes))  # type: ignore[arg-type]

    def test_a_nap_without_sleep(self) -> None:
        assert not went_well(replace(nap(DAY), asleep=None, sleep=timedelta(0)))


AWAKE = utc("2024-06-02 07:00")
LONG_AGO = utc("2024-05-01 07:00")


def history(awake_times: list[float], *, days: int = 14) -> tuple[Nap, ...]:
    """Return naps on the ``days`` days before 2 June, cycling through ``awake_times``."""
    return tuple(
        nap(DAY - timedelta(days=1 + index % days), awake=awake)
        for index, awake in enumerate(awake_times)
    )


class TestLearning:
    def test_narrows_toward_the_child_s_own_awake_times(self) -> None:
        # Quartiles of 140..155 (16 naps, one a minute) are 143.75 and 151.25 minutes.
        naps = history([140 + index for index in range(16)])
        window = sleep_window(CONFIG, AWAKE, naps, LONG_AGO)
        assert window is not None
        assert window.learned
        assert window.earliest == AWAKE + minutes((120 + 143.75) / 2)
        assert window.latest == AWAKE + minutes((180 + 151.25) / 2)

    def test_clamped_to_the_table(self) -> None:
        short = sleep_window(CONFIG, AWAKE, history([60] * 14), LONG_AGO)
        assert short is not None
        assert (short.earliest, short.latest) == (AWAKE + minutes(120), AWAKE + minutes(120))
        long = sleep_window(CONFIG, AWAKE, history([300] * 14), LONG_AGO)
        assert long is not None
        assert (long.earliest, long.latest) == (AWAKE + minutes(180), AWAKE + minutes(180))

    def test_needs_two_weeks_of_listening(self) -> None:
        naps = history([150] * 14)
        started = day_window(DAY - timedelta(days=14), CONFIG)[0]
        assert sleep_window(CONFIG, AWAKE, naps, started).learned  # type: ignore[union-attr]
        late = started + timedelta(seconds=1)
        assert not sleep_window(CONFIG, AWAKE, naps, late).learned  # type: ignore[union-attr]

    def test_needs_naps_on_enough_days(self) -> None:
        enough = history([150] * 14, days=LEARN_MIN_NAP_DAYS)
        assert sleep_window(CONFIG, AWAKE, enough, LONG_AGO).learned  # type: ignore[union-attr]
        few = history([150] * 14, days=LEARN_MIN_NAP_DAYS - 1)
        assert not sleep_window(CONFIG, AWAKE, few, LONG_AGO).learned  # type: ignore[union-attr]

    def test_needs_enough_naps_that_went_well(self) -> None:
        good = history([150] * LEARN_MIN_SAMPLES)
        assert sleep_window(CONFIG, AWAKE, good, LONG_AGO).learned  # type: ignore[union-attr]
        bad = (*history([150] * (LEARN_MIN_SAMPLES - 1)), nap(DAY - timedelta(days=3), slept=10))
        assert not sleep_window(CONFIG, AWAKE, bad, LONG_AGO).learned  # type: ignore[union-attr]
        unknown = (
            *history([150] * (LEARN_MIN_SAMPLES - 1)),
            nap(DAY - timedelta(days=3), awake_known=False),
        )
        assert not sleep_window(CONFIG, AWAKE, unknown, LONG_AGO).learned  # type: ignore[union-attr]

    def test_today_and_older_days_do_not_count(self) -> None:
        # Ten days with naps, nine that went well: one short of learning.
        within = (*history([150] * 9, days=9), nap(DAY - timedelta(days=10), slept=10))
        window = sleep_window(CONFIG, AWAKE, within, LONG_AGO)
        assert window is not None
        assert not window.learned
        outside = (nap(DAY), nap(DAY - timedelta(days=15)))
        window = sleep_window(CONFIG, AWAKE, (*within, *outside), LONG_AGO)
        assert window is not None
        assert not window.learned
        window = sleep_window(CONFIG, AWAKE, (*within, nap(DAY - timedelta(days=14))), LONG_AGO)
        assert window is not None
        assert window.learned

    def test_the_coach_announces_the_learned_window(self) -> None:
        coach = day_coach()
        state = replace(
            coach.state, day=replace(coach.state.day, naps=history([150] * 14)), started=LONG_AGO
        )
        coach = Coach(CONFIG, state)
        window = coach.next_sleep_window()
        assert window is not None
        assert window.learned
        coach.tick(local("2024-06-02 12:00"))
        (opened,) = windows(coach)
        assert opened.learned
        assert (opened.earliest, opened.latest) == (window.earliest, window.latest)
