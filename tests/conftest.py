"""Shared fixtures for the Sleep Coach tests."""

from __future__ import annotations

import json
import os
from collections.abc import Generator
from datetime import datetime
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, PropertyMock, patch
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Imported before the `hass` fixture runs so the test plugin's own custom_components folder
# cannot shadow this integration.
import custom_components.sleep_coach  # noqa: F401
from custom_components.sleep_coach import event as coach_event
from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.identity import ENTRY_MINOR_VERSION, ENTRY_VERSION
from custom_components.sleep_coach.options import (
    CONF_BIRTH_DATE,
    CONF_CRY_SOURCES,
    with_defaults,
)
from custom_components.sleep_coach.transitions import EVENT_DATA_KEYS

LONDON = ZoneInfo("Europe/London")
CRY_SOURCE = "binary_sensor.nursery_cry"
SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_SNAPSHOTS = os.environ.get("SLEEP_COACH_UPDATE_SNAPSHOTS") == "1"


def local(text: str) -> datetime:
    """Return London wall-clock time such as "2024-06-01 20:00" as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components in every test."""


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Create the entities a family rarely needs enabled, as if the family had enabled them."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture(autouse=True)
def event_data_stays_out_of_the_recorder() -> Generator[None]:
    """Check that every key any test's events carried is one the recorder leaves out."""
    carried: set[str] = set()
    real = coach_event.event_data

    def recorded(*args: Any) -> dict[str, Any]:
        data = real(*args)
        carried.update(data)
        return data

    with patch.object(coach_event, "event_data", recorded):
        yield
    assert carried <= EVENT_DATA_KEYS, carried - EVENT_DATA_KEYS


@pytest.fixture
def options() -> dict[str, Any]:
    """Return the options of the test child: one on/off cry source, born long ago."""
    return with_defaults({CONF_CRY_SOURCES: [CRY_SOURCE], CONF_BIRTH_DATE: "2024-01-10"})


@pytest.fixture
def mock_config_entry(options: dict[str, Any]) -> MockConfigEntry:
    """Return the config entry of a child named Mia."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        version=ENTRY_VERSION,
        minor_version=ENTRY_MINOR_VERSION,
        data={CONF_CHILD_NAME: "Mia", CONF_CHILD_ID: "mia"},
        options=options,
    )


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep config flow tests from setting the entry up."""
    with patch("custom_components.sleep_coach.async_setup_entry", return_value=True) as mock_setup:
        yield mock_setup


@pytest.fixture
async def london(hass: HomeAssistant) -> None:
    """Put the test home in London, where the example nights are."""
    await hass.config.async_set_time_zone("Europe/London")


@pytest.fixture
async def evening(freezer: FrozenDateTimeFactory, london: None) -> FrozenDateTimeFactory:
    """Freeze time at 18:30 in London on 1 June 2024, before the night starts."""
    freezer.move_to(local("2024-06-01 18:30"))
    return freezer


@pytest.fixture
async def loaded_entry(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set the child up on a summer evening with a quiet cry source."""
    hass.states.async_set(CRY_SOURCE, "off")
    mock_config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    return mock_config_entry


def assert_matches_snapshot(name: str, data: Any) -> None:
    """Compare `data` with tests/snapshots/NAME.json.

    The snapshot is plain JSON, so it reads the same on every Home Assistant version; run
    with SLEEP_COACH_UPDATE_SNAPSHOTS=1 to write it after an intended change.
    """
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE_SNAPSHOTS:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with SLEEP_COACH_UPDATE_SNAPSHOTS=1"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text)
