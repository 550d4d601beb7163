"""Tests for the Sleep Coach config, options and reconfigure flows."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResult, FlowResultType, section
from homeassistant.helpers import entity_registry as er
from homeassistant.util import slugify
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.coach import ConfigError, NapConfigError, PlanError
from custom_components.sleep_coach.config_flow import (
    CHILD_STEP_OPTIONS,
    FORM_VALUES,
    OPTION_SECTIONS,
    SECTION_PLAN,
    SELECTORS,
)
from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.identity import ENTRY_MINOR_VERSION, ENTRY_VERSION
from custom_components.sleep_coach.options import (
    CONF_ALLOW_UNDER_16_WEEKS,
    CONF_BIRTH_DATE,
    CONF_CAP,
    CONF_CRY_SOURCES,
    CONF_CUSTOM_NEEDS,
    CONF_DRY_ENTITY,
    CONF_DRY_WINDOW,
    CONF_ESCALATE_AFTER,
    CONF_FED_ENTITY,
    CONF_FED_WINDOW,
    CONF_LONGEST_NAP,
    CONF_MIN_CRY,
    CONF_NAP_CAP,
    CONF_NAP_WAITS,
    CONF_NIGHT_END,
    CONF_NIGHT_START,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_PLAN_METHOD,
    CONF_PRESENCE_ENTITIES,
    CONF_ROTA,
    CONF_SAFE_ENTITY,
    CONF_SETTLE,
    CONF_SLEEP_ENTITY,
    CONF_SOUND_OFF,
    CONF_SOUND_ON,
    CONF_SPLIT,
    CONF_WAITS,
    CONF_WAKE_WINDOWS,
    DEFAULT_OPTIONS,
    PLAN_FIELDS,
    PLAN_NONE,
    with_defaults,
)

pytestmark = pytest.mark.usefixtures("mock_setup_entry")

PACKAGE = Path(__file__).parent.parent / "custom_components" / "sleep_coach"

CRY = "binary_sensor.nursery_cry"
SOUND_LEVEL = "sensor.nursery_sound_level"
LAST_FEED = "sensor.last_feed"
DOOR = "binary_sensor.nursery_door"

# Errors the flows raise themselves, besides the core's `ConfigError` codes.
FLOW_ERRORS = {
    "cry_source_required",
    "entity_not_found",
    "wrong_domain",
    "sensor_not_numeric",
    "sensor_not_timestamp",
    "thresholds_reversed",
    "wake_windows_format",
}


@pytest.fixture(autouse=True)
def nursery(hass: HomeAssistant) -> None:
    """Give Home Assistant the entities a family's nursery might have."""
    hass.states.async_set(CRY, "off")
    hass.states.async_set("input_boolean.simulate_crying", "off")
    hass.states.async_set("event.monitor_sound", "unknown", {"event_types": ["cry"]})
    hass.states.async_set(
        SOUND_LEVEL, "42.5", {"unit_of_measurement": "dB", "state_class": "measurement"}
    )
    hass.states.async_set("sensor.level_without_unit", "17")
    hass.states.async_set("sensor.monitor_status", "idle")
    hass.states.async_set(LAST_FEED, "2024-06-01T19:30:00+00:00", {"device_class": "timestamp"})
    hass.states.async_set(
        "sensor.room_temperature",
        "21.0",
        {"unit_of_measurement": "°C", "device_class": "temperature"},
    )
    hass.states.async_set("input_datetime.last_feed", "2024-06-01 19:30:00")
    hass.states.async_set("input_boolean.nappy_dry", "on")
    hass.states.async_set("binary_sensor.baby_safe", "on")
    hass.states.async_set(DOOR, "off", {"device_class": "door"})
    hass.states.async_set("binary_sensor.cot_occupied", "off", {"device_class": "occupancy"})
    hass.states.async_set("light.nursery", "on")
    hass.states.async_set("switch.nursery_fan", "off")


