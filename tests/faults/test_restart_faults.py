"""Home Assistant stopping during a self-soothe wait: cleanly, or without its final write.

(A deadline passing while Home Assistant is down is in tests/test_restart.py.)
"""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.store import CoachStore

from ..conftest import CRY_SOURCE, local
from ..test_night import COACH_STATE, move_to, set_state, state_of
from ..test_restart import restart, start_a_wait
from .common import Transitions


async def test_a_clean_stop_during_a_wait_keeps_the_episode_and_its_one_outcome(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    await move_to(hass, evening, "2024-06-01 20:02")

    await restart(hass, loaded_entry)

    assert state_of(hass, COACH_STATE) == "self_soothing"
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 20:06")
    assert state_of(hass, COACH_STATE) == "idle"
    settled = transitions.of("settled")
    assert len(settled) == 1
    assert settled[0]["outcome"] == "self_soothed"
    assert settled[0]["start"] == "2024-06-01T20:00:00+01:00"
    assert settled[0]["end"] == "2024-06-01T20:02:00+01:00"
    assert transitions.kinds.count("episode_started") == 1
    assert len(loaded_entry.runtime_data.child.coach.state.history) == 1


async def test_a_stop_without_the_final_write_resumes_from_the_transition(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    await start_a_wait(hass, evening)
    # What was on disk right after the transition, before anything else was written.
    written = copy.deepcopy(hass_storage[key])
    await move_to(hass, evening, "2024-06-01 20:01")

    # A crash: the final write on stop never happens, and nothing written since survives.
    with patch.object(CoachStore, "async_save", autospec=True) as no_save:
        assert await hass.config_entries.async_unload(loaded_entry.entry_id)
        await hass.async_block_till_done()
    assert no_save.await_count == 1
    hass_storage[key] = written
    episode = written["data"]["state"]["episode"]
    assert datetime.fromisoformat(episode["start"]) == local("2024-06-01 20:00")
    assert datetime.fromisoformat(episode["deadline"]) == local("2024-06-01 20:05")

    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    state = hass.states.get(COACH_STATE)
    assert state is not None
    assert state.state == "self_soothing"
    assert datetime.fromisoformat(state.attributes["deadline"]) == local("2024-06-01 20:05")
    # The baby cried on: the check-in still falls due at the stored deadline.
    await move_to(hass, evening, "2024-06-01 20:05")
    assert state_of(hass, COACH_STATE) == "check_in_due"


async def test_a_stop_without_the_final_write_after_a_quiet_spell_loses_no_episode(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    # The baby goes quiet: no transition, so only a delayed write is pending at the crash.
    await move_to(hass, evening, "2024-06-01 20:02")
    await set_state(hass, CRY_SOURCE, "off")
    written = copy.deepcopy(hass_storage[key])
    with patch.object(CoachStore, "async_save", autospec=True):
        assert await hass.config_entries.async_unload(loaded_entry.entry_id)
        await hass.async_block_till_done()
    hass_storage[key] = written

    # Back after the settle time, the source still quiet.
    evening.move_to(local("2024-06-01 20:10"))
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()

    # The stored state knew only that the baby cried, so the deadline passed while down
    # counts as crying through it (toward attention); the episode is not lost and ends
    # once the source has been quiet for the settle time after the restart.
    assert transitions.kinds.count("settled") == 0
    assert transitions.of("check_in_due")[0]["at"] == "2024-06-01T20:05:00+01:00"
    await move_to(hass, evening, "2024-06-01 20:13")
    settled = transitions.of("settled")
    assert len(settled) == 1
    assert settled[0]["start"] == "2024-06-01T20:00:00+01:00"
    assert settled[0]["outcome"] == "settled_before_parent"
    assert len(loaded_entry.runtime_data.child.coach.state.history) == 1
    assert state_of(hass, COACH_STATE) == "idle"
