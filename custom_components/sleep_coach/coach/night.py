"""Night windows: local wall-clock bounds, measured as real (UTC) instants.

A night is dated by its evening. Its window starts at ``night_start`` on that date and ends
at ``night_end`` on the next morning (or the same day, when the end is later than the start).
Bounds are local times of the child's IANA time zone turned into UTC instants, so a night
with a DST change is as long as it really is: an hour that repeats is counted twice, an hour
that vanishes not at all. A bound inside a repeated hour means its first occurrence; a bound
inside a skipped hour moves forward by the length of the gap.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from .config import ChildConfig

ONE_DAY = timedelta(days=1)


def night_window(night: date, config: ChildConfig) -> tuple[datetime, datetime]:
    """Return the UTC start (inclusive) and end (exclusive) of the night dated ``night``."""
    return _window(night, config.night_start, config.night_end, config.zone)


# The coach asks for the same few windows on every input; a time zone conversion costs
# more than all of its other work on a cry. A few weeks of windows cover every caller.
@lru_cache(maxsize=64)
def _window(night: date, start: time, end: time, zone: ZoneInfo) -> tuple[datetime, datetime]:
    end_date = night + ONE_DAY if end < start else night
    return (
        datetime.combine(night, start, zone).astimezone(UTC),
        datetime.combine(end_date, end, zone).astimezone(UTC),
    )


def local_date(at: datetime, config: ChildConfig) -> date:
    """Return the calendar date of an instant in the child's time zone."""
    return at.astimezone(config.zone).date()


def night_of(at: datetime, config: ChildConfig) -> date | None:
    """Return the night whose window contains ``at``, or ``None`` in daytime."""
    today = local_date(at, config)
    for night in (today - ONE_DAY, today):
        start, end = night_window(night, config)
        if start <= at < end:
            return night
    return None


def latest_night_started(at: datetime, config: ChildConfig) -> date:
    """Return the latest night whose window started at or before ``at``."""
    today = local_date(at, config)
    start, _ = night_window(today, config)
    return today if start <= at else today - ONE_DAY


def nights_overlapping(start: datetime, end: datetime, config: ChildConfig) -> list[date]:
    """Return, in order, every night whose window overlaps the span from start to end."""
    first = latest_night_started(start, config)
    if night_window(first, config)[1] <= start:
        first += ONE_DAY
    last = latest_night_started(end, config)
    return [first + ONE_DAY * offset for offset in range((last - first).days + 1)]


# Days --------------------------------------------------------------------------------------
# A day is the daytime before a night and carries that night's date: the day dated 1 Dec
# runs from the end of the night of 30 Nov to the start of the night of 1 Dec. Naps belong
# to the day they start in, so none is counted twice, whichever midnight lies in between.


def day_window(day: date, config: ChildConfig) -> tuple[datetime, datetime]:
    """Return the UTC start (inclusive) and end (exclusive) of the day dated ``day``."""
    return night_window(day - ONE_DAY, config)[1], night_window(day, config)[0]


def day_of(at: datetime, config: ChildConfig) -> date:
    """Return the day under way at ``at``, or during a night the day that comes after it."""
    return latest_night_started(at, config) + ONE_DAY


def days_overlapping(start: datetime, end: datetime, config: ChildConfig) -> list[date]:
    """Return, in order, every day whose window overlaps the span from start to end."""
    first = day_of(start, config)
    tonight = night_of(end, config)
    last = day_of(end, config) if tonight is None else tonight
    return [first + ONE_DAY * offset for offset in range((last - first).days + 1)]
