"""Wake windows: how long a baby of a given age usually stays awake between sleeps.

``wake_table.WAKE_WINDOWS`` is the table the coach ships (sources: docs/wake-windows.md);
a family may replace it for their child (``ChildConfig.wake_windows``). The next sleep
window runs from "awake since" plus the shortest awake time of the child's age to "awake
since" plus the longest.

Once the coach has watched two weeks of naps it narrows the window toward this child's own
pattern (``sleep_window``):

- the samples are the awake times (from "awake since" to falling asleep) before the naps
  that went well on the 14 days before the window's day: the baby fell asleep within
  20 minutes of the nap's start, without a parent being needed, and slept at least
  30 minutes;
- they count once the coach has listened through all 14 of those days, naps were recorded
  on at least 10 of them, and there are at least 10 samples;
- the window is then the mean of the table's shortest time and the samples' first quartile
  to the mean of the table's longest time and their third quartile, each clamped to the
  table's range: never wider than the table, never outside it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .model import Outcome
from .night import ONE_DAY, day_of, day_window
from .wake_table import WakeWindow, months_old, row_for

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .config import ChildConfig
    from .naps import Nap


LEARN_DAYS = 14
"""The days before the window's day whose naps the coach learns from."""
LEARN_MIN_NAP_DAYS = 10
"""Of those days, how many must have a recorded nap."""
LEARN_MIN_SAMPLES = 10
"""How many naps that went well the coach needs before it narrows the window."""
WELL_FELL_ASLEEP = timedelta(minutes=20)
"""A nap went well if the baby fell asleep within this time of its start..."""
WELL_SLEPT = timedelta(minutes=30)
"""...and slept at least this long."""


def wake_window_for(config: ChildConfig, at: datetime) -> WakeWindow | None:
    """Return the row of the child's table for its age at ``at``; ``None`` without a birth date."""
    if config.birth_date is None:
        return None
    months = months_old(config.birth_date, at.astimezone(config.zone).date())
    return row_for(config.wake_table, months)


@dataclass(frozen=True, slots=True)
class SleepWindow:
    """When the next sleep should start: between ``earliest`` and ``latest``."""

    awake_since: datetime
    earliest: datetime
    latest: datetime
    learned: bool
    """Narrowed toward the child's own awake times (else the table's range)."""
    naps: tuple[int, int]
    """The typical number of naps a day at this age, fewest and most."""


def went_well(nap: Nap) -> bool:
    """Tell whether a nap went well: asleep soon, no parent needed, and a real sleep."""
    if nap.asleep is None or nap.asleep - nap.start > WELL_FELL_ASLEEP:
        return False
    if nap.sleep < WELL_SLEPT:
        return False
    return all(episode.outcome is Outcome.SELF_SOOTHED for episode in nap.falling_asleep_episodes)


def awake_times(naps: Iterable[Nap], day: date) -> tuple[list[timedelta], set[date]]:
    """Return the awake times before the naps that went well on the 14 days before ``day``.

    Also returns the days among them with any recorded nap.
    """
    first = day - ONE_DAY * LEARN_DAYS
    samples = []
    nap_days = set()
    for nap in naps:
        if not first <= nap.day < day:
            continue
        nap_days.add(nap.day)
        if went_well(nap) and nap.awake_before is not None:
            samples.append(nap.awake_before)
    return samples, nap_days


def _learned(
    row: WakeWindow, naps: Iterable[Nap], day: date, started: datetime, config: ChildConfig
) -> tuple[timedelta, timedelta] | None:
    if started > day_window(day - ONE_DAY * LEARN_DAYS, config)[0]:
        return None
    samples, nap_days = awake_times(naps, day)
    if len(nap_days) < LEARN_MIN_NAP_DAYS or len(samples) < LEARN_MIN_SAMPLES:
        return None
    seconds = [sample.total_seconds() for sample in samples]
    first, _, third = statistics.quantiles(seconds, n=4, method="inclusive")
    low, high = row.shortest.total_seconds(), row.longest.total_seconds()
    return (
        timedelta(seconds=min(max((low + first) / 2, low), high)),
        timedelta(seconds=min(max((high + third) / 2, low), high)),
    )


# Asked after every input in the daytime until the window opens: the answer for the same
# configuration, awake time, history and start is kept.
_LAST: list[tuple[ChildConfig, datetime, tuple[Nap, ...], datetime, SleepWindow | None]] = []


def sleep_window(
    config: ChildConfig, awake_since: datetime, naps: tuple[Nap, ...], started: datetime
) -> SleepWindow | None:
    """Return the next sleep window after ``awake_since``; ``None`` without a birth date.

    ``naps`` are the finished naps the coach remembers and ``started`` when it began
    listening, for the learning rule in this module's notes.
    """
    for known in _LAST:
        if (
            known[0] is config
            and known[1] == awake_since
            and known[2] is naps
            and known[3] == started
        ):
            return known[4]
    row = wake_window_for(config, awake_since)
    window = None
    if row is not None:
        learned = _learned(row, naps, day_of(awake_since, config), started, config)
        shortest, longest = (row.shortest, row.longest) if learned is None else learned
        window = SleepWindow(
            awake_since=awake_since,
            earliest=awake_since + shortest,
            latest=awake_since + longest,
            learned=learned is not None,
            naps=row.naps,
        )
    _LAST[:] = [(config, awake_since, naps, started, window)]
    return window
