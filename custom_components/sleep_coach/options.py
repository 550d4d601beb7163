"""A child's options as Home Assistant stores them, and their translation to the core.

The config, options and reconfigure flows store what the family typed, in the units the
forms show (seconds for the minimum cry, hours for freshness windows, minutes otherwise).
`child_config` is the one place that turns them into the core's `ChildConfig`, so every
rule the core enforces (a cap of at most 30 minutes, a night window of some length, ...) is
checked the same way in the flows and at set-up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from .coach import ChildConfig

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
}

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


def child_config(options: Mapping[str, Any], time_zone: str) -> ChildConfig:
    """Build the core configuration; raises the core's `ConfigError` on a broken rule.

    Waits that are not a list of numbers are reported as the core's ``waits_invalid``.
    """
    merged = with_defaults(options)
    try:
        waits = parse_waits(merged[CONF_WAITS])
    except ValueError:
        waits = []
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
        }
    )
