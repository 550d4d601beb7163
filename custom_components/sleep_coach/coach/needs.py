"""The needs checklist: what the family last confirmed, and what is met now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ._codec import read_bool, read_instant, write_instant
from .config import NeedSpec


@dataclass(frozen=True, slots=True)
class NeedRecord:
    """The last word on one need: confirmed met, or explicitly unmet, at a time."""

    met: bool
    at: datetime

    def to_dict(self) -> dict[str, object]:
        """Return the record as JSON-ready data for storage."""
        return {"met": self.met, "at": write_instant(self.at)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> NeedRecord:
        """Read a record written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        return cls(met=read_bool(data["met"]), at=read_instant(data["at"]))


def expires_at(need: NeedSpec, record: NeedRecord | None) -> datetime | None:
    """Return when a currently met time-based need stops being met, else ``None``."""
    if need.window is None or record is None or not record.met:
        return None
    return record.at + need.window


def is_met(need: NeedSpec, record: NeedRecord | None, at: datetime) -> bool:
    """Tell whether ``need`` is met at ``at``; a need never confirmed is unmet."""
    if record is None or not record.met:
        return False
    expiry = expires_at(need, record)
    return expiry is None or at < expiry


def unmet_needs(
    needs: tuple[NeedSpec, ...], records: Mapping[str, NeedRecord], at: datetime
) -> tuple[str, ...]:
    """Return the names of the needs that are unmet or unknown at ``at``, in order."""
    return tuple(need.name for need in needs if not is_met(need, records.get(need.name), at))


class NeedState(StrEnum):
    """Where one need stands; unknown counts as unmet in every decision."""

    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class NeedStatus:
    """One line of the checklist as a family sees it.

    ``since`` is the time of the last word on the need (``None`` when unknown);
    ``expires`` is when a met time-based need stops being met.
    """

    state: NeedState
    since: datetime | None
    expires: datetime | None


def checklist(
    needs: tuple[NeedSpec, ...], records: Mapping[str, NeedRecord], at: datetime
) -> dict[str, NeedStatus]:
    """Return every need's status at ``at``, in the configured order."""
    statuses = {}
    for need in needs:
        record = records.get(need.name)
        if record is None:
            statuses[need.name] = NeedStatus(NeedState.UNKNOWN, None, None)
        elif is_met(need, record, at):
            statuses[need.name] = NeedStatus(NeedState.MET, record.at, expires_at(need, record))
        else:
            statuses[need.name] = NeedStatus(NeedState.UNMET, record.at, None)
    return statuses
