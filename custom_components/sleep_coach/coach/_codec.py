"""Strict readers for the coach's stored JSON.

Each reader raises ``TypeError`` or ``ValueError`` on data it cannot trust; the public
``from_dict`` methods turn those into a ``StateError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta


def read_str(value: object) -> str:
    """Return ``value`` if it is a string."""
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def read_bool(value: object) -> bool:
    """Return ``value`` if it is a boolean."""
    if not isinstance(value, bool):
        raise TypeError(value)
    return value


def read_int(value: object) -> int:
    """Return ``value`` if it is an integer (and not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(value)
    return value


def read_mapping(value: object) -> Mapping[str, object]:
    """Return ``value`` if it is a JSON object."""
    if not isinstance(value, dict):
        raise TypeError(value)
    return value


def read_list(value: object) -> list[object]:
    """Return ``value`` if it is a JSON array."""
    if not isinstance(value, list):
        raise TypeError(value)
    return value


def read_strs(value: object) -> tuple[str, ...]:
    """Return a JSON array of strings as a tuple."""
    return tuple(read_str(item) for item in read_list(value))


def read_instant(value: object) -> datetime:
    """Return an ISO 8601 time with a UTC offset as an aware UTC datetime."""
    instant = datetime.fromisoformat(read_str(value))
    if instant.utcoffset() is None:
        raise ValueError(value)
    return instant.astimezone(UTC)


def read_optional_instant(value: object) -> datetime | None:
    """Return ``None`` or an aware UTC datetime."""
    return None if value is None else read_instant(value)


def read_date(value: object) -> date:
    """Return an ISO 8601 calendar date."""
    return date.fromisoformat(read_str(value))


def read_optional_date(value: object) -> date | None:
    """Return ``None`` or an ISO 8601 calendar date."""
    return None if value is None else read_date(value)


def read_seconds(value: object) -> timedelta:
    """Return a number of seconds as a duration."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    return timedelta(seconds=value)


def read_optional_seconds(value: object) -> timedelta | None:
    """Return ``None`` or a number of seconds as a duration."""
    return None if value is None else read_seconds(value)


def write_instant(instant: datetime) -> str:
    """Return an aware datetime as ISO 8601 in UTC."""
    return instant.astimezone(UTC).isoformat()


def write_optional_instant(instant: datetime | None) -> str | None:
    """Return ``None`` or an aware datetime as ISO 8601 in UTC."""
    return None if instant is None else write_instant(instant)
