"""Every night that is over, in Home Assistant's long-term statistics.

Each figure of a night is one row of an external statistic `sleep_coach:<child>_<figure>`,
starting at the night's start (floored to the hour, in UTC), with `mean`, `min` and `max`
all the night's value. The built-in Statistics Graph card then draws one point per night
(with period "day"), and its week and month periods show the mean per night. Rows are
upserted by their start, so writing a night again changes nothing.

Nights are written when the core ends them, and once at set-up every night still in the
core's history that is newer than the last one written (a restart, or nights that ended
while the recorder was not running). Without the recorder nothing is written.

A day's figures (its naps, decision 0019) are final when its night begins: they are written
then, one row per day starting at the day's start (the end of the night before, floored to
the hour in UTC), and at set-up every day the core still keeps that is over is written
again, unchanged. A nap belongs to the day it starts in, so no nap counts in two rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from homeassistant.components.recorder.const import DOMAIN as RECORDER_DOMAIN
from homeassistant.components.recorder.models import (
    StatisticData,
    StatisticMeanType,
    StatisticMetaData,
)
from homeassistant.components.recorder.statistics import async_add_external_statistics
from homeassistant.const import PERCENTAGE, UnitOfTime
from homeassistant.core import callback

from .coach import EffectKind, day_window, night_window
from .compat import statistic_metadata
from .const import DOMAIN
from .formatting import percent
from .identity import child_id
from .trends import finished_days, finished_nights

if TYPE_CHECKING:
    from datetime import datetime

    from homeassistant.core import HomeAssistant

    from .coach import DayFigures, NightFigures, PlanNightFigures
    from .data import SleepCoachConfigEntry
    from .runtime import AnyEffect

# The unit classes Home Assistant itself gives these units: minutes convert as durations,
# counts and percentages are plain ratios.
DURATION: Final = "duration"
UNITLESS: Final = "unitless"


@dataclass(frozen=True, slots=True)
class NightStatistic:
    """One figure of a night as a long-term statistic."""

    figure: str
    unit: str | None
    unit_class: str
    value: Callable[[NightFigures, PlanNightFigures | None], float | None]
    """The night's value, from its figures and, on a plan night, how the plan night went."""


NIGHT_STATISTICS: Final = (
    NightStatistic("episodes", None, UNITLESS, lambda night, _plan: night.episodes),
    NightStatistic(
        "cry_minutes", UnitOfTime.MINUTES, DURATION, lambda night, _plan: night.cry_minutes
    ),
    NightStatistic(
        "self_soothe_rate",
        PERCENTAGE,
        UNITLESS,
        lambda night, _plan: percent(night.self_soothe_rate),
    ),
    NightStatistic("check_ins", None, UNITLESS, lambda night, _plan: night.check_ins),
    NightStatistic("interventions", None, UNITLESS, lambda night, _plan: night.interventions),
    NightStatistic(
        "median_settle_minutes",
        UnitOfTime.MINUTES,
        DURATION,
        lambda night, _plan: night.median_settle_minutes,
    ),
    # Only nights the plan coached (not paused) have an adherence.
    NightStatistic(
        "plan_adherence",
        PERCENTAGE,
        UNITLESS,
        lambda _night, plan: None if plan is None or plan.paused else percent(plan.adherence),
    ),
)


@dataclass(frozen=True, slots=True)
class DayStatistic:
    """One figure of a day (its naps) as a long-term statistic."""

    figure: str
    unit: str | None
    unit_class: str
    value: Callable[[DayFigures], float | None]


DAY_STATISTICS: Final = (
    DayStatistic("naps", None, UNITLESS, lambda day: day.naps),
    DayStatistic(
        "day_sleep_minutes", UnitOfTime.MINUTES, DURATION, lambda day: day.day_sleep_minutes
    ),
    # A day without a nap the baby slept in has no time to fall asleep: no row, not zero.
    DayStatistic(
        "minutes_to_fall_asleep",
        UnitOfTime.MINUTES,
        DURATION,
        lambda day: day.median_minutes_to_fall_asleep,
    ),
    DayStatistic("nap_cry_minutes", UnitOfTime.MINUTES, DURATION, lambda day: day.nap_cry_minutes),
)


def statistic_id(entry: SleepCoachConfigEntry, figure: str) -> str:
    """Return the id of one figure's statistic of the child (its identity survives a rename)."""
    return f"{DOMAIN}:{child_id(entry)}_{figure}"


@callback
def async_setup_long_term(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> None:
    """Write the nights not written yet, then every night as the core ends it."""
    if RECORDER_DOMAIN not in hass.config.components:
        # The recorder is optional (an after-dependency): the coach works without it.
        return
    child = entry.runtime_data.child

    @callback
    def write_pending() -> None:
        through = child.statistics_through
        reports = [
            report
            for report in finished_nights(child)
            if through is None or report.figures.night > through
        ]
        if not reports:
            return
        plan_nights = {night.night: night for night in child.plan_nights()}
        for statistic in NIGHT_STATISTICS:
            rows: list[StatisticData] = []
            for report in reports:
                value = statistic.value(report.figures, plan_nights.get(report.figures.night))
                if value is None:
                    # A night without episodes has no rate and no median: no row, not zero.
                    continue
                rows.append(_row(night_window(report.figures.night, child.config)[0], value))
            if rows:
                async_add_external_statistics(hass, _metadata(entry, statistic), rows)
        child.statistics_written(reports[-1].figures.night)

    @callback
    def write_days() -> None:
        days = finished_days(child)
        for statistic in DAY_STATISTICS:
            rows = [
                _row(day_window(day.day, child.config)[0], value)
                for day in days
                if (value := statistic.value(day)) is not None
            ]
            if rows:
                async_add_external_statistics(hass, _metadata(entry, statistic), rows)

    @callback
    def effect_happened(effect: AnyEffect) -> None:
        if effect.kind is EffectKind.NIGHT_ENDED:
            write_pending()
        elif effect.kind is EffectKind.NIGHT_STARTED:
            # The day before the night is over: its naps are all counted.
            write_days()

    write_pending()
    write_days()
    entry.async_on_unload(child.async_add_effect_listener(effect_happened))


def _row(start: datetime, value: float) -> StatisticData:
    """Return the one row of a night or a day: at its start (UTC) floored to the hour."""
    hour = start.replace(minute=0, second=0, microsecond=0)
    return StatisticData(start=hour, mean=value, min=value, max=value)


def _metadata(
    entry: SleepCoachConfigEntry, statistic: NightStatistic | DayStatistic
) -> StatisticMetaData:
    return statistic_metadata(
        StatisticMetaData(
            has_sum=False,
            mean_type=StatisticMeanType.ARITHMETIC,
            # Unnamed: a name here could not follow the user's language; the card labels
            # the statistic by its id, or by the name given in the card.
            name=None,
            source=DOMAIN,
            statistic_id=statistic_id(entry, statistic.figure),
            unit_class=statistic.unit_class,
            unit_of_measurement=statistic.unit,
        )
    )
