"""A child's options as Home Assistant stores them, and their translation to the core.

The config, options and reconfigure flows store what the family typed, in the units the
forms show (seconds for the minimum cry, hours for freshness windows, minutes otherwise).
`child_config` is the one place that turns them into the core's `ChildConfig`, so every
rule the core enforces (a cap of at most 30 minutes, a night window of some length, ...) is
checked the same way in the flows and at set-up.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Final

from .coach import ChildConfig, Plan

CONF_BIRTH_DATE: Final = "birth_date"
CONF_ALLOW_UNDER_16_WEEKS: Final = "allow_under_16_weeks"
CONF_CRY_SOURCES: Final = "cry_sources"
CONF_SOUND_ON: Final = "sound_on"
CONF_SOUND_OFF: Final = "sound_off"
CONF_FED_ENTITY: Final = "fed_entity"
CONF_DRY_ENTITY: Final = "dry_entity"
CONF_SAFE_ENTITY: Final = "safe_entity"
CONF_PRESENCE_ENTITIES: Final = "presence_entities"
CONF_CUSTOM_NEEDS: Final = "custom_needs"
CONF_NIGHT_START: Final = "night_start"
CONF_NIGHT_END: Final = "night_end"
CONF_WAITS: Final = "waits"
CONF_CAP: Final = "cap"
CONF_SETTLE: Final = "settle"
CONF_MIN_CRY: Final = "min_cry"
CONF_FED_WINDOW: Final = "fed_window"
CONF_DRY_WINDOW: Final = "dry_window"
CONF_PARENTS: Final = "parents"
CONF_ROTA: Final = "rota"
CONF_SPLIT: Final = "split"
CONF_ESCALATE_AFTER: Final = "escalate_after"
CONF_NOTIFY: Final = "notify"
# Naps (decision 0019): their waits and caps, the family's own sleep-state entity and its
# own table of wake windows.
CONF_NAP_WAITS: Final = "nap_waits"
CONF_NAP_CAP: Final = "nap_cap"
CONF_LONGEST_NAP: Final = "longest_nap"
CONF_SLEEP_ENTITY: Final = "sleep_entity"
CONF_WAKE_WINDOWS: Final = "wake_windows"

# The need each mapping option feeds; an unmapped need gets Sleep Coach's own entity.
NEED_ENTITY_OPTIONS: Final = {
    "fed": CONF_FED_ENTITY,
    "dry": CONF_DRY_ENTITY,
    "safe": CONF_SAFE_ENTITY,
}

DEFAULT_OPTIONS: Final[Mapping[str, Any]] = {
    CONF_BIRTH_DATE: None,
    CONF_ALLOW_UNDER_16_WEEKS: False,
    CONF_CRY_SOURCES: [],
    CONF_SOUND_ON: 60.0,
    CONF_SOUND_OFF: 45.0,
    CONF_FED_ENTITY: None,
    CONF_DRY_ENTITY: None,
    CONF_SAFE_ENTITY: None,
    CONF_PRESENCE_ENTITIES: [],
    CONF_CUSTOM_NEEDS: [],
    CONF_NIGHT_START: "19:00:00",
    CONF_NIGHT_END: "07:00:00",
    CONF_WAITS: "5, 10, 15",
    CONF_CAP: 15.0,
    CONF_SETTLE: 3.0,
    CONF_MIN_CRY: 20.0,
    CONF_FED_WINDOW: 3.0,
    CONF_DRY_WINDOW: 3.0,
    CONF_PARENTS: [],
    CONF_ROTA: "manual",
    CONF_SPLIT: "01:00:00",
    CONF_ESCALATE_AFTER: 3.0,
    CONF_NOTIFY: {},
    CONF_NAP_WAITS: "3, 5, 7",
    CONF_NAP_CAP: 10.0,
    CONF_LONGEST_NAP: 180.0,
    CONF_SLEEP_ENTITY: None,
    CONF_WAKE_WINDOWS: "",
}

# A sleep-training plan, as the options form and the `start_plan` action take it. The plan
# and its progress live in the coach's stored state, not in the entry's options (decision
# 0016): these fields only describe a plan to start.
CONF_PLAN_METHOD: Final = "plan_method"
CONF_PLAN_FIRST_NIGHT: Final = "plan_first_night"
CONF_PLAN_TABLE: Final = "plan_table"
CONF_PLAN_ADVANCE_ONLY_TO_PLAN: Final = "plan_advance_only_to_plan"
PLAN_NONE: Final = "none"
PLAN_FIELDS: Final = (
    CONF_PLAN_METHOD,
    CONF_PLAN_FIRST_NIGHT,
    CONF_PLAN_TABLE,
    CONF_PLAN_ADVANCE_ONLY_TO_PLAN,
)

SECONDS_PER_MINUTE: Final = 60
MINUTES_PER_HOUR: Final = 60


def with_defaults(options: Mapping[str, Any]) -> dict[str, Any]:
    """Return the stored options completed with the defaults for anything left out."""
    return {**DEFAULT_OPTIONS, **options}


def parse_waits(text: str) -> list[float]:
    """Read waits typed as minutes separated by commas, e.g. ``"5, 10, 15"``.

    Raises ``ValueError`` for anything that is not a list of numbers (``float`` also reads
    "nan" and "inf", which are not).
    """
    parts = [part.strip() for part in text.split(",")]
    if any(not part for part in parts):
        raise ValueError(text)
    waits = [float(part) for part in parts]
    if not all(math.isfinite(wait) for wait in waits):
        raise ValueError(text)
    return waits


def parse_plan_table(text: str) -> list[list[float]]:
    """Read a custom plan typed as nights separated by ``;``, each night's waits by commas.

    ``"3, 5, 10; 5, 10, 12"`` is night 1 with 3, 5 and 10 minutes, night 2 with 5, 10 and
    12. Raises ``ValueError`` for anything else.
    """
    return [parse_waits(night) for night in text.split(";")]


WAKE_WINDOW_ROW: Final = re.compile(
    r"\s*(\d+)\s*:\s*([0-9.]+)\s*-\s*([0-9.]+)\s*(?:\(\s*(\d+)\s*-\s*(\d+)\s*\))?\s*"
)


def parse_wake_windows(text: str) -> list[dict[str, object]] | None:
    """Read a family's own wake windows, typed as rows separated by ``;``.

    Each row is the age in whole months it starts at, a colon and the shortest and longest
    awake time in minutes, optionally followed by the fewest and most naps in brackets:
    ``"0: 45-60; 4: 90-120 (3-4); 7: 150-210"``. An empty text is the shipped table
    (``None``). Raises ``ValueError`` for anything else; the core checks the rows' rules.
    """
    if not text.strip():
        return None
    rows: list[dict[str, object]] = []
    for part in text.split(";"):
        match = WAKE_WINDOW_ROW.fullmatch(part)
        if match is None:
            raise ValueError(part)
        shortest, longest = float(match[2]), float(match[3])
        if not (math.isfinite(shortest) and math.isfinite(longest)):
            raise ValueError(part)  # pragma: no cover - the pattern admits digits only
        row: dict[str, object] = {"from_months": int(match[1]), "min": shortest, "max": longest}
        if match[4] is not None:
            row["naps"] = [int(match[4]), int(match[5])]
        rows.append(row)
    return rows


def wake_windows_text(rows: list[dict[str, object]] | None) -> str:
    """Write wake windows as `parse_wake_windows` reads them."""

    def row_text(row: dict[str, object]) -> str:
        text = f"{row['from_months']}: {row['min']:g}-{row['max']:g}"
        naps = row.get("naps")
        if isinstance(naps, list):
            text += f" ({naps[0]}-{naps[1]})"
        return text

    return "; ".join(row_text(row) for row in rows or [])


def wake_windows_format(text: str | None) -> bool:
    """Tell whether wake windows typed in a form read as rows (see `parse_wake_windows`)."""
    try:
        parse_wake_windows(text or "")
    except ValueError:
        return False
    return True


def plan_of(values: Mapping[str, Any], config: ChildConfig) -> Plan:
    """Build a plan from the plan fields; raises the core's `PlanError` on a broken rule.

    The first night is an ISO date; a custom table is text (see `parse_plan_table`), read
    only for a custom plan. A table that is not numbers is reported as the core's
    ``plan_option_invalid``.
    """
    method = values[CONF_PLAN_METHOD]
    options: dict[str, object] = {
        "method": method,
        "first_night": values[CONF_PLAN_FIRST_NIGHT],
        "advance_only_to_plan": bool(values.get(CONF_PLAN_ADVANCE_ONLY_TO_PLAN, False)),
    }
    if method == "custom":
        try:
            options["table"] = parse_plan_table(values.get(CONF_PLAN_TABLE) or "")
        except ValueError:
            options["table"] = "invalid"
    return Plan.from_options(options, config)


def plan_table_text(plan: Plan) -> str:
    """Write a plan's table as `parse_plan_table` reads it."""
    return "; ".join(
        ", ".join(f"{wait.total_seconds() / SECONDS_PER_MINUTE:g}" for wait in night)
        for night in plan.table
    )


