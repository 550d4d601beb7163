"""An event entity firing on every transition of the coach, for automations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.event import EventEntity, EventEntityDescription

from .coach import (
    DayEffect,
    DayEffectKind,
    Effect,
    EffectKind,
    PlanEffect,
    PlanEffectKind,
    SleepWindowOpened,
)
from .entity import SleepCoachEntity
from .transitions import EVENT_DATA_KEYS, announcement, effect_data

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

PARALLEL_UPDATES = 0

DESCRIPTION = EventEntityDescription(
    key="coach_event",
    translation_key="coach_event",
    event_types=[kind.value for kind in (*EffectKind, *PlanEffectKind, *DayEffectKind)],
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's event entity."""
    async_add_entities([CoachEventEntity(entry, DESCRIPTION)])


class CoachEventEntity(SleepCoachEntity, EventEntity):
    """Fires `episode_started`, `check_in_due`, `nap_started`, ... as they happen."""

    _unrecorded_attributes = EVENT_DATA_KEYS

    async def async_added_to_hass(self) -> None:
        """Follow the coach's transitions."""
        await super().async_added_to_hass()
        self.async_on_remove(self.child.async_add_effect_listener(self._async_effect))

    def _async_effect(self, effect: Effect | PlanEffect | DayEffect) -> None:
        self._trigger_event(effect.kind.value, event_data(self.child, effect))
        self.async_write_ha_state()


def event_data(child: ChildCoach, effect: Effect | PlanEffect | DayEffect) -> dict[str, Any]:
    """Return what the event of `effect` carries: its data, and an opened window's words."""
    data = effect_data(effect, child.config.zone)
    if isinstance(effect, SleepWindowOpened):
        data |= announcement(child.words, child.child_name, effect, child.config.zone)
    return data
