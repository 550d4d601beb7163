"""Binary sensors: a parent is needed, the baby is crying, every need is met, napping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import MATCH_ALL

from .coach import Mode, NeedState
from .compat import BinarySensorDeviceClass
from .entity import CoachEntity, CoachReading
from .formatting import iso

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

PARALLEL_UPDATES = 0

PARENT_NEEDED_MODES = frozenset({Mode.CHECK_IN_DUE, Mode.NEEDS_ATTENTION})


def _needs_attributes(child: ChildCoach) -> dict[str, Any]:
    return {
        name: {
            "status": status.state.value,
            "since": iso(status.since),
            "expires": iso(status.expires),
        }
        for name, status in child.checklist().items()
    }


def _nap_attributes(child: ChildCoach) -> dict[str, Any]:
    status = child.status
    return {"start": iso(status.nap_start), "asleep": iso(status.nap_asleep)}


@dataclass(frozen=True, kw_only=True)
class SleepCoachBinarySensorDescription(BinarySensorEntityDescription, CoachReading[bool]):
    """A binary sensor and how it reads the coach."""


BINARY_SENSORS: tuple[SleepCoachBinarySensorDescription, ...] = (
    SleepCoachBinarySensorDescription(
        key="needs_attention",
        translation_key="needs_attention",
        device_class=BinarySensorDeviceClass.PROBLEM,
        value_fn=lambda child: child.status.mode in PARENT_NEEDED_MODES,
        attributes_fn=lambda child: {"reasons": list(child.status.reasons)},
    ),
    SleepCoachBinarySensorDescription(
        key="crying",
        translation_key="crying",
        device_class=BinarySensorDeviceClass.SOUND,
        # The monitor's own entity already records every cry; off until wanted.
        entity_registry_enabled_default=False,
        value_fn=lambda child: child.crying,
    ),
    SleepCoachBinarySensorDescription(
        key="needs_met",
        translation_key="needs_met",
        value_fn=lambda child: all(
            status.state is NeedState.MET for status in child.checklist().values()
        ),
        attributes_fn=_needs_attributes,
    ),
    SleepCoachBinarySensorDescription(
        key="napping",
        translation_key="napping",
        value_fn=lambda child: child.status.nap_start is not None,
        attributes_fn=_nap_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's binary sensors."""
    async_add_entities(
        (NeedsMetBinarySensor if description.key == "needs_met" else SleepCoachBinarySensor)(
            entry, description
        )
        for description in BINARY_SENSORS
    )


class SleepCoachBinarySensor(CoachEntity[bool], BinarySensorEntity):
    """A binary sensor of the child's coach."""

    entity_description: SleepCoachBinarySensorDescription
    # A nap's times change with every nap, which is recorded whole when it ends.
    _unrecorded_attributes = frozenset({"start", "asleep"})

    def __init__(
        self, entry: SleepCoachConfigEntry, description: SleepCoachBinarySensorDescription
    ) -> None:
        """Create the binary sensor."""
        super().__init__(entry, description, description)

    @property
    def is_on(self) -> bool:
        """Return what the coach says."""
        return self._value


class NeedsMetBinarySensor(SleepCoachBinarySensor):
    """Whether every need is met, with each need's status and times.

    Each feed and change moves its need's times; whether every need is met is recorded,
    the times are not (the store keeps them, and each button press is its button's state).
    """

    _unrecorded_attributes = frozenset({MATCH_ALL})
