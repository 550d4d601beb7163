"""A child's identity is fixed when the child is added and survives a rename."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.plugins import RecorderInstanceContextManager

from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.identity import new_child_id
from custom_components.sleep_coach.long_term import statistic_id
from custom_components.sleep_coach.options import CONF_CRY_SOURCES

from .conftest import CRY_SOURCE
from .test_config_flow import start_reconfigure
from .test_long_term import read_rows, starts
from .test_night import meet_every_need, move_to
from .test_trends import self_soothe


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: RecorderInstanceContextManager) -> None:
    """Prepare the test recorder before `hass`, which conftest's autouse fixture requests."""


def old_entry(title: str, unique_id: str, **kwargs: Any) -> MockConfigEntry:
    """Return an entry as version 1.1 wrote it: the unique id is the name, casefolded."""
    return MockConfigEntry(
        domain=DOMAIN,
        title=title,
        unique_id=unique_id,
        version=1,
        minor_version=1,
        data={CONF_CHILD_NAME: title},
        options={CONF_CRY_SOURCES: [CRY_SOURCE]},
        **kwargs,
    )


@pytest.mark.parametrize(
    ("title", "unique_id", "identity"),
    [
        ("Léa Rose", "léa rose", "lea_rose"),
        # A name of symbols only slugified to "unknown"; version 1.1 used the entry id.
        ("☺", "☺", "01abc"),
    ],
)
async def test_an_entry_of_version_1_1_keeps_its_statistic_ids(
    hass: HomeAssistant, title: str, unique_id: str, identity: str
) -> None:
    hass.states.async_set(CRY_SOURCE, "off")
    entry = old_entry(title, unique_id, entry_id="01ABC")
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert (entry.version, entry.minor_version) == (1, 2)
    assert entry.data == {CONF_CHILD_NAME: title, CONF_CHILD_ID: identity}
    assert entry.unique_id == identity
    assert statistic_id(entry, "cry_minutes") == f"sleep_coach:{identity}_cry_minutes"


async def test_an_entry_of_a_newer_release_is_not_set_up(hass: HomeAssistant) -> None:
    entry = old_entry("Mia", "mia")
    entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(entry, version=2)

    assert not await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.MIGRATION_ERROR


@pytest.mark.parametrize(
    ("name", "taken", "identity"),
    [
        ("Léa Rose", [], "lea_rose"),
        ("☺", [], "child"),
        ("Mia", ["mia"], "mia_2"),
        ("Mia", ["mia", "mia_2"], "mia_3"),
    ],
)
def test_a_new_child_gets_an_unused_identity(
    hass: HomeAssistant, name: str, taken: list[str], identity: str
) -> None:
    for other in taken:
        MockConfigEntry(
            domain=DOMAIN, title=other, unique_id=other, data={CONF_CHILD_ID: other}
        ).add_to_hass(hass)
    assert new_child_id(hass, name) == identity


async def test_a_child_renamed_keeps_its_nights(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    entity_registry: er.EntityRegistry,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await meet_every_need(hass)
    await self_soothe(hass, evening, "2024-06-01")
    await move_to(hass, evening, "2024-06-02 07:00")
    entities = {
        entity.unique_id: entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    }

    result = await start_reconfigure(hass, loaded_entry)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_CHILD_NAME: "Mila", CONF_CRY_SOURCES: [CRY_SOURCE]}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert loaded_entry.title == "Mila"
    assert loaded_entry.state is ConfigEntryState.LOADED

    # The next night, under the new name.
    await move_to(hass, evening, "2024-06-02 18:45")
    await meet_every_need(hass)
    await self_soothe(hass, evening, "2024-06-02")
    await move_to(hass, evening, "2024-06-03 07:00")

    rows = await read_rows(hass)
    assert [night.day for night in starts(rows["sleep_coach:mia_cry_minutes"])] == [1, 2]
    assert loaded_entry.unique_id == "mia"
    assert {
        entity.unique_id: entity.entity_id
        for entity in er.async_entries_for_config_entry(entity_registry, loaded_entry.entry_id)
    } == entities
    # The stored coach came along: both nights are in its history.
    history = loaded_entry.runtime_data.child.coach.state.history
    assert [episode.night.day for episode in history] == [1, 2]
