"""Sleep-training plans: a programme of nights, and its progress.

A plan has a method and a first night (dated by its evening, as every night of the core).
Its night number starts at 1 and advances once per plan night that is over (see
``advance``); a night that ends while the plan is paused does not advance it. Every wait a
plan gives is clipped to the child's cap, which is never above 30 minutes; the checklist,
the 16-week rule and every fail-toward-attention rule apply on every night of every plan,
because the plan only chooses the length of a self-soothe wait.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar

from ._codec import read_bool, read_date, read_int, read_list, read_mapping, read_seconds, read_str
from .errors import ConfigError
from .snapshot import snapshot

if TYPE_CHECKING:
    from .config import ChildConfig
    from .figures import NightFigures


class Method(StrEnum):
    """How the waits (or the parent's place) change from night to night."""

    GRADUATED = "graduated"
    """Progressive waiting: the published table, growing night by night."""
    FIXED = "fixed"
    """The child's configured waits every night."""
    GRADUAL_RETREAT = "gradual_retreat"
    """The chair method: the parent stays in the room, moving further away."""
    CUSTOM = "custom"
    """The family's own table of waits per night."""


class Position(StrEnum):
    """Where the parent is on a gradual-retreat night."""

    BESIDE_COT = "beside_cot"
    HALFWAY = "halfway"
    BY_DOOR = "by_door"
    OUTSIDE = "outside"


IN_ROOM = frozenset({Position.BESIDE_COT, Position.HALFWAY, Position.BY_DOOR})
"""Positions in which the parent stays in the nursery as planned."""


def _minutes(*values: int) -> tuple[timedelta, ...]:
    return tuple(timedelta(minutes=value) for value in values)


GRADUATED_WAITS: tuple[tuple[timedelta, ...], ...] = (
    _minutes(3, 5, 10),
    _minutes(5, 10, 12),
    _minutes(10, 12, 15),
    _minutes(12, 15, 17),
    _minutes(15, 17, 20),
    _minutes(17, 20, 25),
    _minutes(20, 25, 30),
)
"""Minutes before the 1st, 2nd and every later check-in, nights 1 to 7 (and on)."""

RETREAT_NIGHTS = 3
"""Nights spent at each position before moving further away."""

FIXED_NIGHTS = 7
"""The length of a fixed check-ins plan."""


class PlanError(ConfigError):
    """A plan that breaks a rule (for example a custom wait above the cap)."""

    messages: ClassVar[dict[str, str]] = {
        "plan_table_empty": "a custom plan needs at least one night of waits",
        "plan_night_empty": "night {night} of the custom plan has no waits",
        "plan_wait_invalid": "wait {wait} of night {night} must be above zero",
        "plan_wait_too_long": (
            "wait {wait} of night {night} is {minutes} minutes, above the cap of {cap} minutes"
        ),
        "plan_table_unexpected": "only a custom plan takes a table of waits",
        "plan_option_invalid": "plan option '{option}' has an invalid value",
    }


@snapshot
class Plan:
    """A chosen method, its first night and, for a custom plan, its table of waits."""

    method: Method
    first_night: date
    table: tuple[tuple[timedelta, ...], ...] = ()
    """Waits per night of a custom plan: ``table[0]`` is night 1; the last night repeats."""
    advance_only_to_plan: bool = False
    """Hold the plan on a night with an early intervention instead of advancing it."""

    @property
    def nights(self) -> int:
        """Return the number of nights in the plan (its last one repeats once it is over)."""
        if self.method is Method.GRADUATED:
            return len(GRADUATED_WAITS)
        if self.method is Method.GRADUAL_RETREAT:
            return RETREAT_NIGHTS * len(IN_ROOM) + 1
        if self.method is Method.CUSTOM:
            return len(self.table)
        return FIXED_NIGHTS

    def check(self, config: ChildConfig) -> None:
        """Raise ``PlanError`` unless the plan suits ``config``; name the night and wait."""
        if self.method is not Method.CUSTOM:
            if self.table:
                raise PlanError("plan_table_unexpected")
            return
        if not self.table:
            raise PlanError("plan_table_empty")
        for night, waits in enumerate(self.table, start=1):
            if not waits:
                raise PlanError("plan_night_empty", night=str(night))
            for number, wait in enumerate(waits, start=1):
                if wait <= timedelta(0):
                    raise PlanError("plan_wait_invalid", night=str(night), wait=str(number))
                if wait > config.cap:
                    raise PlanError(
                        "plan_wait_too_long",
                        night=str(night),
                        wait=str(number),
                        minutes=_format(wait),
                        cap=_format(config.cap),
                    )

    def waits(self, number: int, config: ChildConfig) -> tuple[timedelta, ...]:
        """Return the waits of plan night ``number`` (1-based), each clipped to the cap."""
        if self.method is Method.GRADUATED:
            waits = GRADUATED_WAITS[min(number, len(GRADUATED_WAITS)) - 1]
        elif self.method is Method.CUSTOM:
            waits = self.table[min(number, len(self.table)) - 1]
        else:
            waits = config.waits
        return tuple(min(wait, config.cap) for wait in waits)

    def position(self, number: int) -> Position | None:
        """Return the parent's place on plan night ``number`` of a gradual retreat."""
        if self.method is not Method.GRADUAL_RETREAT:
            return None
        return tuple(Position)[min((number - 1) // RETREAT_NIGHTS, len(IN_ROOM))]

    def to_dict(self) -> dict[str, object]:
        """Return the plan as JSON-ready data (lossless)."""
        return {
            "method": self.method.value,
            "first_night": self.first_night.isoformat(),
            "table_seconds": [[wait.total_seconds() for wait in night] for night in self.table],
            "advance_only_to_plan": self.advance_only_to_plan,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Plan:
        """Read a plan written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        return cls(
            method=Method(read_str(data["method"])),
            first_night=read_date(data["first_night"]),
            table=tuple(
                tuple(read_seconds(wait) for wait in read_list(night))
                for night in read_list(data["table_seconds"])
            ),
            advance_only_to_plan=read_bool(data["advance_only_to_plan"]),
        )

    @classmethod
    def from_options(cls, options: Mapping[str, object], config: ChildConfig) -> Plan:
        """Build and check a plan from plain options, as a family types them.

        ``method`` and ``first_night`` (``"YYYY-MM-DD"``) are required; ``table`` is a list
        of nights, each a list of minutes; ``advance_only_to_plan`` a boolean.
        """
        for option in options:
            if option not in {"method", "first_night", "table", "advance_only_to_plan"}:
                raise PlanError("plan_option_invalid", option=option)
        plan = cls(
            method=_plan_option(options, "method", lambda value: Method(read_str(value))),
            first_night=_plan_option(options, "first_night", read_date),
            table=_plan_option(options, "table", _read_table, ()),
            advance_only_to_plan=_plan_option(
                options, "advance_only_to_plan", read_bool, default=False
            ),
        )
        plan.check(config)
        return plan


def _plan_option[T](
    options: Mapping[str, object],
    option: str,
    parse: Callable[[object], T],
    default: T | None = None,
) -> T:
    try:
        if option not in options and default is not None:
            return default
        return parse(options[option])
    except (KeyError, TypeError, ValueError, OverflowError) as err:
        raise PlanError("plan_option_invalid", option=option) from err


def _read_table(value: object) -> tuple[tuple[timedelta, ...], ...]:
    return tuple(
        tuple(read_seconds(wait) * 60 for wait in read_list(night)) for night in read_list(value)
    )


def _format(duration: timedelta) -> str:
    return f"{duration.total_seconds() / 60:g}"


@snapshot
class PlanNightRecord:
    """A plan night that is over: its date, its plan night and what it did to the plan."""

    night: date
    number: int
    paused: bool
    advanced: bool

    def to_dict(self) -> dict[str, object]:
        """Return the record as JSON-ready data."""
        return {
            "night": self.night.isoformat(),
            "number": self.number,
            "paused": self.paused,
            "advanced": self.advanced,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PlanNightRecord:
        """Read a record written by ``to_dict``."""
        return cls(
            night=read_date(data["night"]),
            number=read_int(data["number"]),
            paused=read_bool(data["paused"]),
            advanced=read_bool(data["advanced"]),
        )


@snapshot
class PlanProgress:
    """Where a child is in a plan.

    ``number`` is the plan night of the night under way, or in daytime of the coming one.
    ``log`` holds every plan night that is over, in order.
    """

    plan: Plan
    number: int
    paused: bool
    finished: bool
    log: tuple[PlanNightRecord, ...]

    def applies(self, night: date) -> bool:
        """Tell whether the night dated ``night`` is coached as a plan night."""
        return not self.paused and night >= self.plan.first_night

    def to_dict(self) -> dict[str, object]:
        """Return the progress as JSON-ready data; ``from_dict`` reads it back exactly."""
        return {
            "plan": self.plan.to_dict(),
            "number": self.number,
            "paused": self.paused,
            "finished": self.finished,
            "log": [record.to_dict() for record in self.log],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PlanProgress:
        """Read progress written by ``to_dict``; raises ``TypeError``/``ValueError``."""
        number = read_int(data["number"])
        if number < 1:
            raise ValueError(number)
        return cls(
            plan=Plan.from_dict(read_mapping(data["plan"])),
            number=number,
            paused=read_bool(data["paused"]),
            finished=read_bool(data["finished"]),
            log=tuple(
                PlanNightRecord.from_dict(read_mapping(item)) for item in read_list(data["log"])
            ),
        )


def begin(plan: Plan) -> PlanProgress:
    """Return the progress of a plan that has not played a night yet."""
    return PlanProgress(plan=plan, number=1, paused=False, finished=False, log=())


def advance(
    progress: PlanProgress, night: date, *, went_to_plan: bool
) -> tuple[PlanProgress, bool]:
    """Return the progress once the night dated ``night`` is over, and whether it finished.

    A night before the first one, or after the plan finished, changes nothing. A paused
    night is logged and does not advance the plan; nor does a night with an early
    intervention when the plan advances only after nights that went to plan. After its last
    night the plan is finished and keeps giving that night's waits.
    """
    if night < progress.plan.first_night or progress.finished:
        return progress, False
    moves = not progress.paused and (went_to_plan or not progress.plan.advance_only_to_plan)
    record = PlanNightRecord(night, progress.number, progress.paused, moves)
    finished = moves and progress.number >= progress.plan.nights
    number = progress.number + 1 if moves and not finished else progress.number
    return (
        PlanProgress(progress.plan, number, progress.paused, finished, (*progress.log, record)),
        finished,
    )


def repeat(progress: PlanProgress) -> PlanProgress:
    """Play the latest plan night that is over once more (nothing before the first)."""
    number = progress.log[-1].number if progress.log else progress.number
    return PlanProgress(progress.plan, number, progress.paused, finished=False, log=progress.log)


def set_paused(progress: PlanProgress, *, paused: bool) -> PlanProgress:
    """Return the progress paused or resumed."""
    return PlanProgress(progress.plan, progress.number, paused, progress.finished, progress.log)


@snapshot
class PlanNight:
    """Tonight's plan night, as a plan-night-started effect and the shell show it."""

    method: Method
    number: int
    nights: int
    waits: tuple[timedelta, ...]
    position: Position | None


def plan_night(progress: PlanProgress, config: ChildConfig) -> PlanNight:
    """Return the plan night ``progress`` is at, with its waits clipped to the cap."""
    plan = progress.plan
    return PlanNight(
        plan.method,
        progress.number,
        plan.nights,
        plan.waits(progress.number, config),
        plan.position(progress.number),
    )


@snapshot
class PlanNightFigures:
    """How one plan night went."""

    night: date
    number: int
    paused: bool
    episodes: int
    adherence: float | None
    """Share of the night's episodes where the parents waited as planned (no early
    intervention); ``None`` without an episode."""
    interventions: int
    early_interventions: int
    median_settle_minutes: float | None
    cry_minutes: float


def adherence(figures: NightFigures) -> float | None:
    """Return the share of a night's episodes without an early intervention."""
    if not figures.episodes:
        return None
    return (figures.episodes - figures.early_interventions) / figures.episodes


def plan_figures(
    progress: PlanProgress, figures: Sequence[NightFigures]
) -> tuple[PlanNightFigures, ...]:
    """Return the figures of each logged plan night found in ``figures``, in order."""
    by_night = {night.night: night for night in figures}
    return tuple(
        PlanNightFigures(
            night=record.night,
            number=record.number,
            paused=record.paused,
            episodes=tonight.episodes,
            adherence=adherence(tonight),
            interventions=tonight.interventions,
            early_interventions=tonight.early_interventions,
            median_settle_minutes=tonight.median_settle_minutes,
            cry_minutes=tonight.cry_minutes,
        )
        for record in progress.log
        if (tonight := by_night.get(record.night)) is not None
    )


@snapshot
class PlanSummary:
    """The end of a plan: its first and last played nights side by side."""

    method: Method
    nights: int
    first: PlanNightFigures
    last: PlanNightFigures


def plan_summary(progress: PlanProgress, figures: Sequence[NightFigures]) -> PlanSummary | None:
    """Return the first and last played (not paused) plan nights, if any was played."""
    played = [night for night in plan_figures(progress, figures) if not night.paused]
    if not played:
        return None
    return PlanSummary(progress.plan.method, progress.plan.nights, played[0], played[-1])
