"""The base of every Sleep Coach entity: one device per child, pushed updates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.core import callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription

from .const import DOMAIN
from .runtime import ChildCoach, SleepCoachConfigEntry

if TYPE_CHECKING:
    from collections.abc import Iterable

    from homeassistant.core import HomeAssistant


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
    """An entity of one child's coach; it updates whenever the coach changes."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    # Entities showing the coach's status redraw whenever what they show has changed.
    _follows_status = True
    # The coach's state is what automations and dashboards act on; it is written with the
    # input that changed it, the child's other entities just after (see ChildCoach._apply).
    _headline = False
    _last_shown: object = None

    def __init__(self, entry: SleepCoachConfigEntry, description: EntityDescription) -> None:
        """Attach the entity to the child's device."""
        self.entity_description = description
        self.child: ChildCoach = entry.runtime_data
        self._attr_unique_id = f"{entry.entry_id}_{description.key}"
        # Every child is a device of its own (never the monitor's); the entities create it.
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            name=entry.title,
            manufacturer="Sleep Coach",
            model="Night coach",
            entry_type=DeviceEntryType.SERVICE,
        )

    async def async_added_to_hass(self) -> None:
        """Follow the coach."""
        await super().async_added_to_hass()
        if self._follows_status:
            self.async_on_remove(
                self.child.async_add_status_listener(
                    self._async_coach_changed, headline=self._headline
                )
            )
            # Home Assistant writes the state right after this returns.
            self._last_shown = self._read_coach()

    def _read_coach(self) -> object:
        """Set the `_attr_` values from the coach; return them, comparable with ==.

        Every entity that follows the coach's status implements it.
        """
        raise NotImplementedError

    @callback
    def _async_coach_changed(self) -> None:
        # Most changes touch a few of the child's entities; writing the others unchanged
        # would cost as much as writing them changed.
        shown = self._read_coach()
        if shown != self._last_shown:
            self._last_shown = shown
            self.async_write_ha_state()
