"""The parent on duty, notifications with actions, answers from phones and escalation."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, ServiceCall, State
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_mock_service,
    mock_restore_cache,
)

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.options import (
    CONF_ESCALATE_AFTER,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_ROTA,
)

from .conftest import CRY_SOURCE
from .test_night import COACH_STATE, meet_every_need, move_to, press, set_state, state_of

ANA = "person.ana"
BEN = "person.ben"
ON_DUTY = "select.mia_parent_on_duty"


@pytest.fixture
def calls(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """Capture the notifications each parent's phone gets."""
    return {
        ANA: async_mock_service(hass, "notify", "mobile_app_ana"),
        BEN: async_mock_service(hass, "notify", "mobile_app_ben"),
    }


async def set_up(hass: HomeAssistant, options: dict[str, Any], **changes: Any) -> MockConfigEntry:
    hass.states.async_set(ANA, "home", {"friendly_name": "Ana"})
    hass.states.async_set(BEN, "home", {"friendly_name": "Ben"})
    hass.states.async_set(CRY_SOURCE, "off")
    household = {
        CONF_PARENTS: [ANA, BEN],
        CONF_NOTIFY: {ANA: "notify.mobile_app_ana", BEN: "notify.mobile_app_ben"},
        CONF_ESCALATE_AFTER: 3.0,
    }
    entry = MockConfigEntry(
        domain=DOMAIN, title="Mia", unique_id="mia", options=options | household | changes
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


async def check_in_due(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Meet every need, then cry from 20:00 until the check-in falls due at 20:05."""
    await meet_every_need(hass)
    await move_to(hass, freezer, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:05:20")
    assert state_of(hass, COACH_STATE) == "check_in_due"


async def choose(hass: HomeAssistant, name: str) -> None:
    await hass.services.async_call(
        "select", "select_option", {ATTR_ENTITY_ID: ON_DUTY, "option": name}, blocking=True
    )


async def test_the_parent_on_duty_gets_the_call_with_both_buttons(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    calls: dict[str, list[ServiceCall]],
) -> None:
    entry = await set_up(hass, options)
    select = hass.states.get(ON_DUTY)
    assert select is not None
    assert select.attributes["options"] == ["Ana", "Ben"]
    await choose(hass, "Ben")

    await check_in_due(hass, evening)

    assert calls[ANA] == []
    (call,) = calls[BEN]
    assert call.data["message"] == "Mia is still crying: time for a check-in"
    actions = [action["action"] for action in call.data["data"]["actions"]]
    assert actions == [
        f"SLEEP_COACH_GOING_IN_{entry.entry_id}",
        f"SLEEP_COACH_MORE_TIME_{entry.entry_id}",
    ]

    # "Give a few more minutes" from the phone: the next wait (10 min) starts.
    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": f"SLEEP_COACH_MORE_TIME_{entry.entry_id}"}
    )
    await hass.async_block_till_done()
    assert state_of(hass, COACH_STATE) == "self_soothing"

    # No escalation after a parent answered.
    await move_to(hass, evening, "2024-06-01 20:09")
    assert calls[ANA] == []


async def test_an_unmet_need_offers_no_more_time_and_going_in_marks_a_visit(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    calls: dict[str, list[ServiceCall]],
) -> None:
    entry = await set_up(hass, options)
    await choose(hass, "Ana")
    await press(hass, "button.mia_log_feed")
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:00:20")

    (call,) = calls[ANA]
    assert call.data["message"] == ("Mia needs you: nappy not changed recently, not marked safe")
    assert [action["title"] for action in call.data["data"]["actions"]] == ["I'm going in"]

    hass.bus.async_fire(
        "mobile_app_notification_action", {"action": f"SLEEP_COACH_GOING_IN_{entry.entry_id}"}
    )
    await hass.async_block_till_done()
    assert state_of(hass, COACH_STATE) == "attending"


async def test_the_others_are_called_when_nobody_reacts(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    calls: dict[str, list[ServiceCall]],
) -> None:
    await set_up(hass, options)
    await choose(hass, "Ana")
    await check_in_due(hass, evening)
    assert len(calls[ANA]) == 1
    assert calls[BEN] == []

    await move_to(hass, evening, "2024-06-01 20:08:30")

    (call,) = calls[BEN]
    assert call.data["message"] == (
        "Mia is still crying: time for a check-in (no answer from the parent on duty)"
    )


async def test_nobody_on_duty_calls_everyone(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    calls: dict[str, list[ServiceCall]],
) -> None:
    await set_up(hass, options)
    assert state_of(hass, ON_DUTY) == "unknown"

    await check_in_due(hass, evening)

    assert len(calls[ANA]) == len(calls[BEN]) == 1


async def test_alternate_nights_put_a_parent_on_duty_at_night_start(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    await set_up(hass, options, **{CONF_ROTA: "alternate_nights"})
    first = state_of(hass, ON_DUTY)
    assert first in {"Ana", "Ben"}

    # The next night is the other parent's, from its start at 19:00.
    await move_to(hass, evening, "2024-06-02 18:59")
    assert state_of(hass, ON_DUTY) == first
    await move_to(hass, evening, "2024-06-02 19:00")
    assert state_of(hass, ON_DUTY) != first


async def test_the_choice_is_restored_after_a_restart(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    mock_restore_cache(hass, [State(ON_DUTY, "Ben")])

    await set_up(hass, options)

    assert state_of(hass, ON_DUTY) == "Ben"


async def test_a_missing_notify_service_is_skipped(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    ben = async_mock_service(hass, "notify", "mobile_app_ben")
    await set_up(hass, options)

    await check_in_due(hass, evening)

    # Ana's phone service is gone; Ben still hears about it.
    assert len(ben) == 1


async def test_no_household_no_select(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    assert hass.states.get(ON_DUTY) is None


async def test_other_phone_actions_are_ignored(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    calls: dict[str, list[ServiceCall]],
) -> None:
    await set_up(hass, options)
    await check_in_due(hass, evening)

    hass.bus.async_fire("mobile_app_notification_action", {"action": "OPEN_GARAGE"})
    await hass.async_block_till_done()

    assert state_of(hass, COACH_STATE) == "check_in_due"


async def test_a_person_without_a_name_shows_as_its_entity_id(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    await set_up(hass, options)
    hass.states.async_set(BEN, "home")
    await hass.config_entries.async_reload(hass.config_entries.async_entries(DOMAIN)[0].entry_id)
    await hass.async_block_till_done()

    select = hass.states.get(ON_DUTY)
    assert select is not None
    assert select.attributes["options"] == ["Ana", BEN]
