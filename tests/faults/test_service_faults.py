"""Every service with malformed data: a clear error, and the coach's state unchanged.

(Known-bad needs, future and unreadable times, 0/15/"many" nights and an unknown entry are in
tests/test_services.py; invalid config, options and reconfigure input in
tests/test_config_flow.py.)
"""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.compat import vol

from ..test_services import assert_refused, call

SERVICES = ["log_need", "parent_arrived", "parent_left", "get_nights"]


@pytest.mark.parametrize("service", SERVICES)
async def test_a_missing_child_is_a_schema_error(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, service: str
) -> None:
    before = loaded_entry.runtime_data.child.coach.state
    data = {"need": "fed"} if service == "log_need" else {}
    with pytest.raises(vol.Invalid):
        await call(hass, service, data)
    assert loaded_entry.runtime_data.child.coach.state == before


@pytest.mark.parametrize(
    ("service", "data"),
    [
        ("log_need", {}),
        ("log_need", {"need": "fed", "met": "perhaps"}),
        ("log_need", {"need": ["fed", "dry"]}),
        ("log_need", {"need": "fed", "surprise": 1}),
        ("parent_arrived", {"config_entry": 42}),
        ("parent_left", {"need": "fed"}),
        ("get_nights", {"nights": {"a": 1}}),
    ],
)
async def test_wrong_types_and_unknown_fields_are_schema_errors(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, service: str, data: dict[str, Any]
) -> None:
    before = loaded_entry.runtime_data.child.coach.state
    with pytest.raises(vol.Invalid):
        await call(hass, service, {"config_entry": loaded_entry.entry_id, **data})
    assert loaded_entry.runtime_data.child.coach.state == before


@pytest.mark.parametrize(
    ("service", "data", "translation_key"),
    [
        ("log_need", {"need": ""}, "need_unknown"),
        ("log_need", {"need": "FED"}, "need_unknown"),
        ("log_need", {"need": "fed", "time": "2024-02-30 10:00"}, "time_invalid"),
        ("log_need", {"need": "fed", "time": ""}, "time_invalid"),
        ("log_need", {"need": "fed", "time": "9999-12-31T23:59:59+00:00"}, "need_in_future"),
        ("log_need", {"need": "fed", "time": "2024-06-01T18:00:00+00:00"}, "need_in_future"),
        ("get_nights", {"nights": -1}, "nights_invalid"),
        ("get_nights", {"nights": "3.5"}, "nights_invalid"),
        ("get_nights", {"nights": ""}, "nights_invalid"),
    ],
)
async def test_bad_values_are_translated_errors(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    service: str,
    data: dict[str, Any],
    translation_key: str,
) -> None:
    await assert_refused(hass, loaded_entry, service, data, translation_key)


async def test_an_entry_of_another_integration_is_not_a_child(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    other = MockConfigEntry(domain="input_boolean", title="Other")
    other.add_to_hass(hass)
    before = loaded_entry.runtime_data.child.coach.state
    with pytest.raises((ServiceValidationError, vol.Invalid)) as caught:
        await call(hass, "parent_arrived", {"config_entry": other.entry_id})
    if isinstance(caught.value, ServiceValidationError):
        assert caught.value.translation_key == "child_not_found"
    assert loaded_entry.runtime_data.child.coach.state == before
