"""An event entity firing on every transition of the coach, for automations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.event import EventEntity, EventEntityDescription

from .coach import (
    CheckInDue,
    Effect,
    EffectKind,
    EpisodeStarted,
    NeedsAttention,
    NightEnded,
    NightStarted,
    SelfSootheStarted,
    Settled,
    episode_json,
)
from .entity import SleepCoachEntity

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .runtime import SleepCoachConfigEntry

PARALLEL_UPDATES = 0

DESCRIPTION = EventEntityDescription(
    key="coach_event",
    translation_key="coach_event",
    event_types=[kind.value for kind in EffectKind],
)


def effect_data(effect: Effect, zone: ZoneInfo) -> dict[str, Any]:
    """Return the event data automations get: reasons, deadline, outcome as they apply."""
    data: dict[str, Any] = {"at": effect.at.astimezone(zone).isoformat()}
    match effect:
        case NeedsAttention(reasons=reasons):
            data["reasons"] = list(reasons)
        case SelfSootheStarted(deadline=deadline) | CheckInDue(deadline=deadline):
            data["deadline"] = deadline.astimezone(zone).isoformat()
        case EpisodeStarted(start=start):
            data["episode_start"] = start.astimezone(zone).isoformat()
        case Settled(episode=episode):
            data |= episode_json(episode, zone)
        case NightStarted(night=night) | NightEnded(night=night):
            data["night"] = night.isoformat()
    return data


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's event entity."""
    async_add_entities([CoachEventEntity(entry, DESCRIPTION)])


class CoachEventEntity(SleepCoachEntity, EventEntity):
    """Fires `episode_started`, `self_soothe_started`, `check_in_due`, ... as they happen."""

    _follows_status = False

    async def async_added_to_hass(self) -> None:
        """Follow the coach's transitions."""
        await super().async_added_to_hass()
        self.async_on_remove(self.child.async_add_effect_listener(self._async_effect))

    def _async_effect(self, effect: Effect) -> None:
        self._trigger_event(effect.kind.value, effect_data(effect, self.child.config.zone))
        self.async_write_ha_state()
