"""Buttons: log a feed or a nappy change, mark a parent going in or leaving, and naps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.components.button import (
    ButtonEntity,
    ButtonEntityDescription,
)
from homeassistant.const import Platform

from .entity import SleepCoachEntity, async_remove_stale_entities

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class SleepCoachButtonDescription(ButtonEntityDescription):
    """A button, what it tells the coach, and the need it logs (if any)."""

    press_fn: Callable[[ChildCoach], None]
    need: str | None = None


BUTTONS: tuple[SleepCoachButtonDescription, ...] = (
    SleepCoachButtonDescription(
        key="log_feed",
        translation_key="log_feed",
        need="fed",
        press_fn=lambda child: child.log_need("fed", met=True),
    ),
    SleepCoachButtonDescription(
        key="log_diaper_change",
        translation_key="log_diaper_change",
        need="dry",
        press_fn=lambda child: child.log_need("dry", met=True),
    ),
    SleepCoachButtonDescription(
        key="parent_arrived",
        translation_key="parent_arrived",
        press_fn=lambda child: child.parent_arrived(),
    ),
    SleepCoachButtonDescription(
        key="parent_left",
        translation_key="parent_left",
        press_fn=lambda child: child.parent_left(),
    ),
    SleepCoachButtonDescription(
        key="nap_started",
        translation_key="nap_started",
        press_fn=lambda child: child.nap_started(),
    ),
    SleepCoachButtonDescription(
        key="nap_ended",
        translation_key="nap_ended",
        press_fn=lambda child: child.nap_ended(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the child's buttons; a need mapped to the family's own entity gets none."""
    need_entities = entry.runtime_data.settings.need_entities
    descriptions = [
        description
        for description in BUTTONS
        if description.need is None or description.need not in need_entities
    ]
    async_remove_stale_entities(
        hass, entry, Platform.BUTTON, [description.key for description in descriptions]
    )
    async_add_entities(SleepCoachButton(entry, description) for description in descriptions)


class SleepCoachButton(SleepCoachEntity, ButtonEntity):
    """A button of the child's coach."""

    entity_description: SleepCoachButtonDescription

    async def async_press(self) -> None:
        """Tell the coach."""
        self.entity_description.press_fn(self.child)
