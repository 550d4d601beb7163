"""Diagnostics redact who the child is and keep what explains the coach's decisions."""

from __future__ import annotations

import json
from typing import Any

from homeassistant.components.diagnostics import REDACTED
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
    get_diagnostics_for_device,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.options import (
    CONF_BIRTH_DATE,
    CONF_CRY_SOURCES,
    CONF_FED_ENTITY,
    CONF_NAP_WAITS,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_PRESENCE_ENTITIES,
    CONF_SLEEP_ENTITY,
)

from .conftest import CRY_SOURCE
from .test_night import meet_every_need


async def test_entry_and_device_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    device_registry: dr.DeviceRegistry,
    mock_config_entry: MockConfigEntry,
) -> None:
    # The real clock: the test client's access token must not look expired.
    hass.states.async_set(CRY_SOURCE, "off")
    loaded_entry = mock_config_entry
    loaded_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await meet_every_need(hass)

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, loaded_entry)
    (device,) = dr.async_entries_for_config_entry(device_registry, loaded_entry.entry_id)
    device_diagnostics = await get_diagnostics_for_device(hass, hass_client, loaded_entry, device)

    assert device_diagnostics == diagnostics
    text = json.dumps(diagnostics)
    assert "Mia" not in text
    assert "2024-01-10" not in text
    assert diagnostics["entry"]["title"] == "**REDACTED**"
    assert diagnostics["entry"]["options"]["birth_date"] == "**REDACTED**"
    assert diagnostics["status"]["reasons"] == []
    assert {need["state"] for need in diagnostics["checklist"].values()} == {"met"}
    assert diagnostics["sources"] == [
        {"role": "cry_source", "domain": "binary_sensor", "state": "off"}
    ]
    assert diagnostics["coach_state"]["signal"] == "quiet"
    assert diagnostics["naps"] == {
        "nap_waits_minutes": [3, 5, 7],
        "nap_cap_minutes": 10,
        "longest_nap_minutes": 180,
        "own_wake_windows": False,
    }
    assert diagnostics["entry"]["options"][CONF_NAP_WAITS] == "3, 5, 7"
    assert diagnostics["status"]["nap_under_way"] is False


async def test_diagnostics_name_no_person_phone_or_device(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    options: dict[str, Any],
) -> None:
    household = {
        CONF_PARENTS: ["person.anna", "person.ben"],
        CONF_NOTIFY: {"person.anna": "notify.mobile_app_annas_pixel"},
        CONF_FED_ENTITY: "input_datetime.annas_bottle_log",
        CONF_PRESENCE_ENTITIES: ["binary_sensor.mias_room_door"],
        CONF_SLEEP_ENTITY: "binary_sensor.mias_cot",
    }
    hass.states.async_set(CRY_SOURCE, "off")
    hass.states.async_set("input_datetime.annas_bottle_log", "2024-06-01 18:00:00")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        data={CONF_CHILD_NAME: "Mia", CONF_CHILD_ID: "mia"},
        options={**options, **household},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    text = json.dumps(diagnostics)
    for secret in ("anna", "person.ben", "pixel", "mias_room", "nursery", "Mia", "2024-01-10"):
        assert secret not in text
    redacted = {
        key
        for key, value in {**diagnostics["entry"], **diagnostics["entry"]["data"]}.items()
        if value == REDACTED
    } | {
        key
        for key, value in diagnostics["entry"]["options"].items()
        if REDACTED in json.dumps(value)
    }
    assert redacted == {
        "title",
        "unique_id",
        CONF_CHILD_NAME,
        CONF_CHILD_ID,
        CONF_BIRTH_DATE,
        CONF_PARENTS,
        CONF_NOTIFY,
        CONF_CRY_SOURCES,
        CONF_FED_ENTITY,
        CONF_PRESENCE_ENTITIES,
        CONF_SLEEP_ENTITY,
    }
    # What explains the decisions stays: the domains, roles and states.
    assert diagnostics["entry"]["options"][CONF_CRY_SOURCES] == [f"binary_sensor.{REDACTED}"]
    assert diagnostics["household"] == {"parents": 2, "reachable": 1, "someone_on_duty": False}
    assert [source["role"] for source in diagnostics["sources"]] == [
        "cry_source",
        "fed_entity",
        "presence",
        "sleep_state",
    ]
