"""Sensors: the coach's state, the self-soothe deadline, tonight's counters and the trends.

In the daytime also when the baby woke, the next sleep window and today's nap figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import PERCENTAGE, UnitOfTime

from .coach import Method, Mode, Trend
from .coach.figures import minutes
from .entity import CoachEntity, CoachReading
from .formatting import iso, percent
from .trends import last_night, today

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
    from homeassistant.helpers.typing import StateType

    from .coach import DayFigures, NightReport, SleepWindow
    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

# Entities only push updates; nothing to poll.
PARALLEL_UPDATES = 0

# No sensor has a state class: every figure that is kept is a night's or a day's, and is
# written once as an external long-term statistic when the night or day is over (decision
# 0007). A state class would make the recorder compile each sensor every 5 minutes as well,
# over 150 rows a night each, for figures that change a few times a night at most.


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


PLAN_NONE = "none"


def _plan(child: ChildCoach) -> str:
    progress = child.plan
    return PLAN_NONE if progress is None else progress.plan.method.value


def _plan_attributes(child: ChildCoach) -> dict[str, Any]:
    progress = child.plan
    return {
        "first_night": None if progress is None else progress.plan.first_night.isoformat(),
        "paused": None if progress is None else progress.paused,
        "finished": None if progress is None else progress.finished,
    }


def _plan_night(child: ChildCoach) -> int | None:
    tonight = child.tonight_plan()
    return None if tonight is None else tonight.number


def _plan_night_attributes(child: ChildCoach) -> dict[str, Any]:
    tonight = child.tonight_plan()
    if tonight is None:
        return {"nights": None, "waits_minutes": None, "position": None}
    return {
        "nights": tonight.nights,
        "waits_minutes": None if tonight.position else [minutes(w) for w in tonight.waits],
        "position": None if tonight.position is None else tonight.position.value,
    }


def _last_plan_night_adherence(child: ChildCoach) -> float | None:
    report = last_night(child)
    played = {night.night: night for night in child.plan_nights()}
    if report is None or (night := played.get(report.figures.night)) is None:
        return None
    return _percent(night.adherence)


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


def _today(
    read: Callable[[DayFigures], float | None],
) -> Callable[[ChildCoach], float | None]:
    def value(child: ChildCoach) -> float | None:
        figures = today(child)
        return None if figures is None else _rounded(read(figures))

    return value


def _window(
    read: Callable[[SleepWindow], datetime],
) -> Callable[[ChildCoach], datetime | None]:
    def value(child: ChildCoach) -> datetime | None:
        window = child.coach.next_sleep_window()
        return None if window is None else read(window)

    return value


def _window_attributes(child: ChildCoach) -> dict[str, Any]:
    window = child.coach.next_sleep_window()
    return {"learned": None if window is None else window.learned}


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
        # The coach state carries the same deadline; off until a dashboard wants a tile of
        # its own, so each waking is not written twice.
        entity_registry_enabled_default=False,
        value_fn=lambda child: child.status.deadline,
    ),
    SleepCoachSensorDescription(
        key="tonight_episodes",
        translation_key="tonight_episodes",
        value_fn=_tonight_figure("episodes"),
    ),
    SleepCoachSensorDescription(
        key="tonight_cry_minutes",
        translation_key="tonight_cry_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_tonight_figure("cry_minutes"),
    ),
    SleepCoachSensorDescription(
        key="tonight_self_soothed",
        translation_key="tonight_self_soothed",
        value_fn=_tonight_figure("self_soothed"),
    ),
    SleepCoachSensorDescription(
        key="last_night_episodes",
        translation_key="last_night_episodes",
        value_fn=_last_night(lambda report: report.figures.episodes),
    ),
    SleepCoachSensorDescription(
        key="last_night_cry_minutes",
        translation_key="last_night_cry_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.figures.cry_minutes)),
    ),
    SleepCoachSensorDescription(
        key="last_night_self_soothe_rate",
        translation_key="last_night_self_soothe_rate",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _percent(report.figures.self_soothe_rate)),
    ),
    SleepCoachSensorDescription(
        key="last_night_check_ins",
        translation_key="last_night_check_ins",
        entity_registry_enabled_default=False,
        value_fn=_last_night(lambda report: report.figures.check_ins),
    ),
    SleepCoachSensorDescription(
        key="last_night_interventions",
        translation_key="last_night_interventions",
        entity_registry_enabled_default=False,
        value_fn=_last_night(lambda report: report.figures.interventions),
    ),
    SleepCoachSensorDescription(
        key="last_night_median_settle_minutes",
        translation_key="last_night_median_settle_minutes",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.figures.median_settle_minutes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_episodes",
        translation_key="rolling_episodes",
        entity_registry_enabled_default=False,
        suggested_display_precision=1,
        value_fn=_last_night(lambda report: _rounded(report.rolling.episodes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_cry_minutes",
        translation_key="rolling_cry_minutes",
        entity_registry_enabled_default=False,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _rounded(report.rolling.cry_minutes)),
    ),
    SleepCoachSensorDescription(
        key="rolling_self_soothe_rate",
        translation_key="rolling_self_soothe_rate",
        entity_registry_enabled_default=False,
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=_last_night(lambda report: _percent(report.rolling.self_soothe_rate)),
    ),
    SleepCoachSensorDescription(
        key="plan",
        translation_key="plan",
        device_class=SensorDeviceClass.ENUM,
        options=[PLAN_NONE, *(method.value for method in Method)],
        value_fn=_plan,
        attributes_fn=_plan_attributes,
    ),
    SleepCoachSensorDescription(
        key="plan_night",
        translation_key="plan_night",
        value_fn=_plan_night,
        attributes_fn=_plan_night_attributes,
    ),
    SleepCoachSensorDescription(
        key="last_night_adherence",
        translation_key="last_night_adherence",
        native_unit_of_measurement=PERCENTAGE,
        suggested_display_precision=0,
        value_fn=_last_plan_night_adherence,
    ),
    SleepCoachSensorDescription(
        key="awake_since",
        translation_key="awake_since",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda child: child.coach.awake_since(),
    ),
    SleepCoachSensorDescription(
        key="next_sleep_from",
        translation_key="next_sleep_from",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_window(lambda window: window.earliest),
        attributes_fn=_window_attributes,
    ),
    SleepCoachSensorDescription(
        key="next_sleep_by",
        translation_key="next_sleep_by",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_window(lambda window: window.latest),
        attributes_fn=_window_attributes,
    ),
    SleepCoachSensorDescription(
        key="today_naps",
        translation_key="today_naps",
        value_fn=_today(lambda figures: figures.naps),
    ),
    SleepCoachSensorDescription(
        key="today_day_sleep_minutes",
        translation_key="today_day_sleep_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_today(lambda figures: float(figures.day_sleep_minutes)),
    ),
    SleepCoachSensorDescription(
        key="today_minutes_to_fall_asleep",
        translation_key="today_minutes_to_fall_asleep",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_today(lambda figures: figures.median_minutes_to_fall_asleep),
    ),
    SleepCoachSensorDescription(
        key="today_nap_cry_minutes",
        translation_key="today_nap_cry_minutes",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_today(lambda figures: float(figures.nap_cry_minutes)),
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
    # The coach state's times change with every waking; the state itself is recorded, and
    # each waking is recorded whole in the logbook's transitions.
    _unrecorded_attributes = frozenset({"deadline", "wait_started", "episode_start"})

    def __init__(
        self, entry: SleepCoachConfigEntry, description: SleepCoachSensorDescription
    ) -> None:
        """Create the sensor."""
        super().__init__(entry, description, description)

    @property
    def native_value(self) -> SensorValue:
        """Return what the coach says."""
        return self._value