def add_child(
    hass: HomeAssistant, name: str = "Mia", options: dict[str, Any] | None = None
) -> MockConfigEntry:
    """Add the entry of a child that has been set up with a cry source."""
    identity = slugify(name)
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=name,
        unique_id=identity,
        version=ENTRY_VERSION,
        minor_version=ENTRY_MINOR_VERSION,
        data={CONF_CHILD_NAME: name, CONF_CHILD_ID: identity},
        options=with_defaults({CONF_CRY_SOURCES: [CRY], **(options or {})}),
    )
    entry.add_to_hass(hass)
    return entry


def suggested_values(result: FlowResult[Any, Any]) -> dict[str, Any]:
    """Return the values a form shows, by field (and by section)."""

    def values(schema: Any) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in schema.schema.items():
            if isinstance(value, section):
                found[key.schema] = values(value.schema)
            elif key.description and "suggested_value" in key.description:
                found[key.schema] = key.description["suggested_value"]
        return found

    return values(result["data_schema"])


def load_strings() -> dict[str, Any]:
    return json.loads((PACKAGE / "strings.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- User step ------------------------------------------------------------------------


async def start_user_flow(hass: HomeAssistant) -> FlowResult[Any, Any]:
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return result


async def test_minimum_setup_is_a_name_and_a_cry_source(
    hass: HomeAssistant, mock_setup_entry: AsyncMock
) -> None:
    result = await start_user_flow(hass)
    assert [key.schema for key in result["data_schema"].schema] == [
        CONF_CHILD_NAME,
        CONF_BIRTH_DATE,
        CONF_ALLOW_UNDER_16_WEEKS,
        CONF_CRY_SOURCES,
    ]

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "  Mia   Rose ", CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Mia Rose"
    assert result["data"] == {CONF_CHILD_NAME: "Mia Rose", CONF_CHILD_ID: "mia_rose"}
    assert result["options"] == {**DEFAULT_OPTIONS, CONF_CRY_SOURCES: [CRY]}
    assert result["result"].unique_id == "mia_rose"
    assert len(mock_setup_entry.mock_calls) == 1


async def test_user_flow_with_every_field(hass: HomeAssistant) -> None:
    registry = er.async_get(hass)
    unloaded = registry.async_get_or_create(
        "sensor", "monitor", "level", capabilities={"state_class": "measurement"}
    )
    result = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_CHILD_NAME: "Noah",
            CONF_BIRTH_DATE: "2024-01-15",
            CONF_ALLOW_UNDER_16_WEEKS: True,
            CONF_CRY_SOURCES: [
                CRY,
                "input_boolean.simulate_crying",
                "event.monitor_sound",
                SOUND_LEVEL,
                "sensor.level_without_unit",
                # The registry id of an entity that has no state yet, and a repeat.
                unloaded.id,
                CRY,
            ],
        },
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"] == {
        **DEFAULT_OPTIONS,
        CONF_BIRTH_DATE: "2024-01-15",
        CONF_ALLOW_UNDER_16_WEEKS: True,
        CONF_CRY_SOURCES: [
            CRY,
            "input_boolean.simulate_crying",
            "event.monitor_sound",
            SOUND_LEVEL,
            "sensor.level_without_unit",
            unloaded.entity_id,
        ],
    }


def test_user_step_says_it_is_no_medical_or_safety_device() -> None:
    description = load_strings()["config"]["step"]["user"]["description"]
    assert "coaching aid, not a medical or safety device" in description


async def test_blank_name_is_refused_then_corrected(
    hass: HomeAssistant, mock_setup_entry: AsyncMock
) -> None:
    result = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "   ", CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_CHILD_NAME: "name_required"}
    assert hass.config_entries.async_entries(DOMAIN) == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(mock_setup_entry.mock_calls) == 1


