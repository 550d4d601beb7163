"""Sleep-training plans in Home Assistant: options, actions, entities, events and the store."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResult, FlowResultType
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN, EVENT_TRANSITION
from custom_components.sleep_coach.options import (
    CONF_PLAN_FIRST_NIGHT,
    CONF_PLAN_METHOD,
    CONF_PLAN_TABLE,
)
from custom_components.sleep_coach.store import STORAGE_MINOR_VERSION

from .conftest import CRY_SOURCE
from .test_config_flow import options_input, suggested_values
from .test_language import set_up_in
from .test_night import COACH_STATE, EVENTS, meet_every_need, move_to, set_state, state_of

PLAN = "sensor.mia_sleep_training_plan"
PLAN_NIGHT = "sensor.mia_plan_night"
ADHERENCE = "sensor.mia_last_night_as_planned"


async def call(hass: HomeAssistant, service: str, entry: MockConfigEntry, **data: Any) -> None:
    await hass.services.async_call(
        DOMAIN, service, {"config_entry": entry.entry_id, **data}, blocking=True
    )
    await hass.async_block_till_done()


def attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    state = hass.states.get(entity_id)
    assert state is not None
    return dict(state.attributes)


@pytest.fixture
def diary(hass: HomeAssistant) -> list[str]:
    lines: list[str] = []

    @callback
    def heard(event: Event) -> None:
        lines.append(f"{event.data['child']} {event.data['diary']}")

    hass.bus.async_listen(EVENT_TRANSITION, heard)
    return lines


async def cry_until_the_wait_ends(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, start: str, until: str
) -> str:
    """Cry from `start` (London time) and return the coach's state at `until`."""
    await move_to(hass, freezer, start)
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, until)
    return state_of(hass, COACH_STATE)


