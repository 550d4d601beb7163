"""A child's settings: its entry's options parsed once, at set-up, into one frozen object.

The flows store what the family typed as a plain dict (see `options`); every part of the
running coach receives this object instead, so no part reads a raw option or applies the
defaults itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .coach import Rota
from .inputs import Thresholds
from .options import (
    CONF_CRY_SOURCES,
    CONF_ESCALATE_AFTER,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_PRESENCE_ENTITIES,
    CONF_ROTA,
    CONF_SLEEP_ENTITY,
    CONF_SOUND_OFF,
    CONF_SOUND_ON,
    CONF_SPLIT,
    NEED_ENTITY_OPTIONS,
    child_config,
    with_defaults,
)

if TYPE_CHECKING:
    from .coach import ChildConfig


@dataclass(frozen=True, slots=True)
class HouseholdSettings:
    """Who answers the child's alerts, and how they are reached."""

    parents: tuple[str, ...]
    """The parents' person entity ids."""
    notify_services: Mapping[str, str]
    """A notify service (``notify.<name>``) per person entity id."""
    rota: Rota
    split: time
    escalate_after: timedelta


@dataclass(frozen=True, slots=True)
class ChildSettings:
    """Everything a child's options say, as the running coach uses it."""

    config: ChildConfig
    """The coaching core's configuration."""
    cry_sources: tuple[str, ...]
    thresholds: Thresholds
    need_entities: Mapping[str, str]
    """The family's own entity per need mapped to one (unmapped needs are not listed)."""
    presence_entities: tuple[str, ...]
    household: HouseholdSettings
    sleep_entity: str | None = None
    """The family's own entity that is on while the child sleeps: on starts a nap by day."""

    @property
    def watched_entities(self) -> tuple[str, ...]:
        """Return every entity the coach reads: cry sources, needs, presence and sleep."""
        sleep = () if self.sleep_entity is None else (self.sleep_entity,)
        return (
            *self.cry_sources,
            *self.need_entities.values(),
            *self.presence_entities,
            *sleep,
        )


def child_settings(options: Mapping[str, Any], time_zone: str) -> ChildSettings:
    """Parse an entry's options; raises the core's `ConfigError` on a broken rule."""
    merged = with_defaults(options)
    return ChildSettings(
        config=child_config(merged, time_zone),
        cry_sources=tuple(merged[CONF_CRY_SOURCES]),
        thresholds=Thresholds(on=merged[CONF_SOUND_ON], off=merged[CONF_SOUND_OFF]),
        need_entities=MappingProxyType(
            {
                need: merged[option]
                for need, option in NEED_ENTITY_OPTIONS.items()
                if merged.get(option)
            }
        ),
        presence_entities=tuple(merged[CONF_PRESENCE_ENTITIES]),
        household=HouseholdSettings(
            parents=tuple(merged[CONF_PARENTS]),
            notify_services=MappingProxyType(dict(merged[CONF_NOTIFY])),
            rota=Rota(merged[CONF_ROTA]),
            split=time.fromisoformat(merged[CONF_SPLIT]),
            escalate_after=timedelta(minutes=merged[CONF_ESCALATE_AFTER]),
        ),
        sleep_entity=merged[CONF_SLEEP_ENTITY] or None,
    )
