"""Cry sources of every kind, mapped needs entities and presence entities."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.inputs import (
    CryReading,
    Thresholds,
    combine_cry_readings,
    read_cry_event,
    read_cry_source,
    read_need_entity,
)
from custom_components.sleep_coach.options import (
    CONF_CRY_SOURCES,
    CONF_CUSTOM_NEEDS,
    CONF_DRY_ENTITY,
    CONF_FED_ENTITY,
    CONF_PRESENCE_ENTITIES,
    CONF_SAFE_ENTITY,
)

from .conftest import CRY_SOURCE, local
from .test_night import COACH_STATE, move_to, set_state, state_of

SOUND = "sensor.nursery_sound"
EVENT = "event.nursery_monitor"
LAST_FEED = "input_datetime.last_feed"
DRY = "input_boolean.nappy_dry"
SAFE = "binary_sensor.cot_safe"
DOOR = "binary_sensor.nursery_motion"
THRESHOLDS = Thresholds(on=60, off=45)


async def set_up(hass: HomeAssistant, options: dict[str, Any], **changes: Any) -> MockConfigEntry:
    entry = MockConfigEntry(domain=DOMAIN, title="Mia", unique_id="mia", options=options | changes)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


@pytest.mark.parametrize(
    ("entity_id", "state", "reading"),
    [
        ("binary_sensor.cry", "on", CryReading.CRYING),
        ("binary_sensor.cry", "off", CryReading.QUIET),
        ("input_boolean.cry", "on", CryReading.CRYING),
        ("binary_sensor.cry", STATE_UNAVAILABLE, CryReading.UNKNOWN),
        ("binary_sensor.cry", STATE_UNKNOWN, CryReading.UNKNOWN),
        (SOUND, "72.5", CryReading.CRYING),
        (SOUND, "60", CryReading.CRYING),
        (SOUND, "50", CryReading.UNCHANGED),
        (SOUND, "45", CryReading.QUIET),
        (SOUND, "loud", CryReading.UNKNOWN),
        (SOUND, STATE_UNKNOWN, CryReading.UNKNOWN),
    ],
)
def test_reading_a_cry_source(entity_id: str, state: str, reading: CryReading) -> None:
    assert read_cry_source(State(entity_id, state), THRESHOLDS) is reading


def test_a_missing_cry_source_cannot_be_heard() -> None:
    assert read_cry_source(None, THRESHOLDS) is CryReading.UNKNOWN


@pytest.mark.parametrize(
    ("event_type", "reading"),
    [
        ("crying", CryReading.CRYING),
        ("Sound detected", CryReading.CRYING),
        ("cry_stopped", CryReading.QUIET),
        ("quiet", CryReading.QUIET),
        ("motion", CryReading.UNCHANGED),
        # A SNOO's own sound, not the baby's.
        ("sticky_white_noise_updated", CryReading.UNCHANGED),
        ("White noise on", CryReading.UNCHANGED),
        (None, CryReading.UNCHANGED),
        (42, CryReading.UNCHANGED),
    ],
)
def test_reading_a_cry_event(event_type: object, reading: CryReading) -> None:
    assert read_cry_event(event_type) is reading


@pytest.mark.parametrize(
    ("readings", "previous", "combined"),
    [
        ([], CryReading.QUIET, CryReading.UNKNOWN),
        ([CryReading.CRYING, CryReading.UNKNOWN], CryReading.QUIET, CryReading.UNKNOWN),
        ([CryReading.QUIET, CryReading.CRYING], CryReading.QUIET, CryReading.CRYING),
        ([CryReading.UNCHANGED], CryReading.CRYING, CryReading.CRYING),
        ([CryReading.UNCHANGED], CryReading.UNKNOWN, CryReading.QUIET),
        ([CryReading.QUIET], CryReading.CRYING, CryReading.QUIET),
    ],
)
def test_combining_sources(
    readings: list[CryReading], previous: CryReading, combined: CryReading
) -> None:
    assert combine_cry_readings(readings, previous) is combined


@pytest.mark.parametrize(
    ("entity_id", "state", "met"),
    [
        (LAST_FEED, "2024-06-01 17:00:00", True),
        ("sensor.baby_buddy_last_feeding", "2024-06-01T16:00:00+00:00", True),
        (LAST_FEED, "not a time", False),
        (LAST_FEED, STATE_UNAVAILABLE, False),
        (DRY, "on", True),
        (DRY, "off", False),
    ],
)
async def test_reading_a_needs_entity(
    hass: HomeAssistant, london: None, entity_id: str, state: str, met: bool
) -> None:
    reading = read_need_entity(State(entity_id, state), local("2024-06-01 20:00"))
    assert reading.met is met


async def test_a_needs_time_in_the_future_counts_as_now(hass: HomeAssistant, london: None) -> None:
    now = local("2024-06-01 20:00")
    assert read_need_entity(State(LAST_FEED, "2024-06-01 23:00:00"), now).since == now


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_sound_level_with_hysteresis(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(SOUND, "30")
    await set_up(hass, options, **{CONF_CRY_SOURCES: [SOUND], CONF_CUSTOM_NEEDS: []})
    await move_to(hass, evening, "2024-06-01 20:00")

    await set_state(hass, SOUND, "70")
    await move_to(hass, evening, "2024-06-01 20:00:10")
    await set_state(hass, SOUND, "50")  # between the thresholds: still crying
    await move_to(hass, evening, "2024-06-01 20:00:30")

    assert state_of(hass, "binary_sensor.mia_crying") == "on"
    await set_state(hass, SOUND, "40")
    assert state_of(hass, "binary_sensor.mia_crying") == "off"

    await set_state(hass, SOUND, "garbage")
    assert state_of(hass, COACH_STATE) == "needs_attention"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_an_event_entity_cries_until_its_events_stop(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    # Before its first event an event entity is "unknown": silence, not a fault.
    hass.states.async_set(EVENT, STATE_UNKNOWN, {"event_types": ["crying", "quiet"]})
    await set_up(hass, options, **{CONF_CRY_SOURCES: [EVENT]})
    await move_to(hass, evening, "2024-06-01 20:00")
    assert state_of(hass, COACH_STATE) == "idle"

    # A monitor that repeats its cry event every 30 s.
    for moment in ("2024-06-01 20:01", "2024-06-01 20:01:30", "2024-06-01 20:02"):
        evening.move_to(local(moment))
        hass.states.async_set(EVENT, local(moment).isoformat(), {"event_type": "crying"})
        await hass.async_block_till_done()
    assert state_of(hass, "binary_sensor.mia_crying") == "on"

    # An event type that means nothing changes nothing.
    hass.states.async_set(EVENT, "later", {"event_type": "battery_low"})
    await hass.async_block_till_done()
    assert state_of(hass, "binary_sensor.mia_crying") == "on"

    # No cry event for 75 s: the crying is over.
    await move_to(hass, evening, "2024-06-01 20:03:16")
    assert state_of(hass, "binary_sensor.mia_crying") == "off"

    hass.states.async_set(EVENT, "again", {"event_type": "crying"})
    await hass.async_block_till_done()
    hass.states.async_set(EVENT, "stop", {"event_type": "cry_stopped"})
    await hass.async_block_till_done()
    assert state_of(hass, "binary_sensor.mia_crying") == "off"

    # An event entity gone unavailable means the coach cannot hear.
    await move_to(hass, evening, "2024-06-01 20:10")
    assert state_of(hass, COACH_STATE) == "idle"
    await set_state(hass, EVENT, STATE_UNAVAILABLE)
    coach_state = hass.states.get(COACH_STATE)
    assert coach_state is not None
    assert "source_unavailable" in coach_state.attributes["reasons"]


async def test_mapped_needs_follow_the_familys_entities(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
) -> None:
    hass.states.async_set(LAST_FEED, "2024-06-01 18:00:00")
    hass.states.async_set(DRY, "on")
    hass.states.async_set(SAFE, "on")
    entry = await set_up(
        hass,
        options,
        **{
            CONF_FED_ENTITY: LAST_FEED,
            CONF_DRY_ENTITY: DRY,
            CONF_SAFE_ENTITY: SAFE,
            CONF_CUSTOM_NEEDS: ["room_ok"],
        },
    )

    keys = {
        entity.unique_id.removeprefix(f"{entry.entry_id}_")
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    # Mapped needs get no buttons or switch of their own; the family's own need does.
    assert {"log_feed", "log_diaper_change", "safe"}.isdisjoint(keys)
    assert "need_room_ok" in keys
    needs = hass.states.get("binary_sensor.mia_needs_met")
    assert needs is not None
    assert needs.attributes["fed"]["status"] == "met"
    assert needs.attributes["room_ok"]["status"] == "unknown"

    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.mia_need_room_ok"}, blocking=True
    )
    assert state_of(hass, "binary_sensor.mia_needs_met") == "on"

    await set_state(hass, DRY, "off")
    assert state_of(hass, "binary_sensor.mia_needs_met") == "off"
    await set_state(hass, DRY, "on")
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.mia_need_room_ok"}, blocking=True
    )
    assert state_of(hass, "binary_sensor.mia_needs_met") == "off"


async def test_presence_entities_mark_a_parent_in_the_nursery(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    hass.states.async_set(DOOR, "off")
    hass.states.async_set(CRY_SOURCE, "off")
    await set_up(hass, options, **{CONF_PRESENCE_ENTITIES: [DOOR]})
    await move_to(hass, evening, "2024-06-01 20:00")

    await set_state(hass, DOOR, "on")
    assert state_of(hass, COACH_STATE) == "attending"
    await set_state(hass, DOOR, "off")
    assert state_of(hass, COACH_STATE) == "idle"


async def test_mapping_a_need_later_removes_its_own_entity(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
) -> None:
    hass.states.async_set(CRY_SOURCE, "off")
    hass.states.async_set(LAST_FEED, "2024-06-01 18:00:00")
    entry = await set_up(hass, options, **{CONF_CUSTOM_NEEDS: ["room_ok"]})
    assert entity_registry.async_get("button.mia_log_feed") is not None
    assert entity_registry.async_get("switch.mia_need_room_ok") is not None

    hass.config_entries.async_update_entry(
        entry, options={**entry.options, CONF_FED_ENTITY: LAST_FEED, CONF_CUSTOM_NEEDS: []}
    )
    await hass.async_block_till_done()

    assert entity_registry.async_get("button.mia_log_feed") is None
    assert entity_registry.async_get("switch.mia_need_room_ok") is None
    assert entity_registry.async_get("button.mia_log_diaper_change") is not None
    assert entity_registry.async_get("switch.mia_safe") is not None
