"""The base of every Sleep Coach entity: one device per child, pushed updates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.core import callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .const import DOMAIN

if TYPE_CHECKING:
    from collections.abc import Iterable

    from homeassistant.core import HomeAssistant

    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach


@callback
def async_remove_stale_entities(
    hass: HomeAssistant, entry: SleepCoachConfigEntry, domain: str, keys: Iterable[str]
) -> None:
    """Remove the child's `domain` entities other than `keys`.

    A need mapped to the family's own entity, or a custom need removed, leaves an entity
    the options no longer create; it goes rather than showing as unavailable forever.
    """
    registry = er.async_get(hass)
    wanted = {f"{entry.entry_id}_{key}" for key in keys}
    for entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        if entity.domain == domain and entity.unique_id not in wanted:
            registry.async_remove(entity.entity_id)


class SleepCoachEntity(Entity):
    """An entity of one child's coach, on the child's own device."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, entry: SleepCoachConfigEntry, description: EntityDescription) -> None:
        """Attach the entity to the child's device."""
        self.entity_description = description
        self.child: ChildCoach = entry.runtime_data.child
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        # Every child is a device of its own (never the monitor's); the entities create it.
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            manufacturer="Sleep Coach",
            model="Night coach",
            entry_type=DeviceEntryType.SERVICE,
        )


@dataclass(frozen=True, kw_only=True)
class CoachReading[ValueT]:
    """How an entity reads the coach: its value, and its attributes if it has any."""

    value_fn: Callable[[ChildCoach], ValueT]
    attributes_fn: Callable[[ChildCoach], dict[str, Any]] | None = None


class CoachEntity[ValueT](SleepCoachEntity):
    """An entity that shows part of the coach, written whenever what it shows changed.

    Most changes touch a few of the child's entities; writing the others unchanged would
    cost as much as writing them changed. `ChildCoach.async_listen_entity` decides when
    each entity hears of a change.
    """

    def __init__(
        self,
        entry: SleepCoachConfigEntry,
        description: EntityDescription,
        reading: CoachReading[ValueT],
    ) -> None:
        """Show `reading` of the coach."""
        super().__init__(entry, description)
        self._reading = reading
        self._value, self._shown = self._read_coach()

    def _read_coach(self) -> tuple[ValueT, object]:
        reading = self._reading
        value = reading.value_fn(self.child)
        attributes = None if reading.attributes_fn is None else reading.attributes_fn(self.child)
        if attributes is not None:
            self._attr_extra_state_attributes = attributes
        return value, (value, attributes)

    async def async_added_to_hass(self) -> None:
        """Follow the coach."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.child.async_listen_entity(self.entity_description.key, self._async_coach_changed)
        )
        # Home Assistant writes the state right after this returns.
        self._value, self._shown = self._read_coach()

    @callback
    def _async_coach_changed(self) -> None:
        value, shown = self._read_coach()
        if shown != self._shown:
            self._value, self._shown = value, shown
            self.async_write_ha_state()
