"""Who is on duty: the household's rota for night wakings.

A family lists its parents in order and picks a rota:

- ``manual``: whoever the family last chose stays on duty;
- ``alternate_nights``: the parents take whole nights in turn, by the night's date;
- ``split_night``: the first parent has the night until the split time, the second after.

Pure functions of the time, so the Home Assistant glue only asks and schedules.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from .night import ONE_DAY, latest_night_started, night_of, night_window

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .config import ChildConfig


class Rota(StrEnum):
    """How the night duty is shared."""

    MANUAL = "manual"
    ALTERNATE_NIGHTS = "alternate_nights"
    SPLIT_NIGHT = "split_night"


def duty_night(at: datetime, config: ChildConfig) -> date:
    """Return the night a duty at ``at`` belongs to: this one, or in daytime the coming one."""
    night = night_of(at, config)
    return latest_night_started(at, config) + ONE_DAY if night is None else night


def split_instant(night: date, split: time, config: ChildConfig) -> datetime:
    """Return when the duty of ``night`` passes to the second parent: its first ``split``."""
    start, _ = night_window(night, config)
    evening = datetime.combine(night, split, config.zone).astimezone(UTC)
    if evening > start:
        return evening
    return datetime.combine(night + ONE_DAY, split, config.zone).astimezone(UTC)


def on_duty(
    parents: Sequence[str], rota: Rota, split: time, at: datetime, config: ChildConfig
) -> str | None:
    """Return who the rota puts on duty at ``at``; ``None`` when it leaves it to the family."""
    if not parents or rota is Rota.MANUAL:
        return None
    night = duty_night(at, config)
    if rota is Rota.ALTERNATE_NIGHTS:
        return parents[night.toordinal() % len(parents)]
    second = parents[1] if len(parents) > 1 else parents[0]
    return parents[0] if at < split_instant(night, split, config) else second


def next_handover(rota: Rota, split: time, at: datetime, config: ChildConfig) -> datetime | None:
    """Return the next moment the rota may change who is on duty, if it ever does."""
    if rota is Rota.MANUAL:
        return None
    night = duty_night(at, config)
    moments = [night_window(night, config)[0], night_window(night + ONE_DAY, config)[0]]
    if rota is Rota.SPLIT_NIGHT:
        moments.append(split_instant(night, split, config))
    return min(moment for moment in moments if moment > at)
