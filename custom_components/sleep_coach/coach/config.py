"""A child's coaching configuration and the rules it must satisfy."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ConfigError, NapConfigError
from .model import Reason
from .wake_table import MAX_WAKE_WINDOW, WAKE_WINDOWS, WakeWindow, row_for

MAX_CAP = timedelta(minutes=30)
"""No configuration may let a child wait longer than this before a parent is called."""

MAX_LONGEST_NAP = timedelta(hours=12)
"""A nap longer than this is refused as a configuration: it would be a night."""

YOUNG_INFANT_AGE = timedelta(weeks=16)
"""Below this age a cry always calls a parent unless the family opts in."""

_NEED_NAME = re.compile(r"[a-z][a-z0-9_]*")
_CLOCK_TIME = re.compile(r"(\d\d):(\d\d)")


@dataclass(frozen=True, slots=True)
class NeedSpec:
    """One item of the needs checklist.

    A need with a ``window`` is time-based: it is met while its last confirmation is younger
    than the window. A need without one is a flag that stays as last set.
    """

    name: str
    window: timedelta | None = None


DEFAULT_NEEDS = (
    NeedSpec("fed", timedelta(hours=3)),
    NeedSpec("dry", timedelta(hours=3)),
    NeedSpec("safe"),
)


@dataclass(frozen=True, slots=True)
class ChildConfig:
    """Everything the coach needs to know about one child; validated on creation."""

    time_zone: str = "UTC"
    night_start: time = time(19)
    night_end: time = time(7)
    min_cry: timedelta = timedelta(seconds=20)
    settle: timedelta = timedelta(minutes=3)
    waits: tuple[timedelta, ...] = (
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=15),
    )
    cap: timedelta = timedelta(minutes=15)
    needs: tuple[NeedSpec, ...] = DEFAULT_NEEDS
    birth_date: date | None = None
    allow_under_16_weeks: bool = False
    nap_waits: tuple[timedelta, ...] = (
        timedelta(minutes=3),
        timedelta(minutes=5),
        timedelta(minutes=7),
    )
    nap_cap: timedelta = timedelta(minutes=10)
    """No wait in a nap is longer than this, nor than ``cap``."""
    longest_nap: timedelta = timedelta(hours=3)
    """A nap still under way this long after its start ends."""
    wake_windows: tuple[WakeWindow, ...] | None = None
    """The family's own table of wake windows, replacing ``WAKE_WINDOWS``."""
    zone: ZoneInfo = field(init=False, repr=False, compare=False)
    need_names: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The names of the checklist items in their configured order."""
    _young_until: datetime = field(init=False, repr=False, compare=False)
    """The first instant at which the child's age no longer rules out a wait."""
    nap_limit: timedelta = field(init=False, repr=False, compare=False)
    """The longest wait in a nap: the nap cap, or the cap if that is shorter."""
    wake_table: tuple[WakeWindow, ...] = field(init=False, repr=False, compare=False)
    """The table of wake windows in use: the family's own, or ``WAKE_WINDOWS``."""

    def __post_init__(self) -> None:
        """Check every rule and resolve the time zone."""
        try:
            zone = ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError, OSError) as err:
            raise ConfigError("time_zone_invalid", time_zone=self.time_zone) from err
        # A frozen dataclass sets derived fields through object.__setattr__.
        object.__setattr__(self, "zone", zone)
        object.__setattr__(self, "need_names", tuple(need.name for need in self.needs))
        object.__setattr__(self, "_young_until", self._age_rule_ends(zone))
        object.__setattr__(self, "nap_limit", min(self.nap_cap, self.cap))
        object.__setattr__(self, "wake_table", self.wake_windows or WAKE_WINDOWS)
        if self.night_start == self.night_end:
            raise ConfigError("night_window_empty", time=self.night_start.strftime("%H:%M"))
        if self.min_cry < timedelta(0):
            raise ConfigError("min_cry_invalid")
        if self.settle <= timedelta(0):
            raise ConfigError("settle_invalid")
        if not self.waits or min(self.waits) <= timedelta(0):
            raise ConfigError("waits_invalid")
        if self.cap <= timedelta(0):
            raise ConfigError("cap_invalid")
        if self.cap > MAX_CAP:
            raise ConfigError(
                "cap_too_long",
                cap=_format_minutes(self.cap),
                maximum=_format_minutes(MAX_CAP),
            )
        _check_needs(self.needs)
        _check_naps(self)

    def wait(self, number: int) -> timedelta:
        """Return the length of the wait with this 0-based ``number`` in an episode.

        The last configured wait repeats, and no wait is longer than the cap.
        """
        return min(self.waits[min(number, len(self.waits) - 1)], self.cap)

    def nap_wait(self, number: int) -> timedelta:
        """Return the length of the nap wait with this 0-based ``number`` in an episode.

        The last nap wait repeats, and none is longer than the nap cap or the cap.
        """
        return min(self.nap_waits[min(number, len(self.nap_waits) - 1)], self.nap_limit)

    def age_needs_attention(self, at: datetime) -> bool:
        """Tell whether the child's age alone rules out a self-soothe wait at ``at``.

        The child counts as 16 weeks old from the start of that day in the child's time
        zone. Without a birth date the coach cannot rule out a young infant, so it fails
        toward attention until the family sets one or opts in.
        """
        return at < self._young_until

    def _age_rule_ends(self, zone: ZoneInfo) -> datetime:
        # Worked out once: the checklist asks on every input, and a time zone conversion
        # per question cost about 6% of the core's throughput.
        if self.allow_under_16_weeks:
            return datetime.min.replace(tzinfo=UTC)
        never = datetime.max.replace(tzinfo=UTC)
        if self.birth_date is None:
            return never
        try:
            birthday = self.birth_date + YOUNG_INFANT_AGE
            return datetime.combine(birthday, time(0), zone).astimezone(UTC)
        except OverflowError:
            # A birth date at the end of the calendar: under 16 weeks for as long as it lasts.
            return never

    @classmethod
    def from_dict(cls, options: Mapping[str, object]) -> ChildConfig:
        """Build a configuration from plain options, as stored or typed by a family.

        Durations are minutes, clock times ``"HH:MM"``, the birth date ``"YYYY-MM-DD"``.
        ``custom_needs`` is a list of ``{"name": ..., "window": minutes}``; a need without
        a window is a flag. Options left out keep their defaults.
        """
        for option in options:
            if option not in _OPTIONS:
                raise ConfigError("option_unknown", option=option)
        defaults = cls()
        fed, dry, safe = DEFAULT_NEEDS
        needs = (
            NeedSpec(fed.name, _option(options, "fed_window", _parse_minutes, fed.window)),
            NeedSpec(dry.name, _option(options, "dry_window", _parse_minutes, dry.window)),
            safe,
            *_option(options, "custom_needs", _parse_custom_needs, _NO_NEEDS),
        )
        return cls(
            time_zone=_option(options, "time_zone", _parse_str, defaults.time_zone),
            night_start=_option(options, "night_start", _parse_clock_time, defaults.night_start),
            night_end=_option(options, "night_end", _parse_clock_time, defaults.night_end),
            min_cry=_option(options, "min_cry", _parse_minutes, defaults.min_cry),
            settle=_option(options, "settle", _parse_minutes, defaults.settle),
            waits=_option(options, "waits", _parse_waits, defaults.waits),
            cap=_option(options, "cap", _parse_minutes, defaults.cap),
            needs=needs,
            birth_date=_option(options, "birth_date", _parse_birth_date, defaults.birth_date),
            allow_under_16_weeks=_option(
                options, "allow_under_16_weeks", _parse_bool, defaults.allow_under_16_weeks
            ),
            nap_waits=_option(options, "nap_waits", _parse_waits, defaults.nap_waits),
            nap_cap=_option(options, "nap_cap", _parse_minutes, defaults.nap_cap),
            longest_nap=_option(options, "longest_nap", _parse_minutes, defaults.longest_nap),
            wake_windows=_option(options, "wake_windows", _parse_wake_windows, None),
        )


