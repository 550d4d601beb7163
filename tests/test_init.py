"""Tests for setting up, unloading and removing a Sleep Coach entry."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.options import CONF_CAP
from custom_components.sleep_coach.runtime import ChildCoach
from custom_components.sleep_coach.store import STORAGE_MINOR_VERSION

from .conftest import CRY_SOURCE


async def test_setup_and_unload(
    hass: HomeAssistant,
    device_registry: dr.DeviceRegistry,
    loaded_entry: MockConfigEntry,
) -> None:
    assert loaded_entry.state is ConfigEntryState.LOADED
    assert isinstance(loaded_entry.runtime_data.child, ChildCoach)
    devices = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)
    assert [device.name for device in devices] == ["Mia"]
    assert devices[0].identifiers == {(DOMAIN, loaded_entry.entry_id)}

    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert loaded_entry.state is ConfigEntryState.NOT_LOADED
    # Nothing keeps listening once unloaded.
    hass.states.async_set(CRY_SOURCE, "on")
    await hass.async_block_till_done()


async def test_invalid_options_stop_setup_with_a_clear_error(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry, options: dict[str, Any]
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN, title="Mia", unique_id="mia", data={}, options={**options, CONF_CAP: 45}
    )
    entry.add_to_hass(hass)

    assert not await hass.config_entries.async_setup(entry.entry_id)

    assert entry.state is ConfigEntryState.SETUP_ERROR
    assert entry.reason is not None
    assert "at most 30 minutes" in entry.reason


async def test_unreadable_state_starts_afresh_keeps_the_data_and_tells_the_family(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    broken = {"version": 1, "minor_version": 1, "key": key, "data": {"state": {"clock": 5}}}
    hass_storage[key] = broken
    hass.states.async_set(CRY_SOURCE, "off")
    mock_config_entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.LOADED
    issue = issue_registry.async_get_issue(DOMAIN, f"state_unreadable_{mock_config_entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"child": "Mia", "kept_as": f"{key}.unreadable"}
    assert hass_storage[f"{key}.unreadable"]["data"]["state"] == broken["data"]["state"]
    assert hass_storage[key]["data"]["state"]["clock"] != 5


async def test_a_file_from_a_newer_release_stops_setup_and_stays_untouched(
    hass: HomeAssistant, hass_storage: dict[str, Any], mock_config_entry: MockConfigEntry
) -> None:
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    newer = {"version": 2, "minor_version": 1, "key": key, "data": {"state": {}, "more": 1}}
    hass_storage[key] = newer
    hass.states.async_set(CRY_SOURCE, "off")
    mock_config_entry.add_to_hass(hass)

    assert not await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert mock_config_entry.state is ConfigEntryState.SETUP_ERROR
    assert hass_storage[key] == newer


async def test_removing_the_child_deletes_its_store(
    hass: HomeAssistant, hass_storage: dict[str, Any], loaded_entry: MockConfigEntry
) -> None:
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    assert key in hass_storage

    assert await hass.config_entries.async_remove(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert key not in hass_storage


async def test_new_options_reload_the_coach_and_keep_its_state(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    child = loaded_entry.runtime_data.child
    child.log_need("fed", met=True)

    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_CAP: 10.0}
    )
    await hass.async_block_till_done()

    reloaded = loaded_entry.runtime_data.child
    assert reloaded is not child
    assert reloaded.config.cap.total_seconds() == 600
    assert reloaded.checklist()["fed"].state.value == "met"


async def test_a_file_without_a_coach_state_counts_as_unreadable(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": {"notes": []}}
    hass.states.async_set(CRY_SOURCE, "off")
    mock_config_entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    assert hass_storage[f"{key}.unreadable"]["data"]["notes"] == []
    assert issue_registry.async_get_issue(DOMAIN, f"state_unreadable_{mock_config_entry.entry_id}")


async def test_a_version_1_1_file_migrates(
    hass: HomeAssistant, hass_storage: dict[str, Any], loaded_entry: MockConfigEntry
) -> None:
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    loaded_entry.runtime_data.child.log_need("safe", met=True)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    # Version 1.1 held only the core's state.
    state = hass_storage[key]["data"]["state"]
    hass_storage[key] = {"version": 1, "minor_version": 1, "key": key, "data": {"state": state}}

    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert loaded_entry.runtime_data.child.checklist()["safe"].state.value == "met"
    assert hass_storage[key]["minor_version"] == STORAGE_MINOR_VERSION
    assert hass_storage[key]["data"]["timeline"] == []
    assert hass_storage[key]["data"]["statistics_through"] is None


async def test_a_failed_platform_unload_keeps_the_coach_running(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with patch.object(hass.config_entries, "async_unload_platforms", return_value=False):
        assert not await hass.config_entries.async_unload(loaded_entry.entry_id)

    # Still listening: the cry source going unavailable is heard.
    hass.states.async_set(CRY_SOURCE, "unavailable")
    await hass.async_block_till_done()
    assert loaded_entry.runtime_data.child.coach.state.signal.value == "unknown"
    await loaded_entry.runtime_data.async_stop()


async def test_unreadable_timeline_marks_count_as_unreadable(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    issue_registry: ir.IssueRegistry,
    loaded_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    hass_storage[key]["data"]["timeline"] = [{"kind": "nap", "at": "2024-06-01T20:00:00"}]

    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert issue_registry.async_get_issue(DOMAIN, f"state_unreadable_{loaded_entry.entry_id}")
    assert hass_storage[f"{key}.unreadable"]["data"]["timeline"][0]["kind"] == "nap"


async def test_entities_a_family_rarely_needs_are_disabled_by_default(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, loaded_entry: MockConfigEntry
) -> None:
    disabled = {
        entity.unique_id.removeprefix(f"{loaded_entry.entry_id}_")
        for entity in er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
        if entity.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    }
    assert disabled == {
        # The coach state's deadline, and the monitor's own cries, recorded once already.
        "deadline",
        "crying",
        "last_night_check_ins",
        "last_night_interventions",
        "last_night_median_settle_minutes",
        "rolling_episodes",
        "rolling_cry_minutes",
        "rolling_self_soothe_rate",
    }
