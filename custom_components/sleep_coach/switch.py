"""Switches for flag needs: "safe" and the family's own needs, unless mapped to an entity."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.switch import (
    SwitchEntity,
    SwitchEntityDescription,
)
from homeassistant.const import Platform

from .coach import NeedState
from .entity import CoachEntity, CoachReading, async_remove_stale_entities

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import SleepCoachConfigEntry

PARALLEL_UPDATES = 0

SAFE = "safe"


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a switch per flag need the family sets by hand."""
    settings = entry.runtime_data.settings
    flags = [
        need.name
        for need in settings.config.needs
        if need.window is None and need.name not in settings.need_entities
    ]
    switches = [NeedSwitch(entry, need) for need in flags]
    async_remove_stale_entities(
        hass, entry, Platform.SWITCH, [switch.entity_description.key for switch in switches]
    )
    async_add_entities(switches)


class NeedSwitch(CoachEntity[bool], SwitchEntity):
    """Whether a flag need is met.

    Its state lives in the coach's own store, so it survives restarts with everything else
    the coach knows; a need never set shows as off (unknown counts as unmet).
    """

    def __init__(self, entry: SleepCoachConfigEntry, need: str) -> None:
        """Create the switch of `need`."""
        if need == SAFE:
            description = SwitchEntityDescription(key=SAFE, translation_key=SAFE)
        else:
            description = SwitchEntityDescription(
                key=f"need_{need}",
                translation_key="custom_need",
                translation_placeholders={"need": need.replace("_", " ")},
            )
        super().__init__(
            entry,
            description,
            CoachReading(value_fn=lambda child: child.checklist()[need].state is NeedState.MET),
        )
        self.need = need

    @property
    def is_on(self) -> bool:
        """Tell whether the need is met."""
        return self._value

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Confirm the need."""
        self.child.log_need(self.need, met=True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Mark the need unmet."""
        self.child.log_need(self.need, met=False)
