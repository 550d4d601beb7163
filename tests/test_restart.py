"""The coach resumes exactly after a restart, from what it stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN

from .conftest import CRY_SOURCE, local
from .test_night import COACH_STATE, meet_every_need, move_to, set_state, state_of


async def start_a_wait(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Meet every need, then cry from 20:00: a wait until 20:05 starts at 20:00:20."""
    await meet_every_need(hass)
    await move_to(hass, freezer, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:00:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"


async def restart(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Unload and set the entry up again, as a restart of Home Assistant does."""
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_the_wait_is_written_at_once(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await start_a_wait(hass, evening)

    # No final write needed: the transition itself was stored.
    stored = hass_storage[f"{DOMAIN}.{loaded_entry.entry_id}"]["data"]["state"]
    episode = stored["episode"]
    assert datetime.fromisoformat(episode["deadline"]) == local("2024-06-01 20:05")
    assert datetime.fromisoformat(episode["start"]) == local("2024-06-01 20:00")


async def test_a_deadline_still_ahead_fires_on_time_after_a_restart(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await start_a_wait(hass, evening)
    await move_to(hass, evening, "2024-06-01 20:02")

    await restart(hass, loaded_entry)

    assert state_of(hass, COACH_STATE) == "self_soothing"
    await move_to(hass, evening, "2024-06-01 20:04:59")
    assert state_of(hass, COACH_STATE) == "self_soothing"
    await move_to(hass, evening, "2024-06-01 20:05")
    assert state_of(hass, COACH_STATE) == "check_in_due"


async def test_a_deadline_that_passed_while_down_is_acted_on_at_start(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await start_a_wait(hass, evening)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    # Home Assistant is down from 20:01 to 20:30; the baby is still crying.
    evening.move_to(local("2024-06-01 20:30"))
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    state = hass.states.get(COACH_STATE)
    assert state is not None
    assert state.state == "check_in_due"
    assert datetime.fromisoformat(state.attributes["deadline"]) == local("2024-06-01 20:05")


async def test_needs_and_the_safe_switch_survive_a_restart(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await meet_every_need(hass)

    await restart(hass, loaded_entry)

    assert state_of(hass, "switch.mia_safe") == "on"
    assert state_of(hass, "binary_sensor.mia_needs_met") == "on"


async def test_the_statistics_progress_survives_a_restart(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    loaded_entry.runtime_data.child.statistics_written(date(2024, 5, 31))
    await hass.async_block_till_done()

    await restart(hass, loaded_entry)

    assert loaded_entry.runtime_data.child.statistics_through == date(2024, 5, 31)