@pytest.mark.parametrize(
    ("sources", "error"),
    [
        ([], "cry_source_required"),
        (["binary_sensor.missing"], "entity_not_found"),
        ([CRY, "light.nursery"], "wrong_domain"),
        (["sensor.monitor_status"], "sensor_not_numeric"),
        ([LAST_FEED], "sensor_not_numeric"),
    ],
)
async def test_user_step_refuses_cry_sources(
    hass: HomeAssistant, mock_setup_entry: AsyncMock, sources: list[str], error: str
) -> None:
    result = await start_user_flow(hass)
    user_input = {
        CONF_CHILD_NAME: "Mia",
        CONF_BIRTH_DATE: "2024-01-15",
        CONF_ALLOW_UNDER_16_WEEKS: True,
        CONF_CRY_SOURCES: sources,
    }

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_CRY_SOURCES: error}
    assert suggested_values(result) == user_input
    assert hass.config_entries.async_entries(DOMAIN) == []

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {**user_input, CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"][CONF_CRY_SOURCES] == [CRY]
    assert len(mock_setup_entry.mock_calls) == 1


async def test_sensor_known_only_to_the_registry(hass: HomeAssistant) -> None:
    registry = er.async_get(hass)
    with_unit = registry.async_get_or_create("sensor", "monitor", "level", unit_of_measurement="dB")
    without_facts = registry.async_get_or_create("sensor", "monitor", "status")
    result = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: [without_facts.entity_id]},
    )

    assert result["errors"] == {CONF_CRY_SOURCES: "sensor_not_numeric"}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: [with_unit.entity_id]}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["options"][CONF_CRY_SOURCES] == [with_unit.entity_id]


@pytest.mark.parametrize("name", ["Mia", "mia", " MIA "])
async def test_same_child_twice_aborts(hass: HomeAssistant, name: str) -> None:
    add_child(hass, "Mia")
    result = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: name, CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_second_child_gets_its_own_entry(hass: HomeAssistant) -> None:
    add_child(hass, "Mia")
    result = await start_user_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Noah", CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


# --- Options flow ---------------------------------------------------------------------


