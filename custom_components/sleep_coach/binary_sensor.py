"""Binary sensors: a parent is needed, the baby is crying, every need is met."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)

from .coach import Mode, NeedState
from .compat import BinarySensorDeviceClass
from .entity import SleepCoachEntity

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .runtime import ChildCoach, SleepCoachConfigEntry

PARALLEL_UPDATES = 0

PARENT_NEEDED_MODES = frozenset({Mode.CHECK_IN_DUE, Mode.NEEDS_ATTENTION})


def _needs_attributes(child: ChildCoach) -> dict[str, Any]:
    return {
        name: {
            "status": status.state.value,
            "since": None if status.since is None else status.since.isoformat(),
            "expires": None if status.expires is None else status.expires.isoformat(),
        }
        for name, status in child.checklist().items()
    }


@dataclass(frozen=True, kw_only=True)
class SleepCoachBinarySensorDescription(BinarySensorEntityDescription):
    """A binary sensor and how it reads the coach."""

    is_on_fn: Callable[[ChildCoach], bool]
    attributes_fn: Callable[[ChildCoach], dict[str, Any]] | None = None


BINARY_SENSORS: tuple[SleepCoachBinarySensorDescription, ...] = (
    SleepCoachBinarySensorDescription(
        key="needs_attention",
        translation_key="needs_attention",
        device_class=BinarySensorDeviceClass.PROBLEM,
        is_on_fn=lambda child: child.status.mode in PARENT_NEEDED_MODES,
        attributes_fn=lambda child: {"reasons": list(child.status.reasons)},
    ),
    SleepCoachBinarySensorDescription(
        key="crying",
        translation_key="crying",
        device_class=BinarySensorDeviceClass.SOUND,
        is_on_fn=lambda child: child.crying,
    ),
    SleepCoachBinarySensorDescription(
        key="needs_met",
        translation_key="needs_met",
        is_on_fn=lambda child: all(
            status.state is NeedState.MET for status in child.checklist().values()
        ),
        attributes_fn=_needs_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's binary sensors."""
    async_add_entities(SleepCoachBinarySensor(entry, description) for description in BINARY_SENSORS)


class SleepCoachBinarySensor(SleepCoachEntity, BinarySensorEntity):
    """A binary sensor of the child's coach."""

    entity_description: SleepCoachBinarySensorDescription

    def _read_coach(self) -> object:
        description = self.entity_description
        self._attr_is_on = description.is_on_fn(self.child)
        attributes = (
            None if description.attributes_fn is None else description.attributes_fn(self.child)
        )
        if attributes is not None:
            self._attr_extra_state_attributes = attributes
        return (self._attr_is_on, attributes)
