"""When a change reaches Home Assistant: the coach's state with the input, the rest just after."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN, EVENT_TRANSITION
from custom_components.sleep_coach.runtime import ChildCoach

from .conftest import CRY_SOURCE, local
from .test_night import COACH_STATE, CRYING, DEADLINE, move_to, state_of

# The deadline and crying entities, off by default, show when each entity is written.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")


async def crying_since_eight(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> ChildCoach:
    """Meet every need at night and start a cry at 20:00 that is still too short to count.

    The clock then stands at 20:00:30 without the coach having looked, so the next input
    opens the episode: it starts at 20:00, and the cry was long enough at 20:00:20.
    """
    child: ChildCoach = entry.runtime_data.child
    await move_to(hass, freezer, "2024-06-01 20:00")
    for need in child.config.need_names:
        child.log_need(need, met=True)
    hass.states.async_set(CRY_SOURCE, "on")
    await hass.async_block_till_done()
    assert state_of(hass, COACH_STATE) == "idle"
    freezer.move_to(local("2024-06-01 20:00:30"))
    return child


def utc(text: str) -> str:
    """Return London time `text` as stored and shown: a UTC ISO timestamp."""
    return local(text).astimezone(UTC).isoformat()


def record_writes(hass: HomeAssistant) -> list[str]:
    """Return a list that fills with the entity ids of the child's state changes, in order."""
    writes: list[str] = []

    @callback
    def written(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"].split(".")[1].startswith("mia_"):
            writes.append(event.data["entity_id"])

    hass.bus.async_listen("state_changed", written)
    return writes


def record_transitions(hass: HomeAssistant) -> list[str]:
    """Return a list that fills with the transition types on the bus, in order."""
    transitions: list[str] = []

    @callback
    def transition(event: Event[dict[str, Any]]) -> None:
        transitions.append(event.data["type"])

    hass.bus.async_listen(EVENT_TRANSITION, transition)
    return transitions


async def test_a_cry_writes_the_coach_state_first_and_the_rest_just_after(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await crying_since_eight(hass, evening, loaded_entry)
    writes = record_writes(hass)
    transitions = record_transitions(hass)
    seen_with_the_coach_state: list[tuple[str, list[str]]] = []

    @callback
    def coach_state_written(event: Event[EventStateChangedData]) -> None:
        if event.data["entity_id"] == COACH_STATE:
            seen_with_the_coach_state.append((state_of(hass, DEADLINE), list(transitions)))

    hass.bus.async_listen("state_changed", coach_state_written)
    hass.states.async_set(CRY_SOURCE, "off")
    await hass.async_block_till_done()

    # Automations following the coach's state hear of the wait before anything else moves.
    assert seen_with_the_coach_state == [("unknown", [])]
    assert writes[0] == COACH_STATE
    assert state_of(hass, COACH_STATE) == "self_soothing"
    assert state_of(hass, DEADLINE) == utc("2024-06-01 20:05")
    assert transitions == ["episode_started", "self_soothe_started"]


async def test_inputs_of_one_turn_are_passed_on_once_and_in_order(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await crying_since_eight(hass, evening, loaded_entry)
    writes = record_writes(hass)
    transitions = record_transitions(hass)

    hass.states.async_set(CRY_SOURCE, "off")
    hass.states.async_set(CRY_SOURCE, "on")
    await hass.async_block_till_done()

    assert state_of(hass, CRYING) == "on"
    assert writes.count(CRYING) == 1
    assert writes.count(DEADLINE) == 1
    assert transitions == ["episode_started", "self_soothe_started"]


async def test_a_service_right_after_a_cry_leaves_nothing_behind(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    child = await crying_since_eight(hass, evening, loaded_entry)
    transitions = record_transitions(hass)

    hass.states.async_set(CRY_SOURCE, "off")
    child.parent_arrived()
    # A service call returns with everything written, the cry's changes included.
    assert state_of(hass, COACH_STATE) == "attending"
    assert state_of(hass, DEADLINE) == "unknown"
    await hass.async_block_till_done()
    assert transitions == ["episode_started", "self_soothe_started", "parent_arrived"]


async def test_stopping_right_after_a_cry_stores_what_it_heard(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    child = await crying_since_eight(hass, evening, loaded_entry)
    transitions = record_transitions(hass)

    hass.states.async_set(CRY_SOURCE, "off")
    await child.async_stop()
    await hass.async_block_till_done()

    stored = hass_storage[f"{DOMAIN}.{loaded_entry.entry_id}"]["data"]
    assert stored["state"] == child.coach.state.to_dict()
    assert stored["timeline"] == [mark.to_dict() for mark in child.timeline]
    # Where the cry was heard before the stop, its episode is stored and was announced.
    assert transitions in ([], ["episode_started", "self_soothe_started"])
    assert (stored["state"]["episode"] is None) == (transitions == [])
