"""Immutable snapshots without the runtime cost of frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import dataclass_transform


@dataclass_transform(frozen_default=True)
def snapshot[T](cls: type[T]) -> type[T]:
    """Make ``cls`` a slotted, hashable dataclass that type checkers hold frozen.

    A frozen dataclass sets every field through ``object.__setattr__``; on a cry the coach
    copies its state and episode several times, and that check cost more than the coaching.
    Here mypy rejects any assignment to a field instead, so the snapshots stay immutable.
    """
    return dataclass(slots=True, unsafe_hash=True)(cls)
