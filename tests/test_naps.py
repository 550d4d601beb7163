"""Naps in Home Assistant: buttons, actions and a sleep-state entity; their events and diary."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.coach import Mode, NapEnd
from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.health import source_issue_id
from custom_components.sleep_coach.identity import ENTRY_MINOR_VERSION, ENTRY_VERSION
from custom_components.sleep_coach.options import CONF_SLEEP_ENTITY
from custom_components.sleep_coach.runtime import ChildCoach

from .conftest import CRY_SOURCE, local
from .faults.common import Transitions
from .test_night import EVENTS, meet_every_need, move_to, press, set_state

SLEEP_STATE = "input_boolean.cot_occupied"
NAP_STARTED = "button.mia_nap_started"
NAP_ENDED = "button.mia_nap_ended"


@pytest.fixture
async def midday(freezer: FrozenDateTimeFactory, london: None) -> FrozenDateTimeFactory:
    """Freeze time at 11:00 in London on 1 June 2024, in the day (Mia is 4 months old)."""
    freezer.move_to(local("2024-06-01 11:00"))
    return freezer


async def set_up(hass: HomeAssistant, entry: MockConfigEntry) -> ChildCoach:
    hass.states.async_set(CRY_SOURCE, "off")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    child: ChildCoach = entry.runtime_data.child
    return child


async def call(hass: HomeAssistant, service: str, entry: MockConfigEntry) -> None:
    await hass.services.async_call(DOMAIN, service, {"config_entry": entry.entry_id}, blocking=True)


async def test_a_nap_from_the_buttons_then_the_sleep_window_opens(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    child = await set_up(hass, mock_config_entry)
    transitions = Transitions(hass)
    await move_to(hass, midday, "2024-06-01 12:00")

    await press(hass, NAP_STARTED)

    assert child.nap_under_way
    assert child.status.mode is Mode.IDLE
    (started,) = transitions.of("nap_started")
    assert started["day"] == "2024-06-01"
    assert started["at"] == "2024-06-01T12:00:00+01:00"
    assert started["diary"] == "started a nap"
    event = hass.states.get(EVENTS)
    assert event is not None
    assert event.attributes["event_type"] == "nap_started"

    await move_to(hass, midday, "2024-06-01 13:20")
    await press(hass, NAP_ENDED)

    assert not child.nap_under_way
    (ended,) = transitions.of("nap_ended")
    assert ended["ended_by"] == "ended"
    assert ended["start"] == "2024-06-01T12:00:00+01:00"
    assert ended["end"] == "2024-06-01T13:20:00+01:00"
    # Quiet from the start: asleep once the settle time (3 min) had passed.
    assert ended["asleep"] == "2024-06-01T12:00:00+01:00"
    assert ended["sleep_minutes"] == 80
    assert ended["diary"] == "ended a nap of 1 h 20 min, asleep for 1 h 20 min"
    assert child.coach.awake_since() == local("2024-06-01 13:20")

    # At four months the next sleep is 90 to 120 minutes after waking: a timer, no polling.
    assert child._wakeup_at == local("2024-06-01 14:50")
    await move_to(hass, midday, "2024-06-01 14:49")
    assert transitions.of("sleep_window_opened") == []
    await move_to(hass, midday, "2024-06-01 14:50")

    (opened,) = transitions.of("sleep_window_opened")
    assert opened["awake_since"] == "2024-06-01T13:20:00+01:00"
    assert opened["earliest"] == "2024-06-01T14:50:00+01:00"
    assert opened["latest"] == "2024-06-01T15:20:00+01:00"
    assert opened["learned"] is False
    assert opened["diary"] == "is ready for the next sleep: between 14:50 and 15:20"
    event = hass.states.get(EVENTS)
    assert event is not None
    assert event.attributes["event_type"] == "sleep_window_opened"
    # Worded for the blueprint that tells the parents, in the instance's language.
    assert event.attributes["title"] == "Mia: time for the next sleep"
    assert event.attributes["message"] == (
        "Time to start Mia's nap routine: the next sleep is due between 14:50 and 15:20."
    )
    # Nothing else is due until the night starts: no wake-up in between.
    assert child._wakeup_at == local("2024-06-01 19:00")


async def test_the_actions_start_and_end_a_nap(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    child = await set_up(hass, mock_config_entry)
    transitions = Transitions(hass)

    await call(hass, "start_nap", mock_config_entry)
    # Twice changes nothing.
    await call(hass, "start_nap", mock_config_entry)
    assert child.nap_under_way
    await move_to(hass, midday, "2024-06-01 11:45")
    await call(hass, "end_nap", mock_config_entry)
    await call(hass, "end_nap", mock_config_entry)

    assert not child.nap_under_way
    assert transitions.kinds == ["nap_started", "nap_ended"]
    assert [nap.end for nap in child.coach.state.day.naps] == [local("2024-06-01 11:45")]


@pytest.mark.parametrize("how", ["button", "action"])
async def test_a_nap_at_night_is_refused(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
    how: str,
) -> None:
    await move_to(hass, evening, "2024-06-01 20:00")
    child = loaded_entry.runtime_data.child
    before = child.coach.state

    start = press(hass, NAP_STARTED) if how == "button" else call(hass, "start_nap", loaded_entry)
    with pytest.raises(ServiceValidationError) as caught:
        await start

    assert caught.value.translation_domain == DOMAIN
    assert caught.value.translation_key == "nap_at_night"
    assert caught.value.translation_placeholders == {"child": "Mia"}
    assert child.coach.state == before


async def test_crying_in_a_nap_is_coached_with_the_nap_waits(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    child = await set_up(hass, mock_config_entry)
    transitions = Transitions(hass)
    await meet_every_need(hass)
    await press(hass, NAP_STARTED)
    await move_to(hass, midday, "2024-06-01 11:30")

    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, midday, "2024-06-01 11:30:20")

    assert child.status.mode is Mode.SELF_SOOTHING
    (wait,) = transitions.of("self_soothe_started")
    # The first nap wait, 3 minutes, not the night's 5.
    assert wait["deadline"] == "2024-06-01T11:33:00+01:00"
    await move_to(hass, midday, "2024-06-01 11:33")
    assert child.status.mode is Mode.CHECK_IN_DUE


async def test_the_longest_nap_ends_a_nap_on_time(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    child = await set_up(hass, mock_config_entry)
    transitions = Transitions(hass)
    await press(hass, NAP_STARTED)

    assert child._wakeup_at == local("2024-06-01 11:03")  # falling asleep
    await move_to(hass, midday, "2024-06-01 11:03")
    assert child._wakeup_at == local("2024-06-01 14:00")  # the longest nap, 3 h
    await move_to(hass, midday, "2024-06-01 14:00")

    (ended,) = transitions.of("nap_ended")
    assert ended["ended_by"] == NapEnd.LONGEST_NAP.value
    assert ended["end"] == "2024-06-01T14:00:00+01:00"
    assert not child.nap_under_way


def with_sleep_state(options: dict[str, Any]) -> MockConfigEntry:
    """Return Mia's entry with the family's own sleep-state entity."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        version=ENTRY_VERSION,
        minor_version=ENTRY_MINOR_VERSION,
        data={CONF_CHILD_NAME: "Mia", CONF_CHILD_ID: "mia"},
        options={**options, CONF_SLEEP_ENTITY: SLEEP_STATE},
    )


