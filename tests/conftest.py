"""Shared fixtures for the Sleep Coach tests."""

from __future__ import annotations

from collections.abc import Generator
from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Imported before the `hass` fixture runs so the test plugin's own custom_components folder
# cannot shadow this integration.
import custom_components.sleep_coach  # noqa: F401
from custom_components.sleep_coach.const import CONF_CHILD_NAME, DOMAIN


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load integrations from custom_components in every test."""


@pytest.fixture
def mock_config_entry() -> MockConfigEntry:
    """Return the config entry of a child named Mia."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        data={CONF_CHILD_NAME: "Mia"},
    )


@pytest.fixture
def mock_setup_entry() -> Generator[AsyncMock]:
    """Keep config flow tests from setting the entry up."""
    with patch("custom_components.sleep_coach.async_setup_entry", return_value=True) as mock_setup:
        yield mock_setup
