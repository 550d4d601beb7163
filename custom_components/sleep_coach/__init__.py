"""Sleep Coach: coaches parents through night wakings with a needs checklist."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr

from .const import DOMAIN
from .models import SleepCoachConfigEntry, SleepCoachData


async def async_setup_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> bool:
    """Set up the coach for one child."""
    child = SleepCoachData(child_name=entry.title)
    # Every child is a device of its own; entities of later platforms attach to it.
    dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id,
        identifiers={(DOMAIN, entry.entry_id)},
        name=child.child_name,
        manufacturer="Sleep Coach",
        model="Night coach",
        entry_type=dr.DeviceEntryType.SERVICE,
    )
    entry.runtime_data = child
    return True


async def async_unload_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> bool:
    """Unload the coach of one child."""
    return True
