"""How the glue writes the core's values for Home Assistant: times and percentages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from datetime import datetime
    from zoneinfo import ZoneInfo

PERCENT: Final = 100


def iso(moment: datetime | None, zone: ZoneInfo | None = None) -> str | None:
    """Return a time as ISO 8601 (in `zone`, when given, with its offset), None for None."""
    if moment is None:
        return None
    return (moment if zone is None else moment.astimezone(zone)).isoformat()


def percent(rate: float | None) -> float | None:
    """Return a rate from 0 to 1 as a percentage; None (no rate) stays None."""
    return None if rate is None else rate * PERCENT
