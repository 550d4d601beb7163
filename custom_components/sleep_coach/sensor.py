"""Sensors: the coach's state, the self-soothe deadline, tonight's counters and the trends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import PERCENTAGE, UnitOfTime

from .coach import Mode, Trend
from .coach.figures import minutes
from .entity import CoachEntity, CoachReading
from .formatting import iso, percent
from .trends import last_night

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
    from homeassistant.helpers.typing import StateType

    from .coach import NightReport
    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

# Entities only push updates; nothing to poll.
PARALLEL_UPDATES = 0


def _status_attributes(child: ChildCoach) -> dict[str, Any]:
    status = child.status
    return {
        "reasons": list(status.reasons),
        "deadline": iso(status.deadline),
        "wait_started": iso(status.wait_started),
        "episode_start": iso(status.episode_start),
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


# Trend sensors show the last night that is over, so they hold still through the night.
DECIMALS = 1


def _rounded(number: float | None) -> float | None:
    return None if number is None else round(number, DECIMALS)


def _percent(rate: float | None) -> float | None:
    return _rounded(percent(rate))


def _last_night(
    read: Callable[[NightReport], float | None],
) -> Callable[[ChildCoach], float | None]:
    def value(child: ChildCoach) -> float | None:
        report = last_night(child)
        return None if report is None else read(report)

    return value


def _trend(child: ChildCoach) -> str | None:
    report = last_night(child)
    return None if report is None or report.trend is None else report.trend.value


def _trend_attributes(child: ChildCoach) -> dict[str, Any]:
    report = last_night(child)
    baseline = child.coach.baseline()
    return {
        "night": None if report is None else report.figures.night.isoformat(),
        "nights": None if report is None else report.rolling.nights,
        "baseline_episodes": None if baseline is None else baseline.episodes,
        "baseline_p90_minutes": (
            None if baseline is None else _rounded(minutes(baseline.p90_cry_time))
        ),
        "concern_after_minutes": (
            None if baseline is None else _rounded(minutes(baseline.threshold))
        ),
    }


type SensorValue = StateType | datetime


@dataclass(frozen=True, kw_only=True)
class SleepCoachSensorDescription(SensorEntityDescription, CoachReading[SensorValue]):
    """A sensor and how it reads the coach."""


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
    SleepCoachSensorDescription(
        key="last_night_episodes",
        translation_key="last_night_episodes",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_last_night(lambda report: report.figures.episodes),
    ),
    SleepCoachSensorDescription(
        key="last_night_cry_minutes",
        translation_key="last_night_cry_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.figures.cry_minutes)),
    ),
    SleepCoachSensorDescription(
        key="last_night_self_soothe_rate",
        translation_key="last_night_self_soothe_rate",
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _percent(report.figures.self_soothe_rate)),
    ),
    SleepCoachSensorDescription(
        key="last_night_check_ins",
        translation_key="last_night_check_ins",
        entity_registry_enabled_default=False,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_last_night(lambda report: report.figures.check_ins),
    ),
    SleepCoachSensorDescription(
        key="last_night_interventions",
        translation_key="last_night_interventions",
        entity_registry_enabled_default=False,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_last_night(lambda report: report.figures.interventions),
    ),
    SleepCoachSensorDescription(
        key="last_night_median_settle_minutes",
        translation_key="last_night_median_settle_minutes",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.figures.median_settle_minutes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_episodes",
        translation_key="rolling_episodes",
        entity_registry_enabled_default=False,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=1,
        value_fn=_last_night(lambda report: _rounded(report.rolling.episodes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_cry_minutes",
        translation_key="rolling_cry_minutes",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.rolling.cry_minutes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_self_soothe_rate",
        translation_key="rolling_self_soothe_rate",
        entity_registry_enabled_default=False,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _percent(report.rolling.self_soothe_rate)),
    ),
    SleepCoachSensorDescription(
        key="trend",
        translation_key="trend",
        device_class=SensorDeviceClass.ENUM,
        options=[trend.value for trend in Trend],
        value_fn=_trend,
        attributes_fn=_trend_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's sensors."""
    async_add_entities(SleepCoachSensor(entry, description) for description in SENSORS)


class SleepCoachSensor(CoachEntity[SensorValue], SensorEntity):
    """A sensor of the child's coach."""

    entity_description: SleepCoachSensorDescription

    def __init__(
        self, entry: SleepCoachConfigEntry, description: SleepCoachSensorDescription
    ) -> None:
        """Create the sensor."""
        super().__init__(entry, description, description)

    @property
    def native_value(self) -> SensorValue:
        """Return what the coach says."""
        return self._value
