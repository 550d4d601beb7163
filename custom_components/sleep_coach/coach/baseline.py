"""The child's own baseline: how long its self-soothed episodes usually cry.

Tonight's crying is "far outside normal" once it exceeds twice the 90th percentile of the
cry time of the child's self-soothed episodes in the 14 nights before tonight, and at
least 5 minutes. The baseline needs 5 such episodes; until then the coach does not
escalate on duration (the cap still bounds every wait). Tonight is left out so the
threshold stays fixed for the whole night.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Episode, Outcome

BASELINE_NIGHTS = 14
MIN_BASELINE_EPISODES = 5
CONCERN_FACTOR = 2
CONCERN_FLOOR = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class ConcernBaseline:
    """The baseline for one night and the cry time that raises a concern."""

    episodes: int
    p90_cry_time: timedelta
    threshold: timedelta


def concern_baseline(episodes: Iterable[Episode], night: date) -> ConcernBaseline | None:
    """Return the baseline that applies on ``night``, or ``None`` without enough episodes.

    The 90th percentile interpolates linearly between the closest ranks (the "inclusive"
    method), so it never lies outside the observed cry times.
    """
    first_night = night - timedelta(days=BASELINE_NIGHTS)
    cry_seconds = [
        episode.cry_time.total_seconds()
        for episode in episodes
        if episode.outcome is Outcome.SELF_SOOTHED and first_night <= episode.night < night
    ]
    if len(cry_seconds) < MIN_BASELINE_EPISODES:
        return None
    p90 = timedelta(seconds=statistics.quantiles(cry_seconds, n=10, method="inclusive")[-1])
    return ConcernBaseline(
        episodes=len(cry_seconds),
        p90_cry_time=p90,
        threshold=max(CONCERN_FACTOR * p90, CONCERN_FLOOR),
    )
