"""Naps: sleep sessions in the day, and the figures of a day.

A nap starts with ``Coach.nap_started`` and ends with ``Coach.nap_ended``, at the longest
nap, or when the night window begins. It belongs to the day it starts in, dated like the
night that follows it (see ``night.day_window``). The baby is *asleep* from the start of the
first quiet that lasts the settle time; crying before that is *falling asleep*, not a
waking. A nap's *sleep* runs from falling asleep to its end, less its wakings.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from ._codec import (
    read_date,
    read_instant,
    read_list,
    read_mapping,
    read_optional_instant,
    read_seconds,
    read_str,
    write_instant,
    write_optional_instant,
)
from .figures import minutes
from .model import ATTENDED_OUTCOMES, Episode, EpisodeKind, Outcome
from .snapshot import snapshot


class NapEnd(StrEnum):
    """What ended a nap."""

    ENDED = "ended"
    """``nap_ended`` (or the end of a replayed log)."""
    LONGEST_NAP = "longest_nap"
    """The nap reached the longest nap of the configuration."""
    NIGHT = "night"
    """The night window began: from then on the sleep is the night's."""


def _episodes(value: object) -> tuple[Episode, ...]:
    return tuple(Episode.from_dict(read_mapping(item)) for item in read_list(value))


@snapshot
class OpenNap:
    """The nap under way.

    ``awake_since`` is when the baby last woke before it (``None`` if the coach did not
    see it); ``asleep`` when the baby fell asleep, ``None`` while it has not.
    """

    day: date
    start: datetime
    awake_since: datetime | None
    asleep: datetime | None
    episodes: tuple[Episode, ...]
    """Its finished episodes, in order."""

    def to_dict(self) -> dict[str, object]:
        """Return the nap as JSON-ready data for storage (lossless)."""
        return {
            "day": self.day.isoformat(),
            "start": write_instant(self.start),
            "awake_since": write_optional_instant(self.awake_since),
            "asleep": write_optional_instant(self.asleep),
            "episodes": [episode.to_dict() for episode in self.episodes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> OpenNap:
        """Read a nap written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        return cls(
            day=read_date(data["day"]),
            start=read_instant(data["start"]),
            awake_since=read_optional_instant(data["awake_since"]),
            asleep=read_optional_instant(data["asleep"]),
            episodes=_episodes(data["episodes"]),
        )


@snapshot
class Nap:
    """A finished nap and its episodes."""

    day: date
    start: datetime
    end: datetime
    ended_by: NapEnd
    awake_since: datetime | None
    """When the baby last woke before the nap, if the coach saw it."""
    asleep: datetime | None
    """When the baby fell asleep; ``None`` if it never did."""
    sleep: timedelta
    """From falling asleep to the end, less the wakings (and less a waking the night took
    over); zero if the baby never fell asleep."""
    episodes: tuple[Episode, ...]

    @property
    def awake_before(self) -> timedelta | None:
        """Return how long the baby had been awake when it fell asleep, if known."""
        if self.asleep is None or self.awake_since is None:
            return None
        return self.asleep - self.awake_since

    @property
    def time_to_fall_asleep(self) -> timedelta | None:
        """Return the time from the nap's start to falling asleep; ``None`` if it never did."""
        return None if self.asleep is None else self.asleep - self.start

    @property
    def falling_asleep_episodes(self) -> tuple[Episode, ...]:
        """Return the episodes of crying while falling asleep (at most one)."""
        return tuple(e for e in self.episodes if e.kind is EpisodeKind.FALLING_ASLEEP)

    @property
    def wakings(self) -> tuple[Episode, ...]:
        """Return the episodes after the baby had fallen asleep."""
        return tuple(e for e in self.episodes if e.kind is EpisodeKind.NAP_WAKING)

    def to_dict(self) -> dict[str, object]:
        """Return the nap as JSON-ready data for storage (lossless)."""
        return {
            "day": self.day.isoformat(),
            "start": write_instant(self.start),
            "end": write_instant(self.end),
            "ended_by": self.ended_by.value,
            "awake_since": write_optional_instant(self.awake_since),
            "asleep": write_optional_instant(self.asleep),
            "sleep_seconds": self.sleep.total_seconds(),
            "episodes": [episode.to_dict() for episode in self.episodes],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Nap:
        """Read a nap written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        return cls(
            day=read_date(data["day"]),
            start=read_instant(data["start"]),
            end=read_instant(data["end"]),
            ended_by=NapEnd(read_str(data["ended_by"])),
            awake_since=read_optional_instant(data["awake_since"]),
            asleep=read_optional_instant(data["asleep"]),
            sleep=read_seconds(data["sleep_seconds"]),
            episodes=_episodes(data["episodes"]),
        )


@snapshot
class DayState:
    """What the coach remembers of the days: naps, when the baby woke, the window told.

    Kept in one part of ``CoachState`` so that the many copies of the state a cry makes at
    night carry one reference for all of it.
    """

    nap: OpenNap | None = None
    """The nap under way, only in the daytime; ``None`` without one."""
    naps: tuple[Nap, ...] = ()
    """Finished naps of the last days, in time order, enough for day figures and learning."""
    awake_since: datetime | None = None
    """When the baby last woke: the end of the last night or of the last nap it slept in;
    ``None`` until the coach has seen one."""
    window_announced: datetime | None = None
    """The ``awake_since`` whose sleep window has been announced (or used by a nap)."""


NO_DAY = DayState()
"""The memory of a coach that has seen no day yet (and of a state stored before naps)."""


def finish_nap(
    nap: OpenNap, end: datetime, ended_by: NapEnd, *, night_took: datetime | None = None
) -> Nap:
    """Return ``nap`` ended at ``end``.

    ``night_took`` is the start of an episode under way that the night takes over, when the
    night window begins during a waking: the nap's sleep ended there.
    """
    sleep = timedelta(0)
    if nap.asleep is not None:
        until = end if night_took is None else max(min(night_took, end), nap.asleep)
        awake = sum(
            (e.settle_time for e in nap.episodes if e.kind is EpisodeKind.NAP_WAKING),
            timedelta(0),
        )
        sleep = max(until - nap.asleep - awake, timedelta(0))
    return Nap(
        day=nap.day,
        start=nap.start,
        end=end,
        ended_by=ended_by,
        awake_since=nap.awake_since,
        asleep=nap.asleep,
        sleep=sleep,
        episodes=nap.episodes,
    )


@dataclass(frozen=True, slots=True)
class DayFigures:
    """The figures of one day, from the naps that started in it."""

    day: date
    naps: int
    """Naps in which the baby fell asleep."""
    day_sleep_minutes: float
    """The sum of those naps' sleep."""
    median_minutes_to_fall_asleep: float | None
    """The median over those naps of the time from the nap's start to falling asleep."""
    falling_asleep_cry_minutes: float
    """Crying while falling asleep, over every nap of the day."""
    nap_cry_minutes: float
    """All crying in the day's naps, falling asleep included."""
    wakings: int
    """Episodes after the baby had fallen asleep."""
    self_soothed: int
    """Wakings with outcome ``self_soothed``."""
    check_ins: int
    """Parent visits during the naps' episodes."""
    interventions: int
    """Episodes of the naps (falling asleep or wakings) a parent attended."""


def day_figures(day: date, naps: Iterable[Nap]) -> DayFigures:
    """Return the figures of ``day`` from its naps (others are ignored)."""
    today = [nap for nap in naps if nap.day == day]
    slept = [nap for nap in today if nap.asleep is not None]
    episodes = [episode for nap in today for episode in nap.episodes]
    wakings = [episode for episode in episodes if episode.kind is EpisodeKind.NAP_WAKING]
    to_sleep = [minutes(nap.asleep - nap.start) for nap in slept if nap.asleep is not None]
    return DayFigures(
        day=day,
        naps=len(slept),
        day_sleep_minutes=sum(minutes(nap.sleep) for nap in today),
        median_minutes_to_fall_asleep=statistics.median(to_sleep) if to_sleep else None,
        falling_asleep_cry_minutes=sum(
            minutes(episode.cry_time)
            for episode in episodes
            if episode.kind is EpisodeKind.FALLING_ASLEEP
        ),
        nap_cry_minutes=sum(minutes(episode.cry_time) for episode in episodes),
        wakings=len(wakings),
        self_soothed=sum(1 for episode in wakings if episode.outcome is Outcome.SELF_SOOTHED),
        check_ins=sum(episode.check_ins for episode in episodes),
        interventions=sum(1 for episode in episodes if episode.outcome in ATTENDED_OUTCOMES),
    )


def summarise_days(naps: Iterable[Nap], days: Iterable[date]) -> tuple[DayFigures, ...]:
    """Return the figures of each of ``days`` (in date order), from the finished naps.

    A day without naps is a day with none, not a missing day.
    """
    by_day: defaultdict[date, list[Nap]] = defaultdict(list)
    for nap in naps:
        by_day[nap.day].append(nap)
    return tuple(day_figures(day, by_day[day]) for day in sorted(set(days)))
