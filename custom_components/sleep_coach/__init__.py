"""Sleep Coach: coaches parents through night wakings with a needs checklist."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from homeassistant.const import EVENT_CORE_CONFIG_UPDATE, Platform
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import issue_registry as ir

from .blueprint_installer import async_setup_blueprints
from .coach import ConfigError, StateError
from .const import DOMAIN
from .dashboard import async_setup_dashboard
from .data import SleepCoachConfigEntry, SleepCoachData
from .health import Health, async_delete_entry_issues, state_issue_id
from .health_report import async_setup_report
from .household import Household
from .identity import async_migrate_identity
from .long_term import async_setup_long_term
from .runtime import ChildCoach
from .services import async_setup_services
from .settings import child_settings
from .store import CoachStore, StoreTooNewError
from .voice import async_setup_voice
from .websocket import async_setup_websocket
from .words import async_load_words

if TYPE_CHECKING:
    from homeassistant.core import Event, HomeAssistant
    from homeassistant.helpers.typing import ConfigType

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.EVENT,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register what serves every child: services, websocket command, dashboard."""
    async_setup_services(hass)
    async_setup_blueprints(hass)
    async_setup_websocket(hass)
    async_setup_report(hass)
    await async_setup_dashboard(hass)
    # Voice: the intents, and the sentences of the default conversation agent.
    async_setup_voice(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> bool:
    """Set up the coach for one child."""
    try:
        settings = child_settings(entry.options, hass.config.time_zone)
    except ConfigError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="invalid_options",
            translation_placeholders={"error": str(err)},
        ) from err

    store = CoachStore(hass, entry.entry_id)
    try:
        record = await store.async_load_record(settings.config)
    except StoreTooNewError as err:
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="store_too_new",
            translation_placeholders={"child": entry.title},
        ) from err
    except StateError as err:
        # Start afresh (every need unknown, which fails toward attention) and tell the
        # family; the unreadable file is kept, so no recorded episode is lost.
        _LOGGER.warning("Could not read the stored coach of %s: %s", entry.title, err)
        ir.async_create_issue(
            hass,
            DOMAIN,
            state_issue_id(entry.entry_id),
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key="state_unreadable",
            translation_placeholders={"child": entry.title, "kept_as": store.unreadable_key},
        )
        record = None

    coach = ChildCoach(
        hass,
        entry_id=entry.entry_id,
        child_name=entry.title,
        settings=settings,
        words=await async_load_words(hass),
        store=store,
        record=record,
    )
    entry.runtime_data = data = SleepCoachData(
        settings=settings,
        child=coach,
        household=Household(hass, coach, settings.household),
        health=Health(hass, coach, settings),
    )
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    data.async_start()
    async_setup_long_term(hass, entry)
    entry.async_on_unload(
        hass.bus.async_listen(EVENT_CORE_CONFIG_UPDATE, partial(_async_config_updated, entry))
    )
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_config_updated(entry: SleepCoachConfigEntry, event: Event) -> None:
    """Speak the instance's new language: notifications and the diary follow it."""
    hass = entry.runtime_data.child.hass
    if hass.config.language != entry.runtime_data.child.words.language:
        await hass.config_entries.async_reload(entry.entry_id)


async def _async_options_updated(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> None:
    """Apply new options by reloading; the stored state carries over."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> bool:
    """Unload the coach of one child."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        await entry.runtime_data.async_stop()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> None:
    """Delete the child's stored coach and every repair issue when the child is removed."""
    async_delete_entry_issues(hass, entry.entry_id)
    await CoachStore(hass, entry.entry_id).async_remove()


async def async_migrate_entry(hass: HomeAssistant, entry: SleepCoachConfigEntry) -> bool:
    """Bring an entry written by an earlier release up to date."""
    return async_migrate_identity(hass, entry)
