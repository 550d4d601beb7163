"""The nights and days that are over: what the trend sensors show and statistics keep.

A night is over once the core has ended it (`night_ended`): its window has closed and no
episode of it is still open. Until then its figures still change, so the trend sensors show
the last night that is over ("last night": in daytime the night that ended this morning, at
night the one before) and only nights that are over go to long-term statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from .coach import day_window, latest_night_started

if TYPE_CHECKING:
    from .coach import CoachState, DayFigures, NightReport
    from .runtime import ChildCoach

# Every trend sensor asks on every status change; the core's state is immutable and
# replaced on every change, so the reports are summarised once per state.
_REPORTS: WeakKeyDictionary[ChildCoach, tuple[CoachState, tuple[NightReport, ...]]] = (
    WeakKeyDictionary()
)


def finished_nights(child: ChildCoach) -> tuple[NightReport, ...]:
    """Return the reports of the recent nights that are over, oldest first."""
    state = child.coach.state
    cached = _REPORTS.get(child)
    if cached is not None and cached[0] is state:
        return cached[1]
    reports = tuple(
        report for report in child.recent_nights() if report.figures.night != state.night
    )
    _REPORTS[child] = (state, reports)
    return reports


def last_night(child: ChildCoach) -> NightReport | None:
    """Return the report of the latest night that is over, or None before the first."""
    reports = finished_nights(child)
    return reports[-1] if reports else None


# Days ---------------------------------------------------------------------------------------
# A day is dated like the night after it and is over once that night has begun (decision
# 0019); until then its figures still change. The day sensors show the latest day the coach
# observed: in daytime today's so far, at night the day before tonight, which is over.

_DAYS: WeakKeyDictionary[ChildCoach, tuple[tuple[object, ...], tuple[DayFigures, ...]]] = (
    WeakKeyDictionary()
)


def recent_days(child: ChildCoach) -> tuple[DayFigures, ...]:
    """Return the figures of the recent days, oldest first (summarised once per nap history).

    They follow from the finished naps (a tuple replaced when a nap ends), when the coach
    started and the day under way, so a cry at night leaves them as they were.
    """
    state = child.coach.state
    key = (
        state.day.naps,
        state.started,
        state.night,
        latest_night_started(state.clock, child.config),
    )
    cached = _DAYS.get(child)
    if cached is None or cached[0] != key:
        cached = (key, child.coach.recent_days())
        _DAYS[child] = cached
    return cached[1]


def today(child: ChildCoach) -> DayFigures | None:
    """Return the figures of the latest day the coach observed, or None before the first."""
    days = recent_days(child)
    return days[-1] if days else None


def finished_days(child: ChildCoach) -> tuple[DayFigures, ...]:
    """Return the figures of the recent days that are over (their night has begun)."""
    state = child.coach.state
    return tuple(
        figures
        for figures in recent_days(child)
        if day_window(figures.day, child.config)[1] <= state.clock
    )
