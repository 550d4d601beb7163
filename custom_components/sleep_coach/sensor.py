"""Sensors: the coach's state, the self-soothe deadline and tonight's counters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import UnitOfTime

from .coach import Mode
from .entity import SleepCoachEntity

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .runtime import ChildCoach, SleepCoachConfigEntry

# Entities only push updates; nothing to poll.
PARALLEL_UPDATES = 0


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _status_attributes(child: ChildCoach) -> Mapping[str, Any]:
    status = child.status
    return {
        "reasons": list(status.reasons),
        "deadline": _iso(status.deadline),
        "wait_started": _iso(status.wait_started),
        "episode_start": _iso(status.episode_start),
        "night": None if status.night is None else status.night.isoformat(),
    }


def _tonight_figure(figure: str) -> Callable[[ChildCoach], float | int | None]:
    def value(child: ChildCoach) -> float | int | None:
        report = child.tonight()
        if report is None:
            return 0
        number: float | int = getattr(report.figures, figure)
        return round(number, 1) if isinstance(number, float) else number

    return value


@dataclass(frozen=True, kw_only=True)
class SleepCoachSensorDescription(SensorEntityDescription):
    """A sensor and how it reads the coach."""

    value_fn: Callable[[ChildCoach], str | float | int | datetime | None]
    attributes_fn: Callable[[ChildCoach], Mapping[str, Any]] | None = None


SENSORS: tuple[SleepCoachSensorDescription, ...] = (
    SleepCoachSensorDescription(
        key="coach_state",
        translation_key="coach_state",
        device_class=SensorDeviceClass.ENUM,
        options=[mode.value for mode in Mode],
        value_fn=lambda child: child.status.mode.value,
        attributes_fn=_status_attributes,
    ),
    SleepCoachSensorDescription(
        key="deadline",
        translation_key="deadline",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda child: child.status.deadline,
    ),
    SleepCoachSensorDescription(
        key="tonight_episodes",
        translation_key="tonight_episodes",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_tonight_figure("episodes"),
    ),
    SleepCoachSensorDescription(
        key="tonight_cry_minutes",
        translation_key="tonight_cry_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_tonight_figure("cry_minutes"),
    ),
    SleepCoachSensorDescription(
        key="tonight_self_soothed",
        translation_key="tonight_self_soothed",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_tonight_figure("self_soothed"),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's sensors."""
    async_add_entities(SleepCoachSensor(entry, description) for description in SENSORS)


class SleepCoachSensor(SleepCoachEntity, SensorEntity):
    """A sensor of the child's coach."""

    entity_description: SleepCoachSensorDescription

    @property
    def native_value(self) -> str | float | int | datetime | None:
        """Return the value the coach shows."""
        return self.entity_description.value_fn(self.child)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Return the details, where the sensor has any."""
        if self.entity_description.attributes_fn is None:
            return None
        return self.entity_description.attributes_fn(self.child)
