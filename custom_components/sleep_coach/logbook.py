"""The logbook reads a child's transitions as a night diary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import LOGBOOK_ENTRY_MESSAGE, LOGBOOK_ENTRY_NAME
from homeassistant.core import Event, HomeAssistant, callback

from .const import ATTR_CHILD, ATTR_DIARY, DOMAIN, EVENT_TRANSITION


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe transitions: "Mia cried, all needs met: giving 5 min to self-soothe"."""

    @callback
    def async_describe_transition(event: Event) -> dict[str, Any]:
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_CHILD],
            LOGBOOK_ENTRY_MESSAGE: event.data[ATTR_DIARY],
        }

    async_describe_event(DOMAIN, EVENT_TRANSITION, async_describe_transition)
