"""A whole night through real state changes of the source entities, with time travel."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from .conftest import CRY_SOURCE, assert_matches_snapshot, local

# The figures a family rarely needs are disabled by default; these tests read them.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

COACH_STATE = "sensor.mia_coach_state"
DEADLINE = "sensor.mia_self_soothe_deadline"
PARENT_NEEDED = "binary_sensor.mia_parent_needed"
CRYING = "binary_sensor.mia_crying"
NEEDS_MET = "binary_sensor.mia_needs_met"
EVENTS = "event.mia_coach_event"


async def move_to(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    """Move the clock to London time `when` and let every timer due by then fire."""
    freezer.move_to(local(when))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def set_state(hass: HomeAssistant, entity_id: str, state: str) -> None:
    """Change a source entity's state now, and let the coach hear it before time moves on."""
    hass.states.async_set(entity_id, state)
    await hass.async_block_till_done()


async def press(hass: HomeAssistant, entity_id: str) -> None:
    """Press one of the child's buttons."""
    await hass.services.async_call("button", "press", {ATTR_ENTITY_ID: entity_id}, blocking=True)


async def meet_every_need(hass: HomeAssistant) -> None:
    """Log a feed and a nappy change and mark the baby safe, as a parent at bedtime."""
    await press(hass, "button.mia_log_feed")
    await press(hass, "button.mia_log_diaper_change")
    await hass.services.async_call(
        "switch", "turn_on", {ATTR_ENTITY_ID: "switch.mia_safe"}, blocking=True
    )


def state_of(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


def entity_snapshot(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    """Return every entity of the child: registry settings, state and attributes."""
    registry = er.async_get(hass)
    snapshot: dict[str, Any] = {}
    for entry_entity in er.async_entries_for_config_entry(registry, entry.entry_id):
        state = hass.states.get(entry_entity.entity_id)
        assert state is not None
        snapshot[entry_entity.entity_id] = {
            "unique_id": entry_entity.unique_id.removeprefix(f"{entry.entry_id}_"),
            "translation_key": entry_entity.translation_key,
            "entity_category": entry_entity.entity_category,
            "original_device_class": entry_entity.original_device_class,
            # An event entity's state is the instant it fired, which Home Assistant
            # versions' test clocks round differently; its attributes hold the event.
            "state": "<fired>" if state.domain == "event" else state.state,
            "attributes": dict(state.attributes),
        }
    return snapshot


async def test_a_night_with_a_check_in(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    freezer = evening
    events: list[tuple[str, dict[str, Any]]] = []

    @callback
    def record_event(event: Any) -> None:
        new_state = event.data["new_state"]
        if event.data["entity_id"] == EVENTS and "event_type" in new_state.attributes:
            attributes = dict(new_state.attributes)
            events.append((attributes.pop("event_type"), attributes))

    hass.bus.async_listen("state_changed", record_event)
    assert state_of(hass, COACH_STATE) == "daytime"
    assert state_of(hass, NEEDS_MET) == "off"

    await meet_every_need(hass)
    assert state_of(hass, NEEDS_MET) == "on"
    await move_to(hass, freezer, "2024-06-01 19:00")
    assert state_of(hass, COACH_STATE) == "idle"

    # A whimper shorter than the minimum cry starts nothing.
    await move_to(hass, freezer, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:00:10")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-01 20:05")
    assert state_of(hass, COACH_STATE) == "idle"

    # Real crying: after 20 s the baby gets 5 minutes to self-soothe.
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:05:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"
    assert dt_util.parse_datetime(state_of(hass, DEADLINE)) == local("2024-06-01 20:10")
    assert state_of(hass, CRYING) == "on"
    assert state_of(hass, PARENT_NEEDED) == "off"
    assert_matches_snapshot("entities_self_soothing", entity_snapshot(hass, loaded_entry))

    # The wait runs out while the baby still cries: a check-in is due, at the deadline.
    await move_to(hass, freezer, "2024-06-01 20:10")
    assert state_of(hass, COACH_STATE) == "check_in_due"
    assert state_of(hass, PARENT_NEEDED) == "on"

    await move_to(hass, freezer, "2024-06-01 20:12")
    await press(hass, "button.mia_i_m_going_in")
    assert state_of(hass, COACH_STATE) == "attending"
    assert state_of(hass, PARENT_NEEDED) == "off"

    await move_to(hass, freezer, "2024-06-01 20:14")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-01 20:15")
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_to(hass, freezer, "2024-06-01 20:17")
    assert state_of(hass, COACH_STATE) == "idle"
    assert state_of(hass, CRYING) == "off"
    assert state_of(hass, "sensor.mia_tonight_s_wakings") == "1"
    assert state_of(hass, "sensor.mia_tonight_s_crying") == "9.0"
    assert state_of(hass, "sensor.mia_tonight_self_soothed") == "0"

    assert [kind for kind, _ in events] == [
        "night_started",
        "episode_started",
        "self_soothe_started",
        "check_in_due",
        "parent_arrived",
        "parent_left",
        # Leaving starts the next wait; the baby, quiet since 20:14, settles within it.
        "self_soothe_started",
        "settled",
    ]
    marks = [(mark.kind.value, mark.at) for mark in loaded_entry.runtime_data.child.timeline]
    assert marks == [
        ("deadline", local("2024-06-01 20:10")),
        ("check_in_due", local("2024-06-01 20:10")),
        ("parent_arrived", local("2024-06-01 20:12")),
        ("parent_left", local("2024-06-01 20:15")),
        ("deadline", local("2024-06-01 20:25")),
    ]
    settled = events[-1][1]
    assert settled["outcome"] == "settled_after_check_in"
    assert settled["start"] == "2024-06-01T20:05:00+01:00"
    assert settled["end"] == "2024-06-01T20:14:00+01:00"


async def test_an_unmet_need_calls_a_parent_with_the_reason(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await press(hass, "button.mia_log_feed")  # dry and safe stay unknown
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:00:20")

    assert state_of(hass, COACH_STATE) == "needs_attention"
    state = hass.states.get(COACH_STATE)
    assert state is not None
    assert state.attributes["reasons"] == ["dry", "safe"]
    assert state_of(hass, DEADLINE) == "unknown"
    needs = hass.states.get(NEEDS_MET)
    assert needs is not None
    assert needs.attributes["fed"]["status"] == "met"
    assert needs.attributes["dry"] == {"status": "unknown", "since": None, "expires": None}


async def test_an_unavailable_cry_source_at_night_calls_a_parent(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 21:00")
    assert state_of(hass, COACH_STATE) == "idle"

    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)

    state = hass.states.get(COACH_STATE)
    assert state is not None
    assert state.state == "needs_attention"
    assert state.attributes["reasons"] == ["source_unavailable"]

    await set_state(hass, CRY_SOURCE, "off")
    assert state_of(hass, COACH_STATE) == "idle"
