"""Runtime data the integration keeps per config entry (one entry per child)."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry


@dataclass(slots=True)
class SleepCoachData:
    """What a loaded entry holds in `entry.runtime_data`."""

    child_name: str


type SleepCoachConfigEntry = ConfigEntry[SleepCoachData]
