"""What a child's config entry holds while it runs: its settings and its running parts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import callback

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

    from .health import Health
    from .household import Household
    from .runtime import ChildCoach
    from .settings import ChildSettings


@dataclass(frozen=True, slots=True)
class SleepCoachData:
    """The runtime data of one child's entry, built in `async_setup_entry`."""

    settings: ChildSettings
    child: ChildCoach
    household: Household
    health: Health

    @callback
    def async_start(self) -> None:
        """Start listening, the coach first: a cry reaches it before the health check."""
        self.child.async_start()
        self.household.async_start()
        self.health.async_start()

    async def async_stop(self) -> None:
        """Stop listening, and write the coach's state."""
        self.household.async_stop()
        self.health.async_stop()
        await self.child.async_stop()


type SleepCoachConfigEntry = ConfigEntry[SleepCoachData]


def loaded_entries(hass: HomeAssistant) -> list[SleepCoachConfigEntry]:
    """Return the entries of every child whose coach is running, in the order they were added."""
    return hass.config_entries.async_loaded_entries(DOMAIN)
