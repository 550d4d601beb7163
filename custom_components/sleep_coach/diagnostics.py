"""Diagnostics for a child's entry and device, without naming the household.

The child's name and birth date, the parents (their person entities), the notify services
(they name phones and people) and the entity ids of the sources (they name devices and
rooms) are redacted. What explains the coach's decisions stays: each source's role, domain
and state, the checklist, the coach's state and the timeline, and the nap settings (the
sleep-state entity keeps only its domain, like the sources).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.core import split_entity_id

from .coach import minutes
from .const import CONF_CHILD_ID, CONF_CHILD_NAME
from .formatting import iso
from .options import (
    CONF_BIRTH_DATE,
    CONF_CRY_SOURCES,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_PRESENCE_ENTITIES,
    CONF_SLEEP_ENTITY,
    NEED_ENTITY_OPTIONS,
)

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.device_registry import DeviceEntry

    from .data import SleepCoachConfigEntry

# Who the child is: the entry's title, its data, its identity and the birth date.
CHILD_KEYS: Final = frozenset(
    {"title", CONF_CHILD_NAME, "unique_id", CONF_CHILD_ID, CONF_BIRTH_DATE}
)
# Who the parents are and how they are reached.
HOUSEHOLD_KEYS: Final = frozenset({CONF_PARENTS, CONF_NOTIFY})
# Options holding entity ids, which name devices and rooms: each keeps its domain.
ENTITY_KEYS: Final = frozenset(
    {CONF_CRY_SOURCES, CONF_PRESENCE_ENTITIES, CONF_SLEEP_ENTITY, *NEED_ENTITY_OPTIONS.values()}
)
TO_REDACT: Final = CHILD_KEYS | HOUSEHOLD_KEYS


def _redacted_entity(entity_id: str) -> str:
    return f"{split_entity_id(entity_id)[0]}.{REDACTED}"


def _redacted_entities(value: object) -> object:
    if isinstance(value, str):
        return _redacted_entity(value)
    if isinstance(value, list):
        return [_redacted_entity(entity_id) for entity_id in value]
    return value


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SleepCoachConfigEntry
) -> dict[str, Any]:
    """Return what helps to understand a coach's decisions, without who the family is."""
    data = entry.runtime_data
    child, settings = data.child, data.settings
    status = child.status
    entry_dict = async_redact_data(entry.as_dict(), TO_REDACT)
    entry_dict["options"] = {
        key: _redacted_entities(value) if key in ENTITY_KEYS else value
        for key, value in entry_dict["options"].items()
    }
    roles = [
        *(("cry_source", entity_id) for entity_id in settings.cry_sources),
        *((f"{need}_entity", entity_id) for need, entity_id in settings.need_entities.items()),
        *(("presence", entity_id) for entity_id in settings.presence_entities),
        *(("sleep_state", entity_id) for entity_id in filter(None, [settings.sleep_entity])),
    ]
    config = settings.config
    window = child.coach.next_sleep_window()
    return {
        "entry": entry_dict,
        "status": {
            "mode": status.mode.value,
            "reasons": list(status.reasons),
            "deadline": iso(status.deadline),
            "nap_under_way": child.nap_under_way,
            "awake_since": iso(child.coach.awake_since()),
            "next_sleep_window": None
            if window is None
            else {
                "earliest": iso(window.earliest),
                "latest": iso(window.latest),
                "learned": window.learned,
            },
        },
        "naps": {
            "nap_waits_minutes": [minutes(wait) for wait in config.nap_waits],
            "nap_cap_minutes": minutes(config.nap_cap),
            "longest_nap_minutes": minutes(config.longest_nap),
            "own_wake_windows": config.wake_windows is not None,
        },
        "checklist": {
            name: {"state": need.state.value, "since": need.since, "expires": need.expires}
            for name, need in child.checklist().items()
        },
        "coach_state": child.coach.state.to_dict(),
        "timeline": [mark.to_dict() for mark in child.timeline],
        "statistics_through": child.statistics_through,
        "household": {
            "parents": len(data.household.parents),
            "reachable": len(data.household.notify_services),
            "someone_on_duty": data.household.on_duty is not None,
        },
        "sources": [
            {
                "role": role,
                "domain": split_entity_id(entity_id)[0],
                "state": None if (state := hass.states.get(entity_id)) is None else state.state,
            }
            for role, entity_id in roles
        ],
    }


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: SleepCoachConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """Return the diagnostics of the child the device stands for."""
    return await async_get_config_entry_diagnostics(hass, entry)
