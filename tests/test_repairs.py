"""Repair issues: a cry source silent at night, and a needs entity that was deleted."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.health import need_issue_id, source_issue_id
from custom_components.sleep_coach.options import CONF_CRY_SOURCES, CONF_FED_ENTITY
from custom_components.sleep_coach.repairs import NeedEntityFixFlow, async_create_fix_flow

from .conftest import CRY_SOURCE
from .test_night import move_to, set_state

LAST_FEED = "input_datetime.last_feed"
OTHER_SOURCE = "binary_sensor.hall_monitor"


async def test_a_cry_source_silent_at_night_raises_an_issue_until_it_is_back(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    loaded_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="custom_components.sleep_coach")
    issue_id = source_issue_id(loaded_entry.entry_id, CRY_SOURCE)
    # Unavailable in the evening: the first check falls in daytime, the next at night.
    await move_to(hass, evening, "2024-06-01 18:45")
    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)
    await move_to(hass, evening, "2024-06-01 18:55")
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    await move_to(hass, evening, "2024-06-01 19:05")

    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_placeholders == {"child": "Mia", "entity": CRY_SOURCE, "minutes": "10"}

    await set_state(hass, CRY_SOURCE, "off")
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    # Logged once when it went, once when it came back.
    assert caplog.text.count(f"cry source {CRY_SOURCE} is unavailable") == 1
    assert caplog.text.count(f"cry source {CRY_SOURCE} is back") == 1


async def test_a_source_removed_from_the_options_takes_its_issue_along(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    loaded_entry: MockConfigEntry,
) -> None:
    await move_to(hass, evening, "2024-06-01 21:00")
    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)
    await move_to(hass, evening, "2024-06-01 21:11")
    issue_id = source_issue_id(loaded_entry.entry_id, CRY_SOURCE)
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None

    hass.states.async_set(OTHER_SOURCE, "off")
    hass.config_entries.async_update_entry(
        loaded_entry, options={**loaded_entry.options, CONF_CRY_SOURCES: [OTHER_SOURCE]}
    )
    await hass.async_block_till_done()

    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_removing_the_child_removes_every_issue_of_it(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    options: dict[str, Any],
) -> None:
    # A needs entity missing, and the cry source silent at night.
    entry = await set_up_fed_from(hass, options, LAST_FEED)
    await move_to(hass, evening, "2024-06-01 21:11")
    other = MockConfigEntry(domain=DOMAIN, title="Leo", unique_id="leo", options=options)
    other.add_to_hass(hass)
    assert await hass.config_entries.async_setup(other.entry_id)
    await hass.async_block_till_done()
    await move_to(hass, evening, "2024-06-01 21:22")
    assert {issue_id for _, issue_id in issue_registry.issues} == {
        need_issue_id(entry.entry_id, "fed"),
        source_issue_id(entry.entry_id, CRY_SOURCE),
        source_issue_id(other.entry_id, CRY_SOURCE),
    }

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()

    assert {issue_id for _, issue_id in issue_registry.issues} == {
        source_issue_id(other.entry_id, CRY_SOURCE)
    }


async def test_a_short_outage_raises_nothing(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    loaded_entry: MockConfigEntry,
) -> None:
    await move_to(hass, evening, "2024-06-01 21:00")
    await set_state(hass, CRY_SOURCE, STATE_UNAVAILABLE)
    await set_state(hass, CRY_SOURCE, "unknown")  # still silent: one check only
    await move_to(hass, evening, "2024-06-01 21:05")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 21:20")

    assert not issue_registry.issues


async def set_up_fed_from(
    hass: HomeAssistant, options: dict[str, Any], entity_id: str
) -> MockConfigEntry:
    """Set up Mia with her feeds read from `entity_id`."""
    entry = MockConfigEntry(
        domain=DOMAIN, title="Mia", unique_id="mia", options={**options, CONF_FED_ENTITY: entity_id}
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    return entry


async def delete_last_feed(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    entry: MockConfigEntry,
) -> str:
    """Delete the mapped "Last feed" entity; return the id of the issue that raises."""
    entity_registry.async_remove(LAST_FEED)
    hass.states.async_remove(LAST_FEED)
    await hass.async_block_till_done()
    issue_id = need_issue_id(entry.entry_id, "fed")
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    return issue_id


@pytest.fixture
async def mapped_entry(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
) -> MockConfigEntry:
    feed = entity_registry.async_get_or_create(
        "input_datetime", "input_datetime", "last_feed", suggested_object_id="last_feed"
    )
    assert feed.entity_id == LAST_FEED
    hass.states.async_set(LAST_FEED, "2024-06-01 18:00:00")
    hass.states.async_set(CRY_SOURCE, "off")
    entry = await set_up_fed_from(hass, options, LAST_FEED)
    await hass.async_block_till_done()
    return entry


async def test_a_deleted_needs_entity_has_a_fix_flow(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    mapped_entry: MockConfigEntry,
) -> None:
    issue_id = await delete_last_feed(hass, entity_registry, issue_registry, mapped_entry)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.is_fixable
    assert issue.data == {"entry_id": mapped_entry.entry_id, "need": "fed"}

    flow = await async_create_fix_flow(hass, issue_id, issue.data)
    flow.hass = hass
    result = await flow.async_step_init()
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "choose"

    result = await flow.async_step_choose({CONF_FED_ENTITY: "input_datetime.nothing"})
    assert result["errors"] == {CONF_FED_ENTITY: "entity_not_found"}
    assert mapped_entry.options[CONF_FED_ENTITY] == LAST_FEED

    # Left empty: back to Sleep Coach's own "log feed" button.
    result = await flow.async_step_choose({})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert mapped_entry.options[CONF_FED_ENTITY] is None
    assert hass.states.get("button.mia_log_feed") is not None


async def test_remapping_the_need_clears_its_issue(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    mapped_entry: MockConfigEntry,
) -> None:
    issue_id = await delete_last_feed(hass, entity_registry, issue_registry, mapped_entry)

    # Remapped in the options, not through the fix flow.
    hass.states.async_set("input_datetime.bottle", "2024-06-01 18:10:00")
    hass.config_entries.async_update_entry(
        mapped_entry, options={**mapped_entry.options, CONF_FED_ENTITY: "input_datetime.bottle"}
    )
    await hass.async_block_till_done()

    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


@pytest.mark.parametrize("comes_back", ["registry", "state"])
async def test_a_needs_entity_that_comes_back_clears_its_issue(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    mapped_entry: MockConfigEntry,
    comes_back: str,
) -> None:
    issue_id = await delete_last_feed(hass, entity_registry, issue_registry, mapped_entry)

    if comes_back == "registry":
        entity_registry.async_get_or_create(
            "input_datetime", "input_datetime", "last_feed", suggested_object_id="last_feed"
        )
    else:
        hass.states.async_set(LAST_FEED, "2024-06-01 18:00:00")
    await hass.async_block_till_done()

    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_a_needs_entity_missing_at_start_raises_the_issue(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    options: dict[str, Any],
) -> None:
    hass.states.async_set(CRY_SOURCE, "off")
    entry = await set_up_fed_from(hass, options, LAST_FEED)
    await hass.async_block_till_done()

    assert issue_registry.async_get_issue(DOMAIN, need_issue_id(entry.entry_id, "fed"))


async def test_the_fix_flow_of_a_removed_child_aborts(hass: HomeAssistant) -> None:
    flow = NeedEntityFixFlow("gone", "fed")
    flow.hass = hass

    result = await flow.async_step_init()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "child_removed"


async def test_an_issue_without_data_cannot_be_fixed(hass: HomeAssistant) -> None:
    with pytest.raises(ValueError, match="some_issue"):
        await async_create_fix_flow(hass, "some_issue", None)


async def test_other_registry_changes_are_ignored(
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    issue_registry: ir.IssueRegistry,
    mapped_entry: MockConfigEntry,
) -> None:
    entity_registry.async_update_entity(LAST_FEED, name="Last bottle")
    other = entity_registry.async_get_or_create("input_boolean", "input_boolean", "lamp")
    entity_registry.async_remove(other.entity_id)
    await hass.async_block_till_done()

    assert not issue_registry.issues
