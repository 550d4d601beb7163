"""What the fault tests share: recording the coach's transitions."""

from __future__ import annotations

from typing import Any

from homeassistant.core import Event, HomeAssistant, callback

from custom_components.sleep_coach.const import EVENT_TRANSITION


class Transitions:
    """Every transition the coach announces on the bus, in order."""

    def __init__(self, hass: HomeAssistant) -> None:
        self.events: list[dict[str, Any]] = []
        hass.bus.async_listen(EVENT_TRANSITION, self._record)

    @callback
    def _record(self, event: Event) -> None:
        self.events.append(dict(event.data))

    @property
    def kinds(self) -> list[str]:
        return [event["type"] for event in self.events]

    def of(self, kind: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == kind]
