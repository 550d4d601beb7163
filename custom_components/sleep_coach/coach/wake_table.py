"""The table of typical wake windows by age, as data (its sources: docs/wake-windows.md).

A leaf module: the configuration holds a family's own table in the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class WakeWindow:
    """One row of a wake-window table: from an age in whole months, until the next row."""

    from_months: int
    shortest: timedelta
    """The shortest usual awake time between sleeps."""
    longest: timedelta
    """The longest usual awake time; never shorter than ``shortest``."""
    naps: tuple[int, int]
    """The typical number of naps a day at this age, fewest and most."""


def _row(from_months: int, shortest: int, longest: int, naps: tuple[int, int]) -> WakeWindow:
    return WakeWindow(from_months, timedelta(minutes=shortest), timedelta(minutes=longest), naps)


WAKE_WINDOWS: tuple[WakeWindow, ...] = (
    _row(0, 45, 60, (4, 8)),
    _row(1, 60, 90, (4, 6)),
    _row(3, 75, 120, (3, 5)),
    _row(4, 90, 120, (3, 4)),
    _row(5, 120, 180, (2, 3)),
    _row(7, 150, 210, (2, 3)),
    _row(11, 180, 240, (2, 2)),
    _row(13, 210, 300, (1, 2)),
    _row(18, 270, 360, (1, 1)),
)
"""Typical wake windows by age in months, compiled from the sources in docs/wake-windows.md."""

MAX_WAKE_WINDOW = timedelta(hours=12)
"""No row of a family's own table may keep a child awake longer than this."""


def months_old(birth_date: date, on: date) -> int:
    """Return the child's age in whole months on ``on`` (0 before the first month)."""
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    if on.day < birth_date.day:
        months -= 1
    return max(months, 0)


def row_for(table: tuple[WakeWindow, ...], months: int) -> WakeWindow:
    """Return the row of ``table`` (ages rising from 0) for a child ``months`` old."""
    row = table[0]
    for candidate in table:
        if candidate.from_months <= months:
            row = candidate
    return row
