"""Episodes and nights as plain JSON data for people: local times, minutes, rounded.

This is the shape the replay command prints and the one entity attributes can show. It is
for display only; storage uses the lossless ``to_dict`` methods.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .figures import NightReport, RollingMeans, minutes
from .model import EpisodeKind

if TYPE_CHECKING:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from .effects import SleepWindowOpened
    from .model import Episode
    from .naps import DayFigures, Nap

DECIMALS = 2


def episode_json(episode: Episode, zone: ZoneInfo) -> dict[str, object]:
    """Return an episode with local times (with their offset) and durations in minutes.

    A nap's episode also has its ``kind`` (``falling_asleep`` or ``nap_waking``).
    """
    data: dict[str, object] = {
        "start": _local(episode.start, zone),
        "end": _local(episode.end, zone),
        "outcome": episode.outcome.value,
        "reasons": list(episode.reasons),
        "cry_minutes": round(minutes(episode.cry_time), DECIMALS),
        "settle_minutes": round(minutes(episode.settle_time), DECIMALS),
        "check_ins": episode.check_ins,
        "night": episode.night.isoformat(),
    }
    if episode.kind is not EpisodeKind.NIGHT:
        data["kind"] = episode.kind.value
    return data


def nap_json(nap: Nap, zone: ZoneInfo) -> dict[str, object]:
    """Return a nap with local times, durations in minutes and its episodes."""
    return {
        "day": nap.day.isoformat(),
        "start": _local(nap.start, zone),
        "end": _local(nap.end, zone),
        "ended_by": nap.ended_by.value,
        "awake_since": _local(nap.awake_since, zone),
        "asleep": _local(nap.asleep, zone),
        "awake_before_minutes": _minutes(nap.awake_before),
        "minutes_to_fall_asleep": _minutes(nap.time_to_fall_asleep),
        "falling_asleep_cry_minutes": round(
            sum(minutes(episode.cry_time) for episode in nap.falling_asleep_episodes), DECIMALS
        ),
        "sleep_minutes": round(minutes(nap.sleep), DECIMALS),
        "episodes": [episode_json(episode, zone) for episode in nap.episodes],
    }


def day_json(figures: DayFigures) -> dict[str, object]:
    """Return a day's figures, minutes rounded."""
    return {
        "day": figures.day.isoformat(),
        "naps": figures.naps,
        "day_sleep_minutes": _round(figures.day_sleep_minutes),
        "median_minutes_to_fall_asleep": _round(figures.median_minutes_to_fall_asleep),
        "falling_asleep_cry_minutes": _round(figures.falling_asleep_cry_minutes),
        "nap_cry_minutes": _round(figures.nap_cry_minutes),
        "wakings": figures.wakings,
        "self_soothed": figures.self_soothed,
        "check_ins": figures.check_ins,
        "interventions": figures.interventions,
    }


def window_json(opened: SleepWindowOpened, zone: ZoneInfo) -> dict[str, object]:
    """Return a sleep window that opened, with local times."""
    return {
        "opened": _local(opened.at, zone),
        "awake_since": _local(opened.awake_since, zone),
        "earliest": _local(opened.earliest, zone),
        "latest": _local(opened.latest, zone),
        "learned": opened.learned,
    }


def night_json(report: NightReport, zone: ZoneInfo) -> dict[str, object]:
    """Return a night's figures, its rolling 7-night means and its trend."""
    figures = report.figures
    return {
        "night": figures.night.isoformat(),
        "episodes": figures.episodes,
        "cry_minutes": _round(figures.cry_minutes),
        "self_soothed": figures.self_soothed,
        "self_soothe_rate": _round(figures.self_soothe_rate),
        "check_ins": figures.check_ins,
        "interventions": figures.interventions,
        "early_interventions": figures.early_interventions,
        "needs_unmet": dict(figures.needs_unmet),
        "concerns": figures.concerns,
        "median_settle_minutes": _round(figures.median_settle_minutes),
        "longest_episode_minutes": _round(figures.longest_episode_minutes),
        "first_waking": _local(figures.first_waking, zone),
        "last_waking": _local(figures.last_waking, zone),
        "rolling_7_nights": _rolling_json(report.rolling),
        "trend": None if report.trend is None else report.trend.value,
    }


def _rolling_json(rolling: RollingMeans) -> dict[str, object]:
    return {
        "nights": rolling.nights,
        "episodes": _round(rolling.episodes),
        "cry_minutes": _round(rolling.cry_minutes),
        "self_soothe_rate": _round(rolling.self_soothe_rate),
        "check_ins": _round(rolling.check_ins),
        "interventions": _round(rolling.interventions),
        "early_interventions": _round(rolling.early_interventions),
    }


def _minutes(duration: timedelta | None) -> float | None:
    return None if duration is None else round(minutes(duration), DECIMALS)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, DECIMALS)


def _local(instant: datetime | None, zone: ZoneInfo) -> str | None:
    return None if instant is None else instant.astimezone(zone).isoformat()
