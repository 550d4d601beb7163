"""Fixtures for the coaching core's tests.

The core is plain Python, so its tests need no Home Assistant instance: this overrides the
suite-wide fixture that would start one for every test.
"""

import pytest


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Start no Home Assistant instance for the core's tests."""
