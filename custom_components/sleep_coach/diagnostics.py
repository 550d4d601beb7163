"""Diagnostics for a child's entry and device, with the child's identity redacted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.diagnostics import async_redact_data

from .options import CONF_BIRTH_DATE

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.device_registry import DeviceEntry

    from .runtime import SleepCoachConfigEntry

# The child's name shows up as the entry's title, its data and the device's name.
TO_REDACT: Final = {"title", "name", "unique_id", CONF_BIRTH_DATE}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SleepCoachConfigEntry
) -> dict[str, Any]:
    """Return what helps to understand a coach's decisions, without who the child is."""
    child = entry.runtime_data
    status = child.status
    return {
        "entry": async_redact_data(entry.as_dict(), TO_REDACT),
        "status": {
            "mode": status.mode.value,
            "reasons": list(status.reasons),
            "deadline": None if status.deadline is None else status.deadline.isoformat(),
        },
        "checklist": {
            name: {"state": need.state.value, "since": need.since, "expires": need.expires}
            for name, need in child.checklist().items()
        },
        "coach_state": child.coach.state.to_dict(),
        "timeline": [mark.to_dict() for mark in child.timeline],
        "statistics_through": child.statistics_through,
        "sources": {
            entity_id: None if (state := hass.states.get(entity_id)) is None else state.state
            for entity_id in [
                *child.cry_sources,
                *child.need_entities.values(),
                *child.presence_entities,
            ]
        },
    }


async def async_get_device_diagnostics(
    hass: HomeAssistant, entry: SleepCoachConfigEntry, device: DeviceEntry
) -> dict[str, Any]:
    """Return the diagnostics of the child the device stands for."""
    return await async_get_config_entry_diagnostics(hass, entry)
