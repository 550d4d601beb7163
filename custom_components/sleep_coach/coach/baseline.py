"""The child's own baseline: how long its self-soothed episodes usually cry.

Tonight's crying is "far outside normal" once it exceeds twice the 90th percentile of the
cry time of the child's self-soothed episodes in the 14 nights before tonight, and at
least 5 minutes. The baseline needs 5 such episodes; until then the coach does not
escalate on duration (the cap still bounds every wait). Tonight is left out so the
threshold stays fixed for the whole night.
"""

from __future__ import annotations

import statistics
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Episode, Outcome

# The nights before tonight the baseline looks at; the coach keeps and reports as many.
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


# Every episode of a night asks for the same baseline. The answers of the last few nights
# are kept with the history asked about and the episodes they came from. The very same
# history tuple is recognised without touching its episodes (in a busy event loop, about a
# fifth of a new episode's step); another (an episode ended since) is cut and compared by
# its episodes, a pointer check per item for the very same episode objects.
_RECENT_BASELINES: deque[
    tuple[date, tuple[Episode, ...], tuple[Episode, ...], ConcernBaseline | None]
] = deque(maxlen=8)


def tonight_baseline(history: tuple[Episode, ...], night: date) -> ConcernBaseline | None:
    """Return ``concern_baseline(history, night)``, remembering it for the night's episodes.

    Episodes of ``night`` and later at the end of the history, and too old ones at its
    start, never count, so they are cut off first; what stays is the same all night however
    many episodes end or are forgotten.
    """
    for known_night, known_history, _, baseline in _RECENT_BASELINES:
        if known_night == night and known_history is history:
            return baseline
    first_night = night - timedelta(days=BASELINE_NIGHTS)
    start, end = 0, len(history)
    while end and history[end - 1].night >= night:
        end -= 1
    while start < end and history[start].night < first_night:
        start += 1
    earlier = history[start:end]
    for known_night, _, known_earlier, known in _RECENT_BASELINES:
        if known_night == night and known_earlier == earlier:
            baseline = known
            break
    else:
        baseline = concern_baseline(earlier, night)
    _RECENT_BASELINES.append((night, history, earlier, baseline))
    return baseline
