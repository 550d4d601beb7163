"""Sleep Coach's services, with good and bad data."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.coach import InputError
from custom_components.sleep_coach.const import DOMAIN

from .conftest import CRY_SOURCE, assert_matches_snapshot
from .test_night import COACH_STATE, move_to, set_state, state_of

NEEDS_MET = "binary_sensor.mia_needs_met"


async def call(hass: HomeAssistant, service: str, data: dict[str, Any]) -> Any:
    return await hass.services.async_call(
        DOMAIN,
        service,
        data,
        blocking=True,
        return_response=service == "get_nights",
    )


async def test_log_need_now_and_as_of_an_earlier_time(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    child = {"config_entry": loaded_entry.entry_id}
    await call(hass, "log_need", {**child, "need": "safe"})
    await call(hass, "log_need", {**child, "need": "fed", "time": "2024-06-01 16:00:00"})
    await call(hass, "log_need", {**child, "need": "dry", "met": False})
    await call(hass, "log_need", {**child, "need": "dry", "time": "2024-06-01T17:00:00+00:00"})

    needs = hass.states.get(NEEDS_MET)
    assert needs is not None
    assert needs.attributes["safe"]["status"] == "met"
    assert needs.attributes["fed"]["since"] == "2024-06-01T15:00:00+00:00"
    assert needs.attributes["fed"]["expires"] == "2024-06-01T18:00:00+00:00"
    assert needs.attributes["dry"]["since"] == "2024-06-01T17:00:00+00:00"


async def test_parent_arrived_and_left(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    child = {"config_entry": loaded_entry.entry_id}
    await move_to(hass, evening, "2024-06-01 21:00")
    await call(hass, "parent_arrived", child)
    assert state_of(hass, COACH_STATE) == "attending"
    await call(hass, "parent_left", child)
    assert state_of(hass, COACH_STATE) == "idle"


async def test_get_nights_returns_figures_and_episodes(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    child = {"config_entry": loaded_entry.entry_id}
    for need in ("fed", "dry", "safe"):
        await call(hass, "log_need", {**child, "need": need})
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:02")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 20:06")

    response = await call(hass, "get_nights", {**child, "nights": 2})

    assert_matches_snapshot("get_nights", response)
    assert response["episodes"][0]["outcome"] == "self_soothed"


@pytest.mark.parametrize(
    ("service", "data", "translation_key"),
    [
        ("log_need", {"need": "cuddled"}, "need_unknown"),
        ("log_need", {"need": "fed", "time": "2024-06-01 23:00:00"}, "need_in_future"),
        ("log_need", {"need": "fed", "time": "after lunch"}, "time_invalid"),
        ("get_nights", {"nights": 0}, "nights_invalid"),
        ("get_nights", {"nights": 15}, "nights_invalid"),
        ("get_nights", {"nights": "many"}, "nights_invalid"),
        ("parent_arrived", {"config_entry": "no-such-entry"}, "child_not_found"),
    ],
)
async def test_bad_data_is_refused_with_a_translated_error_and_changes_nothing(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    translation_key: str,
) -> None:
    await assert_refused(hass, loaded_entry, service, data, translation_key)


async def assert_refused(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    translation_key: str,
) -> None:
    """Call `service` for the child of `entry`; check the translated error, nothing changed."""
    before = entry.runtime_data.child.coach.state
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, service, {"config_entry": entry.entry_id, **data})

    assert caught.value.translation_key == translation_key
    assert caught.value.translation_domain == DOMAIN
    assert entry.runtime_data.child.coach.state == before


async def test_a_child_that_is_not_loaded_is_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()

    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, "parent_left", {"config_entry": loaded_entry.entry_id})

    assert caught.value.translation_key == "child_not_loaded"


@pytest.mark.parametrize(
    ("domain", "service", "entity_id"),
    [
        ("button", "press", "button.mia_log_feed"),
        ("switch", "turn_on", "switch.mia_safe"),
        ("switch", "turn_off", "switch.mia_safe"),
    ],
)
async def test_an_entity_action_the_coach_refuses_raises_a_translated_error(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, domain: str, service: str, entity_id: str
) -> None:
    coach = loaded_entry.runtime_data.child.coach
    before = coach.state
    refusal = InputError("need_in_future", need="fed", at="2024-06-01T19:00:00+01:00")
    with (
        patch.object(type(coach), "need", side_effect=refusal),
        pytest.raises(ServiceValidationError) as raised,
    ):
        await hass.services.async_call(domain, service, {"entity_id": entity_id}, blocking=True)

    assert raised.value.translation_domain == DOMAIN
    assert raised.value.translation_key == "need_in_future"
    assert raised.value.translation_placeholders == {
        "child": "Mia",
        "needs": "fed, dry, safe",
        "need": "fed",
        "at": "2024-06-01T19:00:00+01:00",
    }
    assert coach.state == before
