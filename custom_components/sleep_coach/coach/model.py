"""The coach's vocabulary: states, reasons, outcomes and finished episodes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum

from ._codec import read_date, read_instant, read_int, read_seconds, read_str, read_strs
from .snapshot import snapshot


class Mode(StrEnum):
    """What the coach is doing for the child right now."""

    DAYTIME = "daytime"
    """Outside the night window with no episode open: the coach only records needs."""
    IDLE = "idle"
    """Night, no episode: listening."""
    SELF_SOOTHING = "self_soothing"
    """Every need is met; the baby has until a deadline to settle on its own."""
    CHECK_IN_DUE = "check_in_due"
    """The self-soothe deadline passed while the baby was crying: a parent should go."""
    NEEDS_ATTENTION = "needs_attention"
    """A parent should go now, for the reasons given."""
    ATTENDING = "attending"
    """A parent is with the baby."""


EPISODE_PHASES = frozenset({Mode.SELF_SOOTHING, Mode.CHECK_IN_DUE, Mode.NEEDS_ATTENTION})
"""The modes an open episode can be in while no parent is in the nursery."""


class Reason(StrEnum):
    """Reasons for attention besides the names of unmet needs."""

    AGE = "age"
    """The child is under 16 weeks (or has no birth date) and the family has not opted in."""
    CONCERN = "concern"
    """Crying in this episode is far beyond the child's own baseline."""
    SOURCE_UNAVAILABLE = "source_unavailable"
    """The cry source is unavailable, so the coach cannot hear the baby."""


CONCERN_REASONS = frozenset({Reason.CONCERN, Reason.SOURCE_UNAVAILABLE})
"""Reasons meaning "something may be wrong", as opposed to a need (or age) to attend to."""


class Outcome(StrEnum):
    """How an episode ended; every finished episode has exactly one."""

    SELF_SOOTHED = "self_soothed"
    """The baby settled with no alert raised and no parent coming."""
    EARLY_INTERVENTION = "early_intervention"
    """A parent came during a self-soothe wait, with every need met and no concern."""
    SETTLED_AFTER_CHECK_IN = "settled_after_check_in"
    """A parent came after the check-in was due."""
    ATTENDED_NEED = "attended_need"
    """A parent came for an unmet need (or the child's age)."""
    ATTENDED_CONCERN = "attended_concern"
    """A parent came because something may be wrong (concern, or no cry source)."""
    SETTLED_BEFORE_PARENT = "settled_before_parent"
    """An alert was raised, but the baby settled before anyone came."""


class EpisodeKind(StrEnum):
    """Which sleep an episode belongs to: the night's, or a nap's."""

    NIGHT = "night"
    """A waking in the night window (and every episode stored before naps existed)."""
    FALLING_ASLEEP = "falling_asleep"
    """Crying at the start of a nap, before the baby first fell quiet for the settle time."""
    NAP_WAKING = "nap_waking"
    """A waking during a nap, after the baby had fallen asleep."""


ATTENDED_OUTCOMES = frozenset(
    {
        Outcome.EARLY_INTERVENTION,
        Outcome.SETTLED_AFTER_CHECK_IN,
        Outcome.ATTENDED_NEED,
        Outcome.ATTENDED_CONCERN,
    }
)
"""Outcomes of episodes in which a parent intervened."""


@snapshot
class Episode:
    """A finished cry episode.

    ``start`` is the first cry signal of the run that opened it, ``end`` the moment the
    final quiet began; both are aware UTC datetimes. ``night`` is the evening date of the
    night the episode started in; for a nap's episode (``kind`` other than ``night``), the
    date of its day, which is the date of the night that follows it.
    """

    night: date
    start: datetime
    end: datetime
    outcome: Outcome
    reasons: tuple[str, ...]
    cry_time: timedelta
    check_ins: int
    kind: EpisodeKind = EpisodeKind.NIGHT

    @property
    def settle_time(self) -> timedelta:
        """Return the time from the first cry to the start of the final quiet."""
        return self.end - self.start

    def to_dict(self) -> dict[str, object]:
        """Return the episode as JSON-ready data for storage (lossless).

        ``kind`` is written only for a nap's episode, so a night's reads as before naps.
        """
        data: dict[str, object] = {
            "night": self.night.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "outcome": self.outcome.value,
            "reasons": list(self.reasons),
            "cry_seconds": self.cry_time.total_seconds(),
            "check_ins": self.check_ins,
        }
        if self.kind is not EpisodeKind.NIGHT:
            data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Episode:
        """Read an episode written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        return cls(
            night=read_date(data["night"]),
            start=read_instant(data["start"]),
            end=read_instant(data["end"]),
            outcome=Outcome(read_str(data["outcome"])),
            reasons=read_strs(data["reasons"]),
            cry_time=read_seconds(data["cry_seconds"]),
            check_ins=read_int(data["check_ins"]),
            kind=read_kind(data),
        )


def read_kind(data: Mapping[str, object]) -> EpisodeKind:
    """Return the ``kind`` of a stored episode; one stored before naps is a night's."""
    kind = data.get("kind")
    return EpisodeKind.NIGHT if kind is None else EpisodeKind(read_str(kind))
