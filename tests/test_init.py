"""Tests for setting up and unloading a Sleep Coach entry."""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.models import SleepCoachData


async def test_setup_and_unload(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    mock_config_entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    assert mock_config_entry.runtime_data == SleepCoachData(child_name="Mia")
    devices = dr.async_entries_for_config_entry(device_registry, mock_config_entry.entry_id)
    assert [device.name for device in devices] == ["Mia"]
    assert devices[0].identifiers == {(DOMAIN, mock_config_entry.entry_id)}

    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.NOT_LOADED