def child_config(options: Mapping[str, Any], time_zone: str) -> ChildConfig:
    """Build the core configuration; raises the core's `ConfigError` on a broken rule.

    Waits that are not a list of numbers are reported as the core's ``waits_invalid`` (nap
    waits as ``nap_waits_invalid``); wake windows that do not read as rows as the core's
    ``option_invalid`` of ``wake_windows`` (the flows say more: see `wake_windows_format`).
    """
    merged = with_defaults(options)
    try:
        waits = parse_waits(merged[CONF_WAITS])
    except ValueError:
        waits = []
    try:
        nap_waits = parse_waits(merged[CONF_NAP_WAITS])
    except ValueError:
        nap_waits = []
    wake_windows: object
    try:
        wake_windows = parse_wake_windows(merged[CONF_WAKE_WINDOWS] or "")
    except ValueError:
        wake_windows = "invalid"  # the core refuses it as `option_invalid`
    nap_options: dict[str, object] = {
        "nap_waits": nap_waits,
        "nap_cap": merged[CONF_NAP_CAP],
        "longest_nap": merged[CONF_LONGEST_NAP],
    }
    if wake_windows is not None:
        nap_options["wake_windows"] = wake_windows
    return ChildConfig.from_dict(
        {
            "time_zone": time_zone,
            "night_start": merged[CONF_NIGHT_START][:5],
            "night_end": merged[CONF_NIGHT_END][:5],
            "waits": waits,
            "cap": merged[CONF_CAP],
            "settle": merged[CONF_SETTLE],
            "min_cry": merged[CONF_MIN_CRY] / SECONDS_PER_MINUTE,
            "fed_window": merged[CONF_FED_WINDOW] * MINUTES_PER_HOUR,
            "dry_window": merged[CONF_DRY_WINDOW] * MINUTES_PER_HOUR,
            "custom_needs": [{"name": name} for name in merged[CONF_CUSTOM_NEEDS]],
            "birth_date": merged[CONF_BIRTH_DATE],
            "allow_under_16_weeks": merged[CONF_ALLOW_UNDER_16_WEEKS],
            **nap_options,
        }
    )
