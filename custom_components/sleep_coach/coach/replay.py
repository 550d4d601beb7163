"""Replay a recorded log through the coach, to see what it would have decided.

Usage: ``python -m coach.replay FILE`` (or ``scripts/replay FILE``). FILE is JSON Lines, one
input per line in time order, each with ``at`` (ISO 8601 with a UTC offset)::

    {"type": "config", ...}                      optional, first line only
    {"type": "cry", "crying": true}              false when quiet, null when unavailable
    {"type": "need", "need": "fed", "met": true}
    {"type": "attend"} / {"type": "leave"}       a parent enters / leaves the nursery
    {"type": "end"}                              optional; closes the open episode

Prints ``{"episodes": [...], "nights": [...]}`` as JSON. Bad input exits with status 1 and a
message naming the line; nothing is printed to stdout then.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .config import ChildConfig
from .effects import Settled
from .engine import Coach
from .errors import CoachError
from .figures import summarise_nights
from .model import Episode
from .night import nights_overlapping
from .report import episode_json, night_json

_EVENT_FIELDS: Mapping[str, frozenset[str]] = {
    "cry": frozenset({"crying"}),
    "need": frozenset({"need", "met"}),
    "attend": frozenset(),
    "leave": frozenset(),
    "end": frozenset(),
}


class ReplayError(Exception):
    """A line of the log that cannot be replayed."""

    def __init__(self, line: int, message: str) -> None:
        """Describe the problem with line number ``line``."""
        super().__init__(f"line {line}: {message}")
        self.line = line


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    parser = argparse.ArgumentParser(
        prog="replay", description="Replay a recorded night through the sleep coach."
    )
    parser.add_argument("file", type=Path, help="JSON Lines log of cry, need and parent inputs")
    path: Path = parser.parse_args(argv).file
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        sys.stderr.write(f"replay: cannot read {path}: {err.strerror}\n")
        return 1
    try:
        document = replay(lines)
    except ReplayError as err:
        sys.stderr.write(f"replay: {path}: {err}\n")
        return 1
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return 0


def replay(lines: Iterable[str]) -> dict[str, object]:
    """Replay the lines of a log; return the episodes and nights as JSON-ready data.

    Raises ``ReplayError`` naming the first bad line.
    """
    session = _Session()
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            session.feed(_parse_object(text))
        except (_BadLineError, CoachError) as err:
            raise ReplayError(number, str(err)) from err
    return session.document()


class _BadLineError(Exception):
    """A line that is not a valid input, whatever the coach would make of it."""


@dataclass
class _Session:
    config: ChildConfig = field(default_factory=ChildConfig)
    coach: Coach | None = None
    started: datetime | None = None
    last: datetime | None = None
    line_count: int = 0
    ended: bool = False
    episodes: list[Episode] = field(default_factory=list)

    def feed(self, record: Mapping[str, object]) -> None:
        self.line_count += 1
        if self.ended:
            raise _BadLineError("nothing may follow the end line")
        kind = _field(record, "type")
        if kind == "config":
            self._configure(record)
        elif isinstance(kind, str) and kind in _EVENT_FIELDS:
            self._apply(kind, record)
        else:
            raise _BadLineError(f"unknown type {json.dumps(kind)}")

    def document(self) -> dict[str, object]:
        nights = []
        if self.started is not None and self.last is not None:
            covered = nights_overlapping(self.started, self.last, self.config)
            nights = list(summarise_nights(self.episodes, self.config, covered))
        zone = self.config.zone
        return {
            "episodes": [episode_json(episode, zone) for episode in self.episodes],
            "nights": [night_json(night, zone) for night in nights],
        }

    def _configure(self, record: Mapping[str, object]) -> None:
        if self.line_count > 1:
            raise _BadLineError("the config line must be the first line")
        self.config = ChildConfig.from_dict(
            {key: value for key, value in record.items() if key not in {"type", "at"}}
        )
        if "at" in record:
            self._coach_at(_parse_at(record["at"]))

    def _apply(self, kind: str, record: Mapping[str, object]) -> None:
        allowed = _EVENT_FIELDS[kind] | {"type", "at"}
        for name in sorted(allowed):
            _field(record, name)
        unexpected = sorted(set(record) - allowed)
        if unexpected:
            raise _BadLineError(f"unexpected field '{unexpected[0]}'")
        at = _parse_at(record["at"])
        coach = self._coach_at(at)
        if kind == "cry":
            crying = record["crying"]
            if crying is None:
                effects = coach.source_unavailable(at)
            elif isinstance(crying, bool):
                effects = coach.cry(at, crying=crying)
            else:
                raise _BadLineError("field 'crying' must be true, false or null")
        elif kind == "need":
            need = record["need"]
            if not isinstance(need, str):
                raise _BadLineError("field 'need' must be a need name")
            met = record["met"]
            if not isinstance(met, bool):
                raise _BadLineError("field 'met' must be true or false")
            effects = coach.need(at, need, met=met)
        elif kind == "attend":
            effects = coach.parent_arrived(at)
        elif kind == "leave":
            effects = coach.parent_left(at)
        else:
            effects = coach.finish(at)
            self.ended = True
        self.last = at
        self.episodes += [effect.episode for effect in effects if isinstance(effect, Settled)]

    def _coach_at(self, at: datetime) -> Coach:
        if self.coach is None:
            self.coach = Coach.start(self.config, at)
            self.started = self.last = at
        return self.coach


def _parse_object(text: str) -> Mapping[str, object]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as err:
        raise _BadLineError(f"not valid JSON: {err.msg}") from err
    if not isinstance(record, dict):
        raise _BadLineError("a line must be a JSON object")
    return record


def _field(record: Mapping[str, object], name: str) -> object:
    if name not in record:
        raise _BadLineError(f"missing field '{name}'")
    return record[name]


def _parse_at(value: object) -> datetime:
    if not isinstance(value, str):
        raise _BadLineError("field 'at' must be an ISO 8601 time")
    try:
        at = datetime.fromisoformat(value)
    except ValueError as err:
        raise _BadLineError("field 'at' must be an ISO 8601 time") from err
    if at.utcoffset() is None:
        raise _BadLineError("field 'at' needs a UTC offset, as in 2024-05-01T02:30:00+01:00")
    return at


if __name__ == "__main__":
    sys.exit(main())
