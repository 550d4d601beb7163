"""Stored files: every earlier version, a corrupt file, and two years of history."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers import storage
from pytest_homeassistant_custom_component.common import MockConfigEntry

from bench.history import stored_state, two_years
from custom_components.sleep_coach.coach import Coach, CoachState
from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.options import child_config, with_defaults
from custom_components.sleep_coach.store import STORAGE_MINOR_VERSION, STORAGE_VERSION

from ..conftest import CRY_SOURCE, local
from ..test_night import COACH_STATE, move_to, state_of

# The real file access, before the test harness swaps in its in-memory storage.
REAL_LOAD = storage.Store._async_load
REAL_WRITE = storage.Store._async_write_data

# Every storage version before the current one, and what it held.
EARLIER_VERSIONS = [(1, 1), (1, 2), (1, 3)]


def a_wait_under_way(options: dict[str, Any]) -> CoachState:
    """Return the core's state at 20:01: a wait since 20:00:20, one episode earlier."""
    coach = Coach.start(
        child_config(with_defaults(options), "Europe/London"), local("2024-06-01 18:30")
    )
    for need in ("fed", "dry", "safe"):
        coach.need(local("2024-06-01 19:30"), need, met=True)
    coach.cry(local("2024-06-01 19:40"), crying=True)
    coach.cry(local("2024-06-01 19:41"), crying=False)
    coach.cry(local("2024-06-01 20:00"), crying=True)
    coach.tick(local("2024-06-01 20:01"))
    assert coach.state.episode is not None
    assert len(coach.state.history) == 1
    return coach.state


def file_of(key: str, version: tuple[int, int], data: dict[str, Any]) -> dict[str, Any]:
    return {"version": version[0], "minor_version": version[1], "key": key, "data": data}


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    hass.states.async_set(CRY_SOURCE, "on")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


@pytest.mark.parametrize("version", EARLIER_VERSIONS)
async def test_a_file_of_every_earlier_version_migrates_with_its_open_episode(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    version: tuple[int, int],
) -> None:
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    old = a_wait_under_way(dict(mock_config_entry.options)).to_dict()
    # Version 1.1 held the core's state only; 1.2 added the timeline and statistics.
    data: dict[str, Any] = {"state": old}
    if version >= (1, 2):
        data |= {"timeline": [], "statistics_through": None}
    hass_storage[key] = file_of(key, version, data)
    evening.move_to(local("2024-06-01 20:02"))

    await set_up(hass, mock_config_entry)

    migrated = hass_storage[key]
    assert (migrated["version"], migrated["minor_version"]) == (
        STORAGE_VERSION,
        STORAGE_MINOR_VERSION,
    )
    assert migrated["data"]["timeline"] == []
    assert migrated["data"]["statistics_through"] is None
    state = migrated["data"]["state"]
    assert {name: state[name] for name in old if name != "clock"} == {
        name: value for name, value in old.items() if name != "clock"
    }
    # No plan before 1.3 (and none in this 1.3 file), no naps before 1.4.
    assert "plan" not in state
    assert mock_config_entry.runtime_data.child.plan is None
    assert not {"nap", "naps", "awake_since", "window_announced"} & state.keys()
    day = mock_config_entry.runtime_data.child.coach.state.day
    assert (day.nap, day.naps, day.awake_since) == (None, (), None)
    assert state_of(hass, COACH_STATE) == "self_soothing"
    await move_to(hass, evening, "2024-06-01 20:05")
    assert state_of(hass, COACH_STATE) == "check_in_due"
    assert len(mock_config_entry.runtime_data.child.coach.state.history) == 1


async def test_a_corrupt_file_is_set_aside_and_the_family_told(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    mock_config_entry: MockConfigEntry,
    tmp_path: Path,
) -> None:
    # Home Assistant itself reads a real file: the test harness's in-memory storage holds
    # parsed JSON only, so a broken file needs the real reading and writing.
    hass.config.config_dir = str(tmp_path)
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    path = tmp_path / ".storage" / key
    path.parent.mkdir()
    path.write_text('{"version": 1, "minor_version": 2, "key": "' + key + '", "data": {"sta')

    with (
        patch.object(storage.Store, "_async_load", REAL_LOAD),
        patch.object(storage.Store, "_async_write_data", REAL_WRITE),
    ):
        await set_up(hass, mock_config_entry)

        # The entry loads, starting afresh (every need unknown: a parent is called)...
        assert mock_config_entry.state is ConfigEntryState.LOADED
        await move_to(hass, evening, "2024-06-01 20:00:20")
        assert state_of(hass, COACH_STATE) == "needs_attention"
        await hass.async_block_till_done()
        written = json.loads(path.read_text())

    # ...the broken file is kept aside, a new one written, and a repair tells the family.
    corrupt = list(path.parent.glob(f"{key}.corrupt.*"))
    assert len(corrupt) == 1
    assert corrupt[0].read_text().endswith('"data": {"sta')
    issues = [
        issue
        for (domain, issue_id), issue in issue_registry.issues.items()
        if domain == "homeassistant" and issue_id.startswith(f"storage_corruption_{key}")
    ]
    assert len(issues) == 1
    assert issues[0].issue_domain == DOMAIN
    assert issues[0].translation_placeholders is not None
    assert issues[0].translation_placeholders["corrupt_path"] == str(corrupt[0])
    assert written["data"]["state"]["episode"] is not None


async def test_two_years_of_history_load_fast_and_keep_tonight(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    # A store holding 730 nights of 10 episodes, as an older release or a long gap may
    # leave it; the core needs only the last 15 nights (baseline and trend).
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    now = local("2024-06-01 21:00")
    tonight = date(2024, 6, 1)
    history = two_years(tonight)
    assert len(history) == 7300
    hass_storage[key] = file_of(key, (1, 1), {"state": stored_state(now, tonight, history)})
    evening.move_to(now)

    started = time.perf_counter()
    await set_up(hass, mock_config_entry)
    took = time.perf_counter() - started

    assert mock_config_entry.state is ConfigEntryState.LOADED
    # A generous bound for slow machines; scripts/bench measures it properly.
    assert took < 5
    kept = mock_config_entry.runtime_data.child.coach.state.history
    oldest = tonight - timedelta(days=14)
    assert kept == tuple(episode for episode in history if episode.night >= oldest)
    assert len(kept) == 150
    # Tonight's ten episodes are all there, and shown.
    assert sum(episode.night == tonight for episode in kept) == 10
    assert state_of(hass, "sensor.mia_tonight_s_wakings") == "10"
    assert state_of(hass, "sensor.mia_last_night_s_wakings") == "10"
    # What is written back is the pruned state: small.
    assert len(hass_storage[key]["data"]["state"]["history"]) == 150
    assert len(json.dumps(hass_storage[key])) < 100_000