_OPTIONS = frozenset(
    {
        "time_zone",
        "night_start",
        "night_end",
        "min_cry",
        "settle",
        "waits",
        "cap",
        "fed_window",
        "dry_window",
        "custom_needs",
        "birth_date",
        "allow_under_16_weeks",
        "nap_waits",
        "nap_cap",
        "longest_nap",
        "wake_windows",
    }
)
_NO_NEEDS: tuple[NeedSpec, ...] = ()
_RESERVED_NAMES = frozenset(reason.value for reason in Reason)


def _option[T](
    options: Mapping[str, object], option: str, parse: Callable[[object], T], default: T
) -> T:
    if option not in options:
        return default
    try:
        return parse(options[option])
    except (TypeError, ValueError, OverflowError) as err:
        raise ConfigError("option_invalid", option=option) from err


def _check_needs(needs: tuple[NeedSpec, ...]) -> None:
    seen: set[str] = set()
    for need in needs:
        if not _NEED_NAME.fullmatch(need.name):
            raise ConfigError("need_name_invalid", need=need.name)
        if need.name in seen or need.name in _RESERVED_NAMES:
            raise ConfigError("need_name_taken", need=need.name)
        if need.window is not None and need.window <= timedelta(0):
            raise ConfigError("need_window_invalid", need=need.name)
        seen.add(need.name)


