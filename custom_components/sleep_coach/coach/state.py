"""The coach's complete memory, as an immutable, JSON-serialisable snapshot.

Everything the coach decides follows from this snapshot, the configuration and the inputs,
so a shell that stores ``CoachState.to_dict()`` and restores it with ``from_dict`` resumes
exactly where it stopped, pending deadline included. All instants are aware UTC datetimes.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum

from ._codec import (
    read_bool,
    read_date,
    read_instant,
    read_int,
    read_list,
    read_mapping,
    read_optional_date,
    read_optional_instant,
    read_optional_seconds,
    read_seconds,
    read_str,
    read_strs,
    write_instant,
    write_optional_instant,
)
from .errors import StateError
from .model import EPISODE_PHASES, Episode, EpisodeKind, Mode, Outcome, read_kind
from .naps import NO_DAY, DayState, Nap, OpenNap
from .needs import NeedRecord
from .plan import PlanProgress
from .snapshot import snapshot


class Signal(StrEnum):
    """The raw cry signal as last reported."""

    CRYING = "crying"
    QUIET = "quiet"
    UNKNOWN = "unknown"
    """The source is unavailable or has not reported yet: the coach cannot hear the baby."""


@snapshot
class OpenEpisode:
    """The episode in progress.

    ``phase`` is what the coach asks of the parent when none is in the nursery; while one is,
    the coach shows ``attending`` and re-evaluates the checklist when they leave.
    ``outcome_on_arrival`` is fixed by the first parent visit; without one the outcome
    depends only on whether an alert was raised.
    """

    night: date
    start: datetime
    phase: Mode
    reasons: tuple[str, ...]
    """Every reason for attention raised during the episode, first raised first."""
    alert_reasons: tuple[str, ...]
    """The reasons of the current ``needs_attention`` phase."""
    wait_started: datetime | None
    deadline: datetime | None
    waits_used: int
    counted_cry: timedelta
    """Cry time before the current cry run (which is counted from ``signal_since``)."""
    concern_after: timedelta | None
    """Cry time that raises a concern tonight; ``None`` without a baseline."""
    check_ins: int
    outcome_on_arrival: Outcome | None
    alerted: bool
    kind: EpisodeKind = EpisodeKind.NIGHT
    """A night's episode, or a nap's (``night`` is then the nap's day)."""

    def to_dict(self) -> dict[str, object]:
        """Return the episode as JSON-ready data for storage (lossless).

        ``kind`` is written only for a nap's episode, so a night's reads as before naps.
        """
        concern_after = self.concern_after
        data: dict[str, object] = {
            "night": self.night.isoformat(),
            "start": write_instant(self.start),
            "phase": self.phase.value,
            "reasons": list(self.reasons),
            "alert_reasons": list(self.alert_reasons),
            "wait_started": write_optional_instant(self.wait_started),
            "deadline": write_optional_instant(self.deadline),
            "waits_used": self.waits_used,
            "counted_cry_seconds": self.counted_cry.total_seconds(),
            "concern_after_seconds": None
            if concern_after is None
            else concern_after.total_seconds(),
            "check_ins": self.check_ins,
            "outcome_on_arrival": self.outcome_on_arrival,
            "alerted": self.alerted,
        }
        if self.kind is not EpisodeKind.NIGHT:
            data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> OpenEpisode:
        """Read an episode written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        phase = Mode(read_str(data["phase"]))
        if phase not in EPISODE_PHASES:
            raise ValueError(phase)
        outcome = data["outcome_on_arrival"]
        return cls(
            night=read_date(data["night"]),
            start=read_instant(data["start"]),
            phase=phase,
            reasons=read_strs(data["reasons"]),
            alert_reasons=read_strs(data["alert_reasons"]),
            wait_started=read_optional_instant(data["wait_started"]),
            deadline=read_optional_instant(data["deadline"]),
            waits_used=read_int(data["waits_used"]),
            counted_cry=read_seconds(data["counted_cry_seconds"]),
            concern_after=read_optional_seconds(data["concern_after_seconds"]),
            check_ins=read_int(data["check_ins"]),
            outcome_on_arrival=None if outcome is None else Outcome(read_str(outcome)),
            alerted=read_bool(data["alerted"]),
            kind=read_kind(data),
        )


@snapshot
class CoachState:
    """Everything the coach remembers about one child."""

    clock: datetime
    """The latest instant the coach has been told about; inputs may not go back before it."""
    started: datetime
    """When the coach first started listening, so reports skip nights it never saw."""
    night: date | None
    """The night being tracked, or ``None`` in daytime."""
    signal: Signal
    signal_since: datetime
    parent_present: bool
    needs: Mapping[str, NeedRecord]
    """Never mutated: every change builds a new mapping."""
    episode: OpenEpisode | None
    history: tuple[Episode, ...]
    """Finished episodes of the last nights, enough for the baseline and the trend."""
    plan: PlanProgress | None = None
    """The sleep-training plan and where the child is in it; ``None`` without a plan."""
    day: DayState = NO_DAY
    """Naps, when the baby last woke and the sleep window announced."""

    def to_dict(self) -> dict[str, object]:
        """Return the state as JSON-ready data; ``from_dict`` reads it back exactly."""
        data: dict[str, object] = {
            "clock": write_instant(self.clock),
            "started": write_instant(self.started),
            "night": None if self.night is None else self.night.isoformat(),
            "signal": self.signal.value,
            "signal_since": write_instant(self.signal_since),
            "parent_present": self.parent_present,
            "needs": {name: record.to_dict() for name, record in self.needs.items()},
            "episode": None if self.episode is None else self.episode.to_dict(),
            "history": [episode.to_dict() for episode in self.history],
        }
        # Written only with a plan, so a state without one reads as before.
        if self.plan is not None:
            data["plan"] = self.plan.to_dict()
        # The same for naps and wake windows.
        day = self.day
        if day.nap is not None:
            data["nap"] = day.nap.to_dict()
        if day.naps:
            data["naps"] = [nap.to_dict() for nap in day.naps]
        if day.awake_since is not None:
            data["awake_since"] = write_instant(day.awake_since)
        if day.window_announced is not None:
            data["window_announced"] = write_instant(day.window_announced)
        return data

    @classmethod
    def from_dict(
        cls, data: Mapping[str, object], *, nights_from: date | None = None
    ) -> CoachState:
        """Read a state written by ``to_dict``.

        With ``nights_from``, finished episodes of earlier nights are skipped unread (their
        ISO dates compare as text), so years of history cost little to resume from.
        Raises ``StateError`` for anything malformed, so the shell can start afresh (with
        every need unknown, which fails toward attention). A state written before plans
        existed has no ``plan`` key and reads as a state without a plan; one written before
        naps has no nap keys and reads as a state without naps.
        """
        first = None if nights_from is None else nights_from.isoformat()
        try:
            episode = data["episode"]
            plan = data.get("plan")
            nap = data.get("nap")
            state = cls(
                clock=read_instant(data["clock"]),
                started=read_instant(data["started"]),
                night=read_optional_date(data["night"]),
                signal=Signal(read_str(data["signal"])),
                signal_since=read_instant(data["signal_since"]),
                parent_present=read_bool(data["parent_present"]),
                needs={
                    read_str(name): NeedRecord.from_dict(read_mapping(record))
                    for name, record in read_mapping(data["needs"]).items()
                },
                episode=None if episode is None else OpenEpisode.from_dict(read_mapping(episode)),
                history=tuple(
                    Episode.from_dict(item)
                    for item in map(read_mapping, read_list(data["history"]))
                    if first is None or read_str(item["night"]) >= first
                ),
                plan=None if plan is None else PlanProgress.from_dict(read_mapping(plan)),
                day=DayState(
                    nap=None if nap is None else OpenNap.from_dict(read_mapping(nap)),
                    naps=tuple(
                        Nap.from_dict(read_mapping(item))
                        for item in read_list(data.get("naps", []))
                    ),
                    awake_since=read_optional_instant(data.get("awake_since")),
                    window_announced=read_optional_instant(data.get("window_announced")),
                ),
            )
            _check_naps(state)
        except (KeyError, TypeError, ValueError, OverflowError) as err:
            raise StateError("state_invalid", detail=repr(err)) from err
        return state


def _check_naps(state: CoachState) -> None:
    """Refuse a nap the coach could not be in: at night, or a nap's episode without one."""
    nap = state.day.nap
    if nap is not None and state.night is not None:
        raise ValueError(nap)
    episode = state.episode
    if episode is not None and (episode.kind is EpisodeKind.NIGHT) is (nap is not None):
        raise ValueError(episode.kind)
