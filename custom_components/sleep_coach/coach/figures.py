"""Nightly figures, rolling 7-night means and the trend.

The trend compares the last 7 nights with the 7 before them on two figures:

- mean cry minutes per night: better if it fell by at least 20% and at least 5 minutes,
  worse if it rose by as much;
- self-soothe rate (self-soothed episodes over all episodes of the 7 nights): better if it
  rose by at least 10 percentage points, worse if it fell by as much; no signal when either
  week had no episode.

``improving`` when one figure got better and none worse, ``worsening`` when one got worse
and none better, otherwise ``steady``. It needs 14 consecutive reported nights.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from .model import ATTENDED_OUTCOMES, Episode, EpisodeKind, Outcome, Reason

if TYPE_CHECKING:
    from .config import ChildConfig

TREND_NIGHTS = 7
CRY_CHANGE_RATIO = 0.2
CRY_CHANGE_MINUTES = 5.0
RATE_CHANGE = 0.1
# Means of a week are sums divided by 7; rounding keeps a change of exactly 20% or 10
# points from missing its threshold by a floating-point hair.
_DIGITS = 9


class Trend(StrEnum):
    """Where the nights are heading."""

    IMPROVING = "improving"
    STEADY = "steady"
    WORSENING = "worsening"


@dataclass(frozen=True, slots=True)
class NightFigures:
    """The figures of one night, from the episodes that started in it."""

    night: date
    episodes: int
    cry_minutes: float
    self_soothed: int
    self_soothe_rate: float | None
    check_ins: int
    interventions: int
    early_interventions: int
    needs_unmet: Mapping[str, int]
    concerns: int
    median_settle_minutes: float | None
    longest_episode_minutes: float | None
    first_waking: datetime | None
    last_waking: datetime | None


@dataclass(frozen=True, slots=True)
class RollingMeans:
    """Means per night over up to 7 nights; the rate is pooled over their episodes."""

    nights: int
    episodes: float
    cry_minutes: float
    self_soothe_rate: float | None
    check_ins: float
    interventions: float
    early_interventions: float


@dataclass(frozen=True, slots=True)
class NightReport:
    """One night's figures, the means of the 7 nights ending with it, and the trend."""

    figures: NightFigures
    rolling: RollingMeans
    trend: Trend | None


def minutes(duration: timedelta) -> float:
    """Return a duration in minutes."""
    return duration.total_seconds() / 60


def night_figures(
    night: date, episodes: Iterable[Episode], need_names: Sequence[str]
) -> NightFigures:
    """Return the figures of ``night`` from its episodes (others, and naps', are ignored)."""
    tonight = sorted(
        (
            episode
            for episode in episodes
            if episode.night == night and episode.kind is EpisodeKind.NIGHT
        ),
        key=lambda episode: episode.start,
    )
    settle_minutes = [minutes(episode.settle_time) for episode in tonight]
    self_soothed = sum(1 for episode in tonight if episode.outcome is Outcome.SELF_SOOTHED)
    return NightFigures(
        night=night,
        episodes=len(tonight),
        cry_minutes=sum(minutes(episode.cry_time) for episode in tonight),
        self_soothed=self_soothed,
        self_soothe_rate=self_soothed / len(tonight) if tonight else None,
        check_ins=sum(episode.check_ins for episode in tonight),
        interventions=sum(1 for episode in tonight if episode.outcome in ATTENDED_OUTCOMES),
        early_interventions=sum(
            1 for episode in tonight if episode.outcome is Outcome.EARLY_INTERVENTION
        ),
        needs_unmet={
            name: sum(1 for episode in tonight if name in episode.reasons) for name in need_names
        },
        concerns=sum(1 for episode in tonight if Reason.CONCERN in episode.reasons),
        median_settle_minutes=statistics.median(settle_minutes) if settle_minutes else None,
        longest_episode_minutes=max(settle_minutes, default=None),
        first_waking=tonight[0].start if tonight else None,
        last_waking=tonight[-1].start if tonight else None,
    )


def rolling_means(figures: Sequence[NightFigures]) -> RollingMeans:
    """Return the means per night of a non-empty run of nights."""
    episodes = sum(night.episodes for night in figures)
    self_soothed = sum(night.self_soothed for night in figures)
    return RollingMeans(
        nights=len(figures),
        episodes=statistics.fmean(night.episodes for night in figures),
        cry_minutes=statistics.fmean(night.cry_minutes for night in figures),
        self_soothe_rate=self_soothed / episodes if episodes else None,
        check_ins=statistics.fmean(night.check_ins for night in figures),
        interventions=statistics.fmean(night.interventions for night in figures),
        early_interventions=statistics.fmean(night.early_interventions for night in figures),
    )


def trend(recent: RollingMeans, previous: RollingMeans) -> Trend:
    """Compare the recent week with the previous one by the rule in this module's notes."""
    signals = {
        _cry_signal(recent.cry_minutes, previous.cry_minutes),
        _rate_signal(recent.self_soothe_rate, previous.self_soothe_rate),
    }
    better = Trend.IMPROVING in signals
    worse = Trend.WORSENING in signals
    if better and not worse:
        return Trend.IMPROVING
    if worse and not better:
        return Trend.WORSENING
    return Trend.STEADY


def summarise_nights(
    episodes: Iterable[Episode], config: ChildConfig, nights: Iterable[date]
) -> tuple[NightReport, ...]:
    """Return a report for each of ``nights`` (in date order), from the finished episodes.

    Nights without episodes count as nights with none. The rolling means and the trend only
    use nights in ``nights``: pass every night the coach was listening.
    """
    by_night: defaultdict[date, list[Episode]] = defaultdict(list)
    for episode in episodes:
        by_night[episode.night].append(episode)
    figures = {
        night: night_figures(night, by_night[night], config.need_names)
        for night in sorted(set(nights))
    }
    reports = []
    for night, tonight in figures.items():
        recent = _week(figures, night)
        previous = _week(figures, night - timedelta(days=TREND_NIGHTS))
        complete = len(recent) == len(previous) == TREND_NIGHTS
        reports.append(
            NightReport(
                figures=tonight,
                rolling=rolling_means(recent),
                trend=trend(rolling_means(recent), rolling_means(previous)) if complete else None,
            )
        )
    return tuple(reports)


def _week(figures: Mapping[date, NightFigures], last: date) -> list[NightFigures]:
    days = (last - timedelta(days=offset) for offset in reversed(range(TREND_NIGHTS)))
    return [figures[day] for day in days if day in figures]


def _cry_signal(recent: float, previous: float) -> Trend:
    change = round(recent - previous, _DIGITS)
    margin = round(max(CRY_CHANGE_RATIO * previous, CRY_CHANGE_MINUTES), _DIGITS)
    if change <= -margin:
        return Trend.IMPROVING
    if change >= margin:
        return Trend.WORSENING
    return Trend.STEADY


def _rate_signal(recent: float | None, previous: float | None) -> Trend:
    if recent is None or previous is None:
        return Trend.STEADY
    change = round(recent - previous, _DIGITS)
    if change >= RATE_CHANGE:
        return Trend.IMPROVING
    if change <= -RATE_CHANGE:
        return Trend.WORSENING
    return Trend.STEADY