def _check_naps(config: ChildConfig) -> None:
    if not config.nap_waits or min(config.nap_waits) <= timedelta(0):
        raise NapConfigError("nap_waits_invalid")
    if config.nap_cap <= timedelta(0):
        raise NapConfigError("nap_cap_invalid")
    if config.nap_cap > MAX_CAP:
        raise NapConfigError(
            "nap_cap_too_long",
            cap=_format_minutes(config.nap_cap),
            maximum=_format_minutes(MAX_CAP),
        )
    if not timedelta(0) < config.longest_nap <= MAX_LONGEST_NAP:
        raise NapConfigError(
            "longest_nap_invalid",
            minutes=_format_minutes(config.longest_nap),
            maximum=_format_minutes(MAX_LONGEST_NAP),
        )
    if config.wake_windows is not None:
        _check_wake_windows(config.wake_windows)


def _check_wake_windows(table: tuple[WakeWindow, ...]) -> None:
    if not table:
        raise NapConfigError("wake_windows_empty")
    previous = -1
    for number, row in enumerate(table, start=1):
        if (number == 1 and row.from_months != 0) or row.from_months <= previous:
            raise NapConfigError("wake_windows_order", row=str(number))
        previous = row.from_months
        fewest, most = row.naps
        if not (
            timedelta(0) < row.shortest <= row.longest <= MAX_WAKE_WINDOW and 0 <= fewest <= most
        ):
            raise NapConfigError(
                "wake_window_invalid", row=str(number), maximum=_format_minutes(MAX_WAKE_WINDOW)
            )


def _format_minutes(duration: timedelta) -> str:
    return f"{duration.total_seconds() / 60:g}"


def _parse_str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _parse_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def _parse_minutes(value: object) -> timedelta:
    # bool is an int subclass, but "true minutes" is a mistake, not a duration.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    if not math.isfinite(value):
        raise ValueError(value)
    return timedelta(minutes=value)


def _parse_waits(value: object) -> tuple[timedelta, ...]:
    if not isinstance(value, list):
        raise TypeError(value)
    return tuple(_parse_minutes(item) for item in value)


def _parse_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


def _parse_wake_windows(value: object) -> tuple[WakeWindow, ...]:
    if not isinstance(value, list):
        raise TypeError(value)
    rows = []
    for item in value:
        if not isinstance(item, dict) or not {"from_months", "min", "max"} <= set(item) <= {
            "from_months",
            "min",
            "max",
            "naps",
        }:
            raise TypeError(item)
        months = _parse_int(item["from_months"])
        naps = item.get("naps")
        if naps is None:
            typical = row_for(WAKE_WINDOWS, months).naps
        elif isinstance(naps, list) and len(naps) == 2:  # noqa: PLR2004 - fewest, most
            typical = (_parse_int(naps[0]), _parse_int(naps[1]))
        else:
            raise TypeError(naps)
        rows.append(
            WakeWindow(months, _parse_minutes(item["min"]), _parse_minutes(item["max"]), typical)
        )
    return tuple(rows)


def _parse_clock_time(value: object) -> time:
    match = _CLOCK_TIME.fullmatch(_parse_str(value))
    if match is None:
        raise ValueError(value)
    return time(int(match[1]), int(match[2]))


def _parse_birth_date(value: object) -> date | None:
    if value is None:
        return None
    return date.fromisoformat(_parse_str(value))


def _parse_custom_needs(value: object) -> tuple[NeedSpec, ...]:
    if not isinstance(value, list):
        raise TypeError(value)
    needs = []
    for item in value:
        if not isinstance(item, dict) or not set(item) <= {"name", "window"}:
            raise TypeError(item)
        window = item.get("window")
        needs.append(
            NeedSpec(
                _parse_str(item.get("name")),
                None if window is None else _parse_minutes(window),
            )
        )
    return tuple(needs)