async def test_no_plan_at_first(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    assert state_of(hass, PLAN) == "none"
    assert state_of(hass, PLAN_NIGHT) == "unknown"
    assert attributes(hass, PLAN_NIGHT)["waits_minutes"] is None


async def test_a_graduated_plan_gives_each_waking_tonight_s_waits(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
    diary: list[str],
) -> None:
    await call(hass, "start_plan", loaded_entry, method="graduated")

    assert state_of(hass, PLAN) == "graduated"
    assert attributes(hass, PLAN)["first_night"] == "2024-06-01"
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 19:00")
    assert state_of(hass, PLAN_NIGHT) == "1"
    assert attributes(hass, PLAN_NIGHT)["waits_minutes"] == [3, 5, 10]
    assert attributes(hass, PLAN_NIGHT)["nights"] == 7
    assert "Mia is on night 1 of 7 of graduated waits: waits of 3, 5, 10 min" in diary
    assert attributes(hass, EVENTS)["event_type"] == "plan_night_started"

    # Night 1's first wait is 3 minutes, not the configured 5.
    assert await cry_until_the_wait_ends(
        hass, evening, "2024-06-01 20:00", "2024-06-01 20:03:10"
    ) == ("check_in_due")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-02 07:05")

    # The night is over: the plan is at night 2, and last night went to plan.
    assert state_of(hass, PLAN_NIGHT) == "2"
    assert attributes(hass, PLAN_NIGHT)["waits_minutes"] == [5, 10, 12]
    assert state_of(hass, ADHERENCE) == "100.0"
    # The nightly figures carry the plan too.
    response = await hass.services.async_call(
        DOMAIN,
        "get_nights",
        {"config_entry": loaded_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    plan = response["plan"]
    assert isinstance(plan, dict)
    assert plan["night"] == 2
    assert plan["nights_played"] == [
        {"night": "2024-06-01", "number": 1, "paused": False, "episodes": 1, "adherence": 1.0}
    ]


async def test_a_paused_night_does_not_advance_the_plan(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await call(hass, "start_plan", loaded_entry, method="graduated")
    await call(hass, "pause_plan", loaded_entry)
    assert attributes(hass, PLAN)["paused"] is True
    await move_to(hass, evening, "2024-06-02 07:05")
    assert state_of(hass, PLAN_NIGHT) == "1"

    await call(hass, "resume_plan", loaded_entry)
    await move_to(hass, evening, "2024-06-03 07:05")
    assert state_of(hass, PLAN_NIGHT) == "2"

    await call(hass, "repeat_plan_night", loaded_entry)
    assert state_of(hass, PLAN_NIGHT) == "1"
    await call(hass, "restart_plan", loaded_entry)
    assert state_of(hass, PLAN_NIGHT) == "1"
    assert attributes(hass, PLAN)["first_night"] == "2024-06-03"

    await call(hass, "end_plan", loaded_entry)
    assert state_of(hass, PLAN) == "none"


async def test_a_gradual_retreat_night_tells_the_parent_s_place(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, diary: list[str]
) -> None:
    await call(hass, "start_plan", loaded_entry, method="gradual_retreat")

    assert attributes(hass, PLAN_NIGHT)["position"] == "beside_cot"
    assert attributes(hass, PLAN_NIGHT)["waits_minutes"] is None


@pytest.mark.parametrize(
    ("data", "key", "placeholders"),
    [
        (
            {"method": "custom", "table": "3, 5; 10, 20"},
            "plan_wait_too_long",
            {"night": "2", "wait": "2", "minutes": "20", "cap": "15"},
        ),
        ({"method": "custom", "table": "3, x"}, "plan_option_invalid", {"option": "table"}),
        ({"method": "naps"}, "plan_option_invalid", {"option": "method"}),
        (
            {"method": "graduated", "first_night": "2024-05-30"},
            "plan_start_over",
            {"night": "2024-05-30", "earliest": "2024-06-01"},
        ),
    ],
)
async def test_a_plan_the_coach_refuses_changes_nothing(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    data: dict[str, str],
    key: str,
    placeholders: dict[str, str],
) -> None:
    with pytest.raises(ServiceValidationError) as raised:
        await call(hass, "start_plan", loaded_entry, **data)

    assert raised.value.translation_domain == DOMAIN
    assert raised.value.translation_key == key
    assert raised.value.translation_placeholders is not None
    assert placeholders.items() <= raised.value.translation_placeholders.items()
    assert state_of(hass, PLAN) == "none"


async def test_the_plan_survives_a_restart(
    hass: HomeAssistant, hass_storage: dict[str, Any], loaded_entry: MockConfigEntry
) -> None:
    await call(hass, "start_plan", loaded_entry, method="custom", table="2, 4; 6")

    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    assert state_of(hass, PLAN) == "custom"
    assert attributes(hass, PLAN_NIGHT)["waits_minutes"] == [2, 4]
    stored = hass_storage[f"{DOMAIN}.{loaded_entry.entry_id}"]
    assert stored["minor_version"] == STORAGE_MINOR_VERSION
    assert stored["data"]["state"]["plan"]["plan"]["method"] == "custom"


async def options_with_plan(
    hass: HomeAssistant, entry: MockConfigEntry, plan: dict[str, Any]
) -> FlowResult[Any, Any]:
    """Save the options as the form shows them, with the plan section set to `plan`."""
    result = await hass.config_entries.options.async_init(entry.entry_id)
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {**options_input(dict(entry.options)), "plan": plan}
    )


async def test_the_options_start_change_and_end_a_plan(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    result = await options_with_plan(
        hass, loaded_entry, {CONF_PLAN_METHOD: "custom", CONF_PLAN_TABLE: "3, 5; 10, 40"}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"plan": "plan_wait_too_long"}
    assert result["description_placeholders"]["night"] == "2"
    assert state_of(hass, PLAN) == "none"

    result = await options_with_plan(
        hass,
        loaded_entry,
        {CONF_PLAN_METHOD: "graduated", CONF_PLAN_FIRST_NIGHT: "2024-06-02"},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert state_of(hass, PLAN) == "graduated"
    assert attributes(hass, PLAN)["first_night"] == "2024-06-02"

    # The form shows the plan; saving it unchanged leaves it where it is.
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    assert suggested_values(result)["plan"] == {
        CONF_PLAN_METHOD: "graduated",
        CONF_PLAN_FIRST_NIGHT: "2024-06-02",
        CONF_PLAN_TABLE: "",
        "plan_advance_only_to_plan": False,
    }
    hass.config_entries.options.async_abort(result["flow_id"])

    result = await options_with_plan(hass, loaded_entry, {CONF_PLAN_METHOD: "none"})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert state_of(hass, PLAN) == "none"


async def test_a_plan_cannot_change_while_the_child_is_not_loaded(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    result = await hass.config_entries.options.async_init(loaded_entry.entry_id)
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {**options_input(dict(loaded_entry.options)), "plan": {CONF_PLAN_METHOD: "fixed"}},
    )

    assert result["errors"] == {"plan": "plan_child_not_loaded"}


async def test_a_call_on_a_plan_night_says_which_night_and_its_waits(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    entry, calls = await set_up_in(hass, "en", options)
    await call(hass, "start_plan", entry, method="graduated")

    # Every need unknown: a cry calls the parent at once.
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:00:30")

    (sent,) = calls
    assert sent.data["message"] == (
        "Mia needs you: not fed recently, nappy not changed recently, not marked safe"
        " · night 1 of 7 of graduated waits: waits of 3, 5, 10 min"
    )
