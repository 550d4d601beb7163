"""Replay a recorded log through the coach, to see what it would have decided.

Usage: ``python -m coach.replay FILE`` (or ``scripts/replay FILE``). FILE is JSON Lines, one
input per line in time order, each with ``at`` (ISO 8601 with a UTC offset)::

    {"type": "config", ...}                      optional, first line only
    {"type": "cry", "crying": true}              false when quiet, null when unavailable
    {"type": "need", "need": "fed", "met": true}
    {"type": "attend"} / {"type": "leave"}       a parent enters / leaves the nursery
    {"type": "nap_started"} / {"type": "nap_ended"}   a nap begins / ends
    {"type": "end"}                              optional; closes the open episode
    {"type": "plan", "method": "graduated", "first_night": "2024-06-01",
     "table": [[5, 10], [10, 12]], "advance_only_to_plan": false,
     "pauses": ["2024-06-03"]}                  optional; starts a plan at ``at``

A plan line takes ``method`` and ``first_night``; ``table`` (minutes per night, custom plans
only), ``advance_only_to_plan`` and ``pauses`` (nights to pause the plan for, from their
start to their end) are optional. Prints ``{"episodes": [...], "nights": [...]}`` as JSON,
with a ``plan`` section after a plan line: each plan night that is over, its waits (or
position) and adherence, and the first and last nights side by side once it finished;
after a nap line, ``naps`` (each nap that is over, with its episodes), ``days`` (the figures
of each day the log overlaps) and ``sleep_windows`` (each window that opened).
Bad input exits with status 1 and a message naming the line; nothing is printed to stdout
then.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .config import ChildConfig
from .effects import NapEnded, Settled, SleepWindowOpened
from .engine import Coach
from .errors import CoachError
from .figures import summarise_nights
from .model import Episode, EpisodeKind
from .naps import Nap, summarise_days
from .night import days_overlapping, night_window, nights_overlapping
from .plan import Plan, PlanNightFigures, plan_figures, plan_summary
from .report import day_json, episode_json, nap_json, night_json, window_json

_EVENT_FIELDS: Mapping[str, frozenset[str]] = {
    "cry": frozenset({"crying"}),
    "need": frozenset({"need", "met"}),
    "attend": frozenset(),
    "leave": frozenset(),
    "nap_started": frozenset(),
    "nap_ended": frozenset(),
    "end": frozenset(),
}
_CALLS: Mapping[str, Callable[[Coach, datetime], Sequence[object]]] = {
    "attend": Coach.parent_arrived,
    "leave": Coach.parent_left,
    "nap_started": Coach.nap_started,
    "nap_ended": Coach.nap_ended,
    "end": Coach.finish,
}
"""The inputs that take nothing but their time."""
_NAP_LINES = frozenset({"nap_started", "nap_ended"})
_PLAN_FIELDS = frozenset({"method", "first_night", "table", "advance_only_to_plan", "pauses"})


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
    plan: Plan | None = None
    pauses: frozenset[date] = frozenset()
    napping: bool = False
    """A nap line was given: the document then reports naps, days and sleep windows."""
    naps: list[Nap] = field(default_factory=list)
    windows: list[SleepWindowOpened] = field(default_factory=list)

    def feed(self, record: Mapping[str, object]) -> None:
        self.line_count += 1
        if self.ended:
            raise _BadLineError("nothing may follow the end line")
        kind = _field(record, "type")
        if kind == "config":
            self._configure(record)
        elif kind == "plan":
            self._start_plan(record)
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
        document: dict[str, object] = {
            "episodes": [episode_json(episode, zone) for episode in self.episodes],
            "nights": [night_json(night, zone) for night in nights],
        }
        progress = None if self.coach is None else self.coach.state.plan
        if self.plan is not None and progress is not None:
            figures = [night.figures for night in nights]
            summary = plan_summary(progress, figures)
            document["plan"] = {
                "method": self.plan.method.value,
                "first_night": self.plan.first_night.isoformat(),
                "nights": self.plan.nights,
                "finished": progress.finished,
                "plan_nights": [
                    self._plan_night_json(night) for night in plan_figures(progress, figures)
                ],
                "summary": None
                if summary is None or not progress.finished
                else {
                    "first": self._plan_night_json(summary.first),
                    "last": self._plan_night_json(summary.last),
                },
            }
        if self.napping and self.started is not None and self.last is not None:
            days = days_overlapping(self.started, self.last, self.config)
            document["naps"] = [nap_json(nap, zone) for nap in self.naps]
            document["days"] = [day_json(day) for day in summarise_days(self.naps, days)]
            document["sleep_windows"] = [window_json(window, zone) for window in self.windows]
        return document

    def _plan_night_json(self, night: PlanNightFigures) -> dict[str, object]:
        plan = self.plan
        assert plan is not None  # noqa: S101 - only called with a plan
        position = plan.position(night.number)
        return {
            "night": night.night.isoformat(),
            "plan_night": night.number,
            "paused": night.paused,
            "waits_minutes": None
            if night.paused
            else [wait.total_seconds() / 60 for wait in plan.waits(night.number, self.config)],
            "position": None if position is None or night.paused else position.value,
            "episodes": night.episodes,
            "adherence": night.adherence,
            "early_interventions": night.early_interventions,
            "median_settle_minutes": night.median_settle_minutes,
        }

    def _start_plan(self, record: Mapping[str, object]) -> None:
        if self.plan is not None:
            raise _BadLineError("only one plan line may be given")
        unexpected = sorted(set(record) - _PLAN_FIELDS - {"type", "at"})
        if unexpected:
            raise _BadLineError(f"unexpected field '{unexpected[0]}'")
        at = _parse_at(_field(record, "at"))
        pauses = record.get("pauses", [])
        if not isinstance(pauses, list) or not all(isinstance(day, str) for day in pauses):
            raise _BadLineError("field 'pauses' must be a list of dates")
        try:
            self.pauses = frozenset(date.fromisoformat(day) for day in pauses)
        except ValueError as err:
            raise _BadLineError("field 'pauses' must be a list of dates") from err
        options = {key: value for key, value in record.items() if key in _PLAN_FIELDS - {"pauses"}}
        plan = Plan.from_options(options, self.config)
        coach = self._coach_at(at)
        coach.start_plan(at, plan)
        self.plan = plan
        self._follow_pauses(coach, at)
        self.last = at

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
        self._follow_pauses(coach, at)
        effects: Sequence[object]
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
        else:
            effects = _CALLS[kind](coach, at)
            self.napping = self.napping or kind in _NAP_LINES
            self.ended = kind == "end"
        self.last = at
        self._collect([*effects, *coach.take_day_effects()])

    def _collect(self, effects: Sequence[object]) -> None:
        """Keep the night's episodes, the naps that ended and the windows that opened."""
        self.episodes += _settled(effects)
        for effect in effects:
            if isinstance(effect, NapEnded):
                self.naps.append(effect.nap)
            elif isinstance(effect, SleepWindowOpened):
                self.windows.append(effect)

    def _follow_pauses(self, coach: Coach, at: datetime) -> None:
        """Pause the plan for each paused night that starts by ``at``, and resume after."""
        if self.plan is None or not self.pauses:
            return
        for night in nights_overlapping(coach.state.clock, at, self.config):
            start = night_window(night, self.config)[0]
            if coach.state.clock <= start <= at:
                self._collect([*coach.tick(start), *coach.take_day_effects()])
            if night in self.pauses:
                coach.pause_plan(coach.state.clock)
            else:
                coach.resume_plan(coach.state.clock)

    def _coach_at(self, at: datetime) -> Coach:
        if self.coach is None:
            self.coach = Coach.start(self.config, at)
            self.started = self.last = at
        return self.coach


def _settled(effects: Iterable[object]) -> list[Episode]:
    """Return the night's episodes that settled (a nap's stay with the nap)."""
    return [
        effect.episode
        for effect in effects
        if isinstance(effect, Settled) and effect.episode.kind is EpisodeKind.NIGHT
    ]


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
