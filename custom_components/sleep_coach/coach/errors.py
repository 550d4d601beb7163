"""Errors the coaching core raises.

Each error carries a stable ``code`` and string ``placeholders`` so that the Home Assistant
glue can show a translated message; ``str(error)`` is the English message.
"""

from __future__ import annotations

from typing import ClassVar


class CoachError(ValueError):
    """A configuration, input or stored state that the coach refuses."""

    messages: ClassVar[dict[str, str]] = {}

    def __init__(self, code: str, **placeholders: str) -> None:
        """Build the error for ``code``, filling its message from ``placeholders``."""
        self.code = code
        self.placeholders = placeholders
        super().__init__(self.messages[code].format_map(placeholders))


class ConfigError(CoachError):
    """A child configuration that breaks a rule (for example a cap above 30 minutes)."""

    messages: ClassVar[dict[str, str]] = {
        "option_unknown": "unknown option '{option}'",
        "option_invalid": "option '{option}' has an invalid value",
        "time_zone_invalid": "'{time_zone}' is not a known IANA time zone",
        "night_window_empty": "the night must not start and end at the same time ({time})",
        "min_cry_invalid": "the minimum cry length must not be negative",
        "settle_invalid": "the settle period must be longer than zero",
        "waits_invalid": "self-soothe waits must be a non-empty list of times above zero",
        "cap_invalid": "the cap must be longer than zero",
        "cap_too_long": "the cap must be at most {maximum} minutes, not {cap}",
        "need_name_invalid": (
            "need name '{need}' must start with a lowercase letter and contain only"
            " lowercase letters, digits and underscores"
        ),
        "need_name_taken": "need name '{need}' is used twice or is a reserved reason",
        "need_window_invalid": "the freshness window of need '{need}' must be above zero",
    }


class InputError(CoachError):
    """An input the coach cannot apply."""

    messages: ClassVar[dict[str, str]] = {
        "time_not_aware": "time {at} has no UTC offset",
        "time_went_backwards": "time went backwards: {at} is before {clock}",
        "need_unknown": "'{need}' is not a need of this child",
        "need_in_future": "need '{need}' cannot be confirmed in the future ({at})",
        "plan_start_over": "a plan cannot start on night {night}, which is over; the"
        " earliest is {earliest}",
    }


class StateError(CoachError):
    """A stored coach state that cannot be read back."""

    messages: ClassVar[dict[str, str]] = {
        "state_invalid": "stored coach state is invalid: {detail}",
    }


class NapConfigError(ConfigError):
    """A nap or wake-window option that breaks a rule (for example a nap cap above 30 min).

    Its codes are its own, as a plan's are, so the configuration's other codes stay as they
    were.
    """

    messages: ClassVar[dict[str, str]] = {
        "nap_waits_invalid": "nap waits must be a non-empty list of times above zero",
        "nap_cap_invalid": "the nap cap must be longer than zero",
        "nap_cap_too_long": "the nap cap must be at most {maximum} minutes, not {cap}",
        "longest_nap_invalid": (
            "the longest nap must be above zero and at most {maximum} minutes, not {minutes}"
        ),
        "wake_windows_empty": "a table of wake windows needs at least one row",
        "wake_windows_order": (
            "the ages of the wake windows must start at 0 months and rise from row to row"
            " (row {row})"
        ),
        "wake_window_invalid": (
            "row {row} of the wake windows needs a shortest time above zero, a longest time"
            " no shorter and at most {maximum} minutes, and no fewer than 0 naps, the most no"
            " fewer than the fewest"
        ),
    }
