"""Tonight's timeline marks: self-soothe deadlines and parent visits, for the night card.

Episodes themselves live in the core's history; these marks add what an episode's figures
leave out (when each wait would have ended, when a parent came and went). They are kept
for as long as the core keeps episodes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from .coach import (
    NIGHTS_KEPT,
    CheckInDue,
    NeedsAttention,
    ParentArrived,
    ParentLeft,
    SelfSootheStarted,
)

if TYPE_CHECKING:
    from .coach import Effect, PlanEffect

# The core remembers the episodes of tonight and the nights it keeps; marks are kept as long.
KEEP_MARKS: Final = timedelta(days=NIGHTS_KEPT + 1)


class MarkKind(StrEnum):
    """What a mark on the timeline shows."""

    DEADLINE = "deadline"
    CHECK_IN_DUE = "check_in_due"
    NEEDS_ATTENTION = "needs_attention"
    PARENT_ARRIVED = "parent_arrived"
    PARENT_LEFT = "parent_left"


@dataclass(frozen=True, slots=True)
class Mark:
    """One moment on the timeline."""

    kind: MarkKind
    at: datetime

    def to_dict(self) -> dict[str, str]:
        """Return the mark as JSON-ready data."""
        return {"kind": self.kind.value, "at": self.at.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mark:
        """Read a mark written by `to_dict`; raises `KeyError`/`ValueError`."""
        return cls(MarkKind(data["kind"]), datetime.fromisoformat(data["at"]))


def marks_of(effect: Effect | PlanEffect) -> list[Mark]:
    """Return the marks an effect of the core puts on the timeline."""
    match effect:
        case SelfSootheStarted(deadline=deadline):
            return [Mark(MarkKind.DEADLINE, deadline)]
        case CheckInDue(at=at):
            return [Mark(MarkKind.CHECK_IN_DUE, at)]
        case NeedsAttention(at=at):
            return [Mark(MarkKind.NEEDS_ATTENTION, at)]
        case ParentArrived(at=at):
            return [Mark(MarkKind.PARENT_ARRIVED, at)]
        case ParentLeft(at=at):
            return [Mark(MarkKind.PARENT_LEFT, at)]
    return []


def recent(marks: list[Mark], now: datetime) -> list[Mark]:
    """Return the marks still worth keeping at `now`."""
    return [mark for mark in marks if now - mark.at <= KEEP_MARKS]
