"""The nights that are over: what the trend sensors show and long-term statistics keep.

A night is over once the core has ended it (`night_ended`): its window has closed and no
episode of it is still open. Until then its figures still change, so the trend sensors show
the last night that is over ("last night": in daytime the night that ended this morning, at
night the one before) and only nights that are over go to long-term statistics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from .coach import CoachState, NightReport
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
