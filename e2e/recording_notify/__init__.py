"""A notify target for the end-to-end tests that records what it is sent.

Set up with `recording_notify:` in configuration.yaml, it registers `notify.recording_phone`.
Each call is kept on `sensor.recording_phone_last`: the state counts the calls, the
attributes hold the last call's title, message and action-button titles, for a test to read
over the REST API. Test-only: never installed outside a throw-away config folder.
"""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

DOMAIN = "recording_notify"
SERVICE = "recording_phone"
ENTITY_ID = "sensor.recording_phone_last"

CONFIG_SCHEMA = cv.empty_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register notify.recording_phone."""
    calls = 0

    @callback
    def record(call: ServiceCall) -> None:
        nonlocal calls
        calls += 1
        data: dict[str, Any] = dict(call.data.get("data") or {})
        hass.states.async_set(
            ENTITY_ID,
            str(calls),
            {
                "title": call.data.get("title"),
                "message": call.data.get("message"),
                "actions": [action.get("title") for action in data.get("actions", [])],
                "tag": data.get("tag"),
            },
        )

    hass.services.async_register("notify", SERVICE, record)
    return True
