"""Cry sources that go away mid-episode, send non-numbers or fire events nobody knows."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.inputs import CryReading, Thresholds, read_sound_level
from custom_components.sleep_coach.options import CONF_CRY_SOURCES

from ..conftest import CRY_SOURCE
from ..test_night import COACH_STATE, meet_every_need, move_to, press, set_state, state_of
from ..test_restart import start_a_wait
from .common import Transitions

SOUND = "sensor.nursery_sound"
EVENT = "event.nursery_monitor"


async def set_up(hass: HomeAssistant, options: dict[str, Any], source: str) -> MockConfigEntry:
    entry = MockConfigEntry(
        domain=DOMAIN, title="Mia", unique_id="mia", options={**options, CONF_CRY_SOURCES: [source]}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.mark.parametrize("gone", [STATE_UNAVAILABLE, STATE_UNKNOWN])
async def test_a_source_lost_mid_wait_calls_a_parent_and_the_episode_still_ends_once(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry, gone: str
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    await move_to(hass, evening, "2024-06-01 20:02")

    await set_state(hass, CRY_SOURCE, gone)

    state = hass.states.get(COACH_STATE)
    assert state is not None
    assert state.state == "needs_attention"
    assert state.attributes["reasons"] == ["source_unavailable"]
    assert state_of(hass, "binary_sensor.mia_parent_needed") == "on"
    # However long it stays away, the coach never settles an episode it cannot hear.
    await move_to(hass, evening, "2024-06-01 20:30")
    assert state_of(hass, COACH_STATE) == "needs_attention"
    assert transitions.kinds.count("settled") == 0

    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 20:33")

    assert transitions.of("needs_attention")[0]["reasons"] == ["source_unavailable"]
    settled = transitions.of("settled")
    assert len(settled) == 1
    assert settled[0]["outcome"] == "settled_before_parent"
    assert settled[0]["reasons"] == ["source_unavailable"]
    # Only the time the source said "crying" counts: 20:00 to 20:02.
    assert settled[0]["cry_minutes"] == 2.0
    assert state_of(hass, COACH_STATE) == "idle"
    assert len(loaded_entry.runtime_data.child.coach.state.history) == 1


async def test_a_parent_answering_a_lost_source_ends_the_episode_as_attended(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)
    await press(hass, "button.mia_i_m_going_in")
    await set_state(hass, CRY_SOURCE, "off")
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_to(hass, evening, "2024-06-01 20:04")

    settled = transitions.of("settled")
    assert len(settled) == 1
    # The core counts "cannot hear" with the concerns, not with the needs.
    assert settled[0]["outcome"] == "attended_concern"
    assert settled[0]["check_ins"] == 1


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "", "12 dB", "None", "-", "6O"])
def test_a_sound_level_that_is_no_number_is_unheard(value: str) -> None:
    assert read_sound_level(value, Thresholds(on=60, off=45)) is CryReading.UNKNOWN


async def test_a_sound_level_sensor_sending_non_numbers_mid_episode(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(SOUND, "30")
    await set_up(hass, options, SOUND)
    transitions = Transitions(hass)
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, SOUND, "72")
    await move_to(hass, evening, "2024-06-01 20:00:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"

    for garbage in ("nan", "loud", "", "inf"):
        await set_state(hass, SOUND, garbage)
        coach_state = hass.states.get(COACH_STATE)
        assert coach_state is not None
        assert coach_state.state == "needs_attention"
        assert coach_state.attributes["reasons"] == ["source_unavailable"]
        await set_state(hass, SOUND, "72")
    await set_state(hass, SOUND, "40")
    await move_to(hass, evening, "2024-06-01 20:03:30")

    assert transitions.kinds.count("needs_attention") == 1
    settled = transitions.of("settled")
    assert len(settled) == 1
    assert settled[0]["outcome"] == "settled_before_parent"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_an_event_entity_firing_unknown_event_types(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(EVENT, STATE_UNKNOWN, {"event_types": ["crying", "quiet"]})
    await set_up(hass, options, EVENT)
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 20:00")
    transitions = Transitions(hass)

    # Unknown events while quiet: nothing starts.
    for index, attributes in enumerate(
        [{"event_type": "battery_low"}, {"event_type": None}, {"event_type": 42}, {}, {"x": 1}]
    ):
        hass.states.async_set(EVENT, f"2024-06-01T19:00:0{index}+00:00", attributes)
        await hass.async_block_till_done()
    await move_to(hass, evening, "2024-06-01 20:02")
    assert state_of(hass, COACH_STATE) == "idle"
    assert transitions.kinds == []

    # A real cry, then unknown events: they neither end nor extend the crying.
    hass.states.async_set(EVENT, "2024-06-01T19:02:00+00:00", {"event_type": "crying"})
    await hass.async_block_till_done()
    await move_to(hass, evening, "2024-06-01 20:02:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"
    for index in range(10):
        hass.states.async_set(EVENT, f"2024-06-01T19:02:3{index}+00:00", {"event_type": "wobble"})
        await hass.async_block_till_done()
    assert state_of(hass, "binary_sensor.mia_crying") == "on"
    # The cry hold (75 s after the last cry event) ends the crying; 3 min later it settles.
    await move_to(hass, evening, "2024-06-01 20:03:15")
    assert state_of(hass, "binary_sensor.mia_crying") == "off"
    await move_to(hass, evening, "2024-06-01 20:06:15")

    settled = transitions.of("settled")
    assert len(settled) == 1
    assert settled[0]["end"] == "2024-06-01T20:03:15+01:00"
    assert settled[0]["outcome"] == "self_soothed"
