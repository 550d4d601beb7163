"""Shared builders for the coaching core's tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from custom_components.sleep_coach.coach import ChildConfig, Coach, Effect

LONDON = ZoneInfo("Europe/London")
CONFIG = ChildConfig(time_zone="Europe/London", birth_date=date(2024, 1, 1))
NEEDS = ("fed", "dry", "safe")


def local(text: str, zone: ZoneInfo = LONDON) -> datetime:
    """Return a local wall-clock time such as "2024-06-01 20:00" as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def minutes(value: float) -> timedelta:
    """Return a number of minutes as a duration."""
    return timedelta(minutes=value)


def ready_coach(
    config: ChildConfig = CONFIG, at: datetime | None = None, needs: tuple[str, ...] = NEEDS
) -> Coach:
    """Return a coach started before the night, the baby quiet and ``needs`` just met.

    Starts at 19:00 local on 2024-06-01 unless told otherwise (fed and dry then hold until
    22:00).
    """
    at = at or local("2024-06-01 19:00")
    coach = Coach.start(config, at)
    coach.cry(at, crying=False)
    for name in needs:
        coach.need(at, name, met=True)
    return coach


def configured(**changes: Any) -> ChildConfig:
    """Return the test configuration with ``changes``."""
    return replace(CONFIG, **changes)


def kinds(effects: list[Effect]) -> list[str]:
    """Return the kinds of effects, in order."""
    return [effect.kind.value for effect in effects]
