"""Diagnostics redact who the child is and keep what explains the coach's decisions."""

from __future__ import annotations

import json

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from .conftest import CRY_SOURCE
from .test_night import meet_every_need


async def test_entry_and_device_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    device_registry: dr.DeviceRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    # The real clock: the test client's access token must not look expired.
    hass.states.async_set(CRY_SOURCE, "off")
    loaded_entry = mock_config_entry
    loaded_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await meet_every_need(hass)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    (device,) = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)
    device_diagnostics = await get_diagnostics_for_device(hass, hass_client, loaded_entry, device)

    assert device_diagnostics == diagnostics
    text = json.dumps(diagnostics)
    assert "Mia" not in text
    assert "2024-01-10" not in text
    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert diagnostics["entry"]["options"]["birth_date"] == "**REDACTED**"
    assert diagnostics["status"]["reasons"] == []
    assert {need["state"] for need in diagnostics["checklist"].values()} == {"met"}
    assert diagnostics["sources"] == {CRY_SOURCE: "off"}
    assert diagnostics["coach_state"]["signal"] == "quiet"