async def test_the_sleep_state_entity_starts_and_ends_naps_by_day(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(SLEEP_STATE, "off")
    child = await set_up(hass, with_sleep_state(options))
    transitions = Transitions(hass)
    assert not child.nap_under_way

    await set_state(hass, SLEEP_STATE, "on")
    assert child.nap_under_way
    # An attribute changing, or the entity going away for a moment, says nothing.
    hass.states.async_set(SLEEP_STATE, "on", {"friendly_name": "Cot"})
    await hass.async_block_till_done()
    await set_state(hass, SLEEP_STATE, STATE_UNAVAILABLE)
    assert child.nap_under_way
    await move_to(hass, midday, "2024-06-01 12:10")
    await set_state(hass, SLEEP_STATE, "off")

    assert not child.nap_under_way
    assert transitions.kinds == ["nap_started", "nap_ended"]

    # At night the night's coaching is on: the entity is not read.
    await move_to(hass, midday, "2024-06-01 20:00")
    await set_state(hass, SLEEP_STATE, "on")
    assert not child.nap_under_way
    assert "nap_started" not in transitions.kinds[2:]


async def test_a_sleep_state_entity_on_at_start_starts_the_nap(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(SLEEP_STATE, "on")

    child = await set_up(hass, with_sleep_state(options))

    assert child.nap_under_way
    nap = child.coach.state.day.nap
    assert nap is not None
    assert nap.day == date(2024, 6, 1)


async def test_a_source_silent_in_a_nap_raises_the_repair(
    hass: HomeAssistant,
    midday: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
) -> None:
    await set_up(hass, mock_config_entry)
    issue_id = source_issue_id(mock_config_entry.entry_id, CRY_SOURCE)
    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)
    await move_to(hass, midday, "2024-06-01 11:11")
    # By day without a nap nobody is listening: no repair.
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None

    await press(hass, NAP_STARTED)
    await move_to(hass, midday, "2024-06-01 11:22")

    # In a nap the coach listens as at night, and cannot hear.
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