def options_input(options: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Return what the options form sends for these options (a cleared field is left out)."""
    return {
        section_key: {
            option: options[option]
            for option in fields
            if options[option] is not None and options[option] != []
        }
        for section_key, fields in OPTION_SECTIONS.items()
    }


async def test_options_form_shows_every_option_in_sections(hass: HomeAssistant) -> None:
    entry = add_child(
        hass,
        options={CONF_FED_ENTITY: LAST_FEED, CONF_CUSTOM_NEEDS: ["room_temperature"]},
    )

    result = await hass.config_entries.options.async_init(entry.entry_id)

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    assert result["errors"] == {}
    assert suggested_values(result) == {
        **{
            section_key: {option: entry.options[option] for option in fields}
            for section_key, fields in OPTION_SECTIONS.items()
        },
        # No plan yet: the plan section offers none.
        SECTION_PLAN: {CONF_PLAN_METHOD: PLAN_NONE},
    }


async def test_options_flow_saves_every_option(hass: HomeAssistant) -> None:
    entry = add_child(hass)
    data = entry.data
    result = await hass.config_entries.options.async_init(entry.entry_id)
    new_options = {
        CONF_CRY_SOURCES: [CRY, SOUND_LEVEL],
        CONF_SOUND_ON: 65,
        CONF_SOUND_OFF: 50.5,
        CONF_FED_ENTITY: LAST_FEED,
        CONF_DRY_ENTITY: "input_boolean.nappy_dry",
        CONF_SAFE_ENTITY: "binary_sensor.baby_safe",
        CONF_FED_WINDOW: 2.5,
        CONF_DRY_WINDOW: 4,
        CONF_CUSTOM_NEEDS: ["room_temperature", " not_unwell ", ""],
        CONF_PRESENCE_ENTITIES: [DOOR, "input_boolean.simulate_crying"],
        CONF_NIGHT_START: "18:30:00",
        CONF_NIGHT_END: "6:45",
        CONF_WAITS: " 3,5 ,  10.5",
        CONF_CAP: 30,
        CONF_SETTLE: 2,
        CONF_MIN_CRY: 0,
        CONF_BIRTH_DATE: "2024-01-15",
        CONF_ALLOW_UNDER_16_WEEKS: True,
        CONF_PARENTS: [],
        CONF_ROTA: "alternate_nights",
        CONF_SPLIT: "02:30",
        CONF_ESCALATE_AFTER: 5,
        CONF_NAP_WAITS: "2,4, 6",
        CONF_NAP_CAP: 8,
        CONF_LONGEST_NAP: 150,
        CONF_SLEEP_ENTITY: "binary_sensor.cot_occupied",
        CONF_WAKE_WINDOWS: " 0:45-60;4 : 90 - 120 (3-4); 7: 150-210.5 ",
    }

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options_input(new_options)
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    expected = {
        **new_options,
        CONF_SPLIT: "02:30:00",
        CONF_ESCALATE_AFTER: 5.0,
        CONF_NOTIFY: {},
        CONF_SOUND_ON: 65.0,
        CONF_DRY_WINDOW: 4.0,
        CONF_CUSTOM_NEEDS: ["room_temperature", "not_unwell"],
        CONF_NIGHT_END: "06:45:00",
        CONF_WAITS: "3, 5, 10.5",
        CONF_CAP: 30.0,
        CONF_SETTLE: 2.0,
        CONF_MIN_CRY: 0.0,
        CONF_NAP_WAITS: "2, 4, 6",
        CONF_NAP_CAP: 8.0,
        CONF_LONGEST_NAP: 150.0,
        # Written back the way the form reads it.
        CONF_WAKE_WINDOWS: "0: 45-60; 4: 90-120 (3-4); 7: 150-210.5",
    }
    assert result["data"] == expected
    assert entry.options == expected
    assert entry.data == data


async def test_clearing_optional_fields_stores_them_empty(hass: HomeAssistant) -> None:
    entry = add_child(
        hass,
        options={
            CONF_FED_ENTITY: "input_datetime.last_feed",
            CONF_DRY_ENTITY: "input_boolean.nappy_dry",
            CONF_SAFE_ENTITY: "binary_sensor.baby_safe",
            CONF_PRESENCE_ENTITIES: [DOOR],
            CONF_CUSTOM_NEEDS: ["room_temperature"],
            CONF_BIRTH_DATE: "2024-01-15",
        },
    )
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(dict(entry.options))
    # The family clears the fed input and the birth date, and removes every presence
    # sensor and extra need; the frontend leaves cleared fields out.
    del form["needs"][CONF_FED_ENTITY]
    del form["needs"][CONF_CUSTOM_NEEDS]
    del form["nursery"][CONF_PRESENCE_ENTITIES]
    del form["child"][CONF_BIRTH_DATE]

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_FED_ENTITY] is None
    assert entry.options[CONF_DRY_ENTITY] == "input_boolean.nappy_dry"
    assert entry.options[CONF_SAFE_ENTITY] == "binary_sensor.baby_safe"
    assert entry.options[CONF_PRESENCE_ENTITIES] == []
    assert entry.options[CONF_CUSTOM_NEEDS] == []
    assert entry.options[CONF_BIRTH_DATE] is None


async def test_options_accept_registry_ids_and_registry_only_timestamps(
    hass: HomeAssistant,
) -> None:
    registry = er.async_get(hass)
    last_change = registry.async_get_or_create(
        "sensor", "baby_buddy", "last_change", original_device_class="timestamp"
    )
    door = registry.async_get_or_create("binary_sensor", "zigbee", "nursery_door")
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(dict(entry.options))
    form["needs"][CONF_DRY_ENTITY] = last_change.id
    form["nursery"][CONF_PRESENCE_ENTITIES] = [door.id]

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_DRY_ENTITY] == last_change.entity_id
    assert entry.options[CONF_PRESENCE_ENTITIES] == [door.entity_id]


async def test_registry_only_sensor_that_is_no_timestamp(hass: HomeAssistant) -> None:
    registry = er.async_get(hass)
    temperature = registry.async_get_or_create(
        "sensor", "thermometer", "nursery", original_device_class="temperature"
    )
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(dict(entry.options))
    form["needs"][CONF_SAFE_ENTITY] = temperature.entity_id

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["errors"] == {"needs": "sensor_not_timestamp"}


@pytest.mark.parametrize(
    ("section_key", "changes", "error", "placeholders"),
    [
        ("cry", {CONF_CRY_SOURCES: []}, "cry_source_required", {}),
        ("cry", {CONF_CRY_SOURCES: ["binary_sensor.missing"]}, "entity_not_found", {}),
        ("cry", {CONF_CRY_SOURCES: ["light.nursery"]}, "wrong_domain", {}),
        ("cry", {CONF_CRY_SOURCES: ["sensor.monitor_status"]}, "sensor_not_numeric", {}),
        ("cry", {CONF_SOUND_ON: 40.0, CONF_SOUND_OFF: 45.0}, "thresholds_reversed", {}),
        ("cry", {CONF_SOUND_ON: 45.0, CONF_SOUND_OFF: 45.0}, "thresholds_reversed", {}),
        ("cry", {CONF_SOUND_ON: math.nan}, "thresholds_reversed", {}),
        ("needs", {CONF_FED_ENTITY: "switch.nursery_fan"}, "wrong_domain", {}),
        ("needs", {CONF_FED_ENTITY: "sensor.room_temperature"}, "sensor_not_timestamp", {}),
        ("needs", {CONF_DRY_ENTITY: "input_boolean.missing"}, "entity_not_found", {}),
        ("needs", {CONF_FED_WINDOW: 0.0}, "need_window_invalid", {"need": "fed"}),
        ("needs", {CONF_DRY_WINDOW: -1.0}, "need_window_invalid", {"need": "dry"}),
        ("needs", {CONF_CUSTOM_NEEDS: ["Room Temp"]}, "need_name_invalid", {"need": "Room Temp"}),
        ("needs", {CONF_CUSTOM_NEEDS: ["fed"]}, "need_name_taken", {"need": "fed"}),
        ("needs", {CONF_CUSTOM_NEEDS: ["warm", "warm"]}, "need_name_taken", {"need": "warm"}),
        ("nursery", {CONF_PRESENCE_ENTITIES: [LAST_FEED]}, "wrong_domain", {}),
        ("nursery", {CONF_PRESENCE_ENTITIES: ["binary_sensor.gone"]}, "entity_not_found", {}),
        (
            "schedule",
            {CONF_NIGHT_START: "20:00:00", CONF_NIGHT_END: "20:00:00"},
            "night_window_empty",
            {"time": "20:00"},
        ),
        ("schedule", {CONF_WAITS: "5, ten"}, "waits_invalid", {}),
        ("schedule", {CONF_WAITS: "5,,10"}, "waits_invalid", {}),
        ("schedule", {CONF_WAITS: "5, 0"}, "waits_invalid", {}),
        ("schedule", {CONF_WAITS: "nan"}, "waits_invalid", {}),
        ("schedule", {CONF_WAITS: "inf"}, "waits_invalid", {}),
        ("schedule", {CONF_CAP: 31.0}, "cap_too_long", {"cap": "31", "maximum": "30"}),
        ("schedule", {CONF_CAP: 0.0}, "cap_invalid", {}),
        ("schedule", {CONF_CAP: math.inf}, "option_invalid", {"option": "cap"}),
        ("schedule", {CONF_SETTLE: 0.0}, "settle_invalid", {}),
        ("schedule", {CONF_MIN_CRY: -1.0}, "min_cry_invalid", {}),
        ("naps", {CONF_NAP_WAITS: "3, five"}, "nap_waits_invalid", {}),
        ("naps", {CONF_NAP_WAITS: "3, 0"}, "nap_waits_invalid", {}),
        ("naps", {CONF_NAP_CAP: 0.0}, "nap_cap_invalid", {}),
        ("naps", {CONF_NAP_CAP: 31.0}, "nap_cap_too_long", {"cap": "31", "maximum": "30"}),
        (
            "naps",
            {CONF_LONGEST_NAP: 0.0},
            "longest_nap_invalid",
            {"minutes": "0", "maximum": "720"},
        ),
        ("naps", {CONF_SLEEP_ENTITY: "light.nursery"}, "wrong_domain", {}),
        ("naps", {CONF_SLEEP_ENTITY: "binary_sensor.gone"}, "entity_not_found", {}),
        ("naps", {CONF_WAKE_WINDOWS: "0: 45 to 60"}, "wake_windows_format", {}),
        ("naps", {CONF_WAKE_WINDOWS: "0: 45-60;"}, "wake_windows_format", {}),
        ("naps", {CONF_WAKE_WINDOWS: "3: 45-60"}, "wake_windows_order", {"row": "1"}),
        ("naps", {CONF_WAKE_WINDOWS: "0: 45-60; 0: 60-90"}, "wake_windows_order", {"row": "2"}),
        (
            "naps",
            {CONF_WAKE_WINDOWS: "0: 60-45"},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
        (
            "naps",
            {CONF_WAKE_WINDOWS: "0: 45-60 (4-2)"},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
    ],
)
async def test_options_flow_refuses_invalid_input(
    hass: HomeAssistant,
    section_key: str,
    changes: dict[str, Any],
    error: str,
    placeholders: dict[str, str],
) -> None:
    entry = add_child(hass)
    stored = dict(entry.options)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(stored)
    form[section_key].update(changes)

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {section_key: error}
    # The texts name the core's limits, such as the longest cap, as well.
    assert result["description_placeholders"] == {"max_cap": "30", **placeholders}
    # Compared as JSON, in which a number that is not a number equals itself.
    assert json.dumps(suggested_values(result)[section_key], sort_keys=True) == json.dumps(
        form[section_key], sort_keys=True
    )
    assert entry.options == stored

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options_input(stored)
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == stored


async def test_options_flow_reports_errors_of_several_sections(hass: HomeAssistant) -> None:
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(dict(entry.options))
    form["cry"][CONF_CRY_SOURCES] = ["light.nursery"]
    form["cry"][CONF_SOUND_ON] = 10
    form["needs"][CONF_FED_ENTITY] = "switch.nursery_fan"
    form["schedule"][CONF_CAP] = 45

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["errors"] == {
        "cry": "wrong_domain",
        "needs": "wrong_domain",
        "schedule": "cap_too_long",
    }


async def test_broken_time_zone_is_a_base_error(hass: HomeAssistant) -> None:
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    hass.config.time_zone = "Nowhere/Atlantis"

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], options_input(dict(entry.options))
    )

    assert result["errors"] == {"base": "time_zone_invalid"}
    assert result["description_placeholders"] == {"max_cap": "30", "time_zone": "Nowhere/Atlantis"}


# --- Reconfigure ----------------------------------------------------------------------


async def start_reconfigure(hass: HomeAssistant, entry: ConfigEntry) -> FlowResult[Any, Any]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    return result


async def test_reconfigure_changes_the_child(
    hass: HomeAssistant, mock_setup_entry: AsyncMock
) -> None:
    entry = add_child(hass, options={CONF_CAP: 20.0, CONF_CUSTOM_NEEDS: ["warm"]})
    result = await start_reconfigure(hass, entry)
    assert suggested_values(result) == {
        CONF_CHILD_NAME: "Mia",
        CONF_BIRTH_DATE: None,
        CONF_ALLOW_UNDER_16_WEEKS: False,
        CONF_CRY_SOURCES: [CRY],
    }

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {
            CONF_CHILD_NAME: " Mia  Rose",
            CONF_BIRTH_DATE: "2024-02-29",
            CONF_ALLOW_UNDER_16_WEEKS: True,
            CONF_CRY_SOURCES: [SOUND_LEVEL],
        },
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Mia Rose"
    # The child's identity stays through a rename.
    assert entry.unique_id == "mia"
    assert entry.data == {CONF_CHILD_NAME: "Mia Rose", CONF_CHILD_ID: "mia"}
    assert entry.options == with_defaults(
        {
            CONF_CAP: 20.0,
            CONF_CUSTOM_NEEDS: ["warm"],
            CONF_BIRTH_DATE: "2024-02-29",
            CONF_ALLOW_UNDER_16_WEEKS: True,
            CONF_CRY_SOURCES: [SOUND_LEVEL],
        }
    )
    # The entry is reloaded with its new settings.
    assert len(mock_setup_entry.mock_calls) == 1


async def test_reconfigure_leaves_the_reload_to_a_loaded_entry(
    hass: HomeAssistant, mock_setup_entry: AsyncMock, caplog: pytest.LogCaptureFixture
) -> None:
    entry = add_child(hass)
    # A loaded entry listens for its updates and reloads itself.
    listener = AsyncMock()
    entry.add_update_listener(listener)
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mia Rose", CONF_CRY_SOURCES: [SOUND_LEVEL]}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Mia Rose"
    assert entry.unique_id == "mia"
    assert entry.options[CONF_CRY_SOURCES] == [SOUND_LEVEL]
    listener.assert_awaited_once_with(hass, entry)
    # Reloaded once, by the listener, and not a second time by the flow.
    assert mock_setup_entry.mock_calls == []
    assert "update listener" not in caplog.text


async def test_reconfigure_clears_the_birth_date_and_keeps_the_name(
    hass: HomeAssistant,
) -> None:
    entry = add_child(hass, options={CONF_BIRTH_DATE: "2024-01-15"})
    add_child(hass, "Noah")
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "MIA", CONF_CRY_SOURCES: [CRY]}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "MIA"
    assert entry.unique_id == "mia"
    assert entry.options[CONF_BIRTH_DATE] is None


async def test_reconfigure_ignores_an_entity_that_went_away_elsewhere(
    hass: HomeAssistant,
) -> None:
    # The presence sensor was removed since it was picked; the runtime copes with that,
    # and the options flow shows it. Renaming the child still works.
    entry = add_child(hass, options={CONF_PRESENCE_ENTITIES: ["binary_sensor.old_door"]})
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mila", CONF_CRY_SOURCES: [CRY]}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.title == "Mila"
    assert entry.options[CONF_PRESENCE_ENTITIES] == ["binary_sensor.old_door"]


@pytest.mark.parametrize("name", ["Noah", " noah "])
async def test_reconfigure_to_the_name_of_another_child_aborts(
    hass: HomeAssistant, name: str
) -> None:
    entry = add_child(hass, "Mia")
    add_child(hass, "Noah")
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: name, CONF_CRY_SOURCES: [CRY]}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert entry.title == "Mia"
    assert entry.unique_id == "mia"


@pytest.mark.parametrize(
    ("user_input", "errors"),
    [
        ({CONF_CHILD_NAME: "  ", CONF_CRY_SOURCES: [CRY]}, {CONF_CHILD_NAME: "name_required"}),
        (
            {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: ["light.nursery"]},
            {CONF_CRY_SOURCES: "wrong_domain"},
        ),
        (
            {CONF_CHILD_NAME: "", CONF_CRY_SOURCES: []},
            {CONF_CHILD_NAME: "name_required", CONF_CRY_SOURCES: "cry_source_required"},
        ),
    ],
)
async def test_reconfigure_refuses_invalid_input(
    hass: HomeAssistant, user_input: dict[str, Any], errors: dict[str, str]
) -> None:
    entry = add_child(hass)
    stored = dict(entry.options)
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)

    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert suggested_values(result) == {**user_input, CONF_ALLOW_UNDER_16_WEEKS: False}
    assert entry.title == "Mia"
    assert entry.options == stored

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: [CRY]}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_reconfigure_shows_a_broken_stored_option_as_base_error(
    hass: HomeAssistant,
) -> None:
    entry = add_child(hass, options={CONF_CAP: 40.0})
    result = await start_reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mia", CONF_CRY_SOURCES: [CRY]}
    )

    assert result["errors"] == {"base": "cap_too_long"}
    assert result["description_placeholders"] == {"cap": "40", "maximum": "30"}
    assert entry.options[CONF_CAP] == 40.0


# --- Forms and translations -----------------------------------------------------------


def test_every_option_has_a_field_and_a_place() -> None:
    placed = [option for fields in OPTION_SECTIONS.values() for option in fields]
    # How to notify each parent has a step of its own.
    on_forms = DEFAULT_OPTIONS.keys() - {CONF_NOTIFY}
    assert sorted(placed) == sorted(on_forms)
    # The plan section's fields describe a plan to start; they are not stored as options.
    assert SELECTORS.keys() == on_forms | set(PLAN_FIELDS)
    assert FORM_VALUES.keys() == on_forms


def test_every_error_has_a_translation() -> None:
    strings = load_strings()
    errors = FLOW_ERRORS | set(ConfigError.messages) | set(NapConfigError.messages)
    assert strings["config"]["error"].keys() == errors | {"name_required"}
    plan_errors = set(PlanError.messages) | {"plan_start_over", "plan_child_not_loaded"}
    assert strings["options"]["error"].keys() == errors | {"notify_not_found"} | plan_errors


def test_every_field_is_labelled_and_described() -> None:
    strings = load_strings()
    for step_id in ("user", "reconfigure"):
        step = strings["config"]["step"][step_id]
        fields = {CONF_CHILD_NAME, *CHILD_STEP_OPTIONS}
        assert step["data"].keys() == fields
        assert step["data_description"].keys() == fields
    sections = strings["options"]["step"]["init"]["sections"]
    assert sections.keys() == {*OPTION_SECTIONS, SECTION_PLAN}
    for section_key, fields in {**OPTION_SECTIONS, SECTION_PLAN: PLAN_FIELDS}.items():
        assert sections[section_key]["name"]
        assert sections[section_key]["data"].keys() == set(fields)
        assert sections[section_key]["data_description"].keys() == set(fields)


def test_every_abort_has_a_translation() -> None:
    aborts = load_strings()["config"]["abort"]
    assert aborts.keys() >= {"already_configured", "reconfigure_successful"}


async def test_options_ask_how_to_notify_each_parent(hass: HomeAssistant) -> None:
    hass.states.async_set("person.ana", "home", {"friendly_name": "Ana"})
    hass.states.async_set("person.ben", "home", {"friendly_name": "Ben"})
    hass.services.async_register("notify", "mobile_app_ana", lambda call: None)
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input(
        {**entry.options, CONF_PARENTS: ["person.ana", "person.ben"], CONF_ROTA: "split_night"}
    )

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "notify"
    assert result["description_placeholders"] == {"parents": "person.ana, person.ben"}

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"person.ana": "notify.nobody"}
    )
    assert result["errors"] == {"person.ana": "notify_not_found"}
    assert entry.options[CONF_PARENTS] == []

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"person.ana": "notify.mobile_app_ana"}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_PARENTS] == ["person.ana", "person.ben"]
    assert entry.options[CONF_NOTIFY] == {"person.ana": "notify.mobile_app_ana"}


async def test_a_parent_must_exist(hass: HomeAssistant) -> None:
    entry = add_child(hass)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    form = options_input({**entry.options, CONF_PARENTS: ["person.ghost"]})

    result = await hass.config_entries.options.async_configure(result["flow_id"], form)

    assert result["errors"] == {"household": "entity_not_found"}
    assert entry.options[CONF_PARENTS] == []
