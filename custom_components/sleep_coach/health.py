"""Repair issues the family can act on: a silent cry source, a needs entity that is gone.

- A cry source unavailable for `SILENT_SOURCE_AFTER` during the night window or a nap
  (the coach listens in both) raises an issue (the coach already calls a parent at once;
  the issue says why, and what to fix).
  It goes away when the source is back, or when the family removes it from the options.
- A needs entity the family mapped and then deleted raises a fixable issue whose fix flow
  picks another entity, or goes back to Sleep Coach's own buttons and switch. It goes away
  when the need is mapped to something else in the options, or when the entity is back.
- Removing the child removes every issue of it.

A source that goes unavailable is logged once, and once more when it is back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final, Protocol

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util

from .coach import Mode, minutes
from .const import DOMAIN
from .inputs import EVENT_DOMAIN
from .options import NEED_ENTITY_OPTIONS

if TYPE_CHECKING:
    from .coach import Status
    from .settings import ChildSettings

_LOGGER = logging.getLogger(__name__)

SILENT_SOURCE_AFTER: Final = timedelta(minutes=10)
ISSUE_SOURCE_UNAVAILABLE: Final = "cry_source_unavailable"
ISSUE_NEED_ENTITY_REMOVED: Final = "need_entity_removed"
ISSUE_STATE_UNREADABLE: Final = "state_unreadable"


def source_issue_id(entry_id: str, entity_id: str) -> str:
    """Return the id of the issue about a silent cry source."""
    return f"{ISSUE_SOURCE_UNAVAILABLE}_{entry_id}_{entity_id}"


def need_issue_id(entry_id: str, need: str) -> str:
    """Return the id of the issue about a deleted needs entity."""
    return f"{ISSUE_NEED_ENTITY_REMOVED}_{entry_id}_{need}"


def state_issue_id(entry_id: str) -> str:
    """Return the id of the issue about a stored coach that could not be read."""
    return f"{ISSUE_STATE_UNREADABLE}_{entry_id}"


def _entry_issue_ids(hass: HomeAssistant, prefix: str) -> list[str]:
    return [
        issue_id
        for domain, issue_id in ir.async_get(hass).issues
        if domain == DOMAIN and issue_id.startswith(prefix)
    ]


@callback
def async_delete_entry_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Delete every issue of a child, when the family removes the child."""
    for kind in (ISSUE_SOURCE_UNAVAILABLE, ISSUE_NEED_ENTITY_REMOVED, ISSUE_STATE_UNREADABLE):
        for issue_id in _entry_issue_ids(hass, f"{kind}_{entry_id}"):
            ir.async_delete_issue(hass, DOMAIN, issue_id)


def _unheard(hass: HomeAssistant, entity_id: str) -> bool:
    state = hass.states.get(entity_id)
    if state is None or state.state == STATE_UNAVAILABLE:
        return True
    # An event entity is "unknown" until its first event; only others are silent then.
    return state.state == STATE_UNKNOWN and not entity_id.startswith(f"{EVENT_DOMAIN}.")


class CoachForHealth(Protocol):
    """What the health watch needs of a child's running coach."""

    entry_id: str
    child_name: str

    @property
    def status(self) -> Status:
        """Return what the coach shows right now."""


class Health:
    """Watches one child's sources for problems the family should fix."""

    def __init__(self, hass: HomeAssistant, child: CoachForHealth, settings: ChildSettings) -> None:
        """Prepare the watch; `async_start` starts it."""
        self.hass = hass
        self.child = child
        self.settings = settings
        self._checks: dict[str, CALLBACK_TYPE] = {}
        # Sources whose issue may be raised: all of them at start (an issue outlives a
        # restart), then those raised since. A source heard again clears its issue once.
        self._maybe_raised: set[str] = set()
        self._logged_unheard: set[str] = set()
        self._unsubscribe: list[CALLBACK_TYPE] = []

    @callback
    def async_start(self) -> None:
        """Tidy the issues the options no longer call for; check every source now and later."""
        entry_id = self.child.entry_id
        sources = self.settings.cry_sources
        for issue_id in _entry_issue_ids(self.hass, f"{ISSUE_SOURCE_UNAVAILABLE}_{entry_id}_"):
            if issue_id not in {source_issue_id(entry_id, source) for source in sources}:
                ir.async_delete_issue(self.hass, DOMAIN, issue_id)
        self._unsubscribe.append(
            async_track_state_change_event(
                self.hass,
                [*sources, *self.settings.need_entities.values()],
                self._async_source_changed,
            )
        )
        self._unsubscribe.append(
            self.hass.bus.async_listen(
                er.EVENT_ENTITY_REGISTRY_UPDATED, self._async_registry_updated
            )
        )
        self._maybe_raised.update(sources)
        for entity_id in sources:
            self._watch_source(entity_id)
        registry = er.async_get(self.hass)
        for need in NEED_ENTITY_OPTIONS:
            mapped = self.settings.need_entities.get(need)
            if (
                mapped is not None
                and registry.async_get(mapped) is None
                and self.hass.states.get(mapped) is None
            ):
                self._raise_need_issue(need, mapped)
            else:
                # Mapped to something else (or to Sleep Coach's own entity), or back.
                self._clear_need_issue(need)

    @callback
    def async_stop(self) -> None:
        """Stop watching."""
        for unsubscribe in [*self._unsubscribe, *self._checks.values()]:
            unsubscribe()
        self._unsubscribe.clear()
        self._checks.clear()

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        entity_id = event.data["entity_id"]
        if entity_id in self.settings.cry_sources:
            self._watch_source(entity_id)
        if event.data["new_state"] is not None:
            self._need_entity_back(entity_id)

    def _watch_source(self, entity_id: str) -> None:
        if not _unheard(self.hass, entity_id):
            if entity_id in self._logged_unheard:
                self._logged_unheard.discard(entity_id)
                _LOGGER.info("%s: cry source %s is back", self.child.child_name, entity_id)
            if cancel := self._checks.pop(entity_id, None):
                cancel()
            if entity_id in self._maybe_raised:
                self._maybe_raised.discard(entity_id)
                ir.async_delete_issue(
                    self.hass, DOMAIN, source_issue_id(self.child.entry_id, entity_id)
                )
            return
        if entity_id not in self._logged_unheard:
            self._logged_unheard.add(entity_id)
            _LOGGER.info(
                "%s: cry source %s is unavailable; the coach calls a parent until it is back",
                self.child.child_name,
                entity_id,
            )
        if entity_id in self._checks:
            return

        def check_later() -> None:
            self._checks[entity_id] = async_track_point_in_utc_time(
                self.hass, check, dt_util.utcnow() + SILENT_SOURCE_AFTER
            )

        @callback
        def check(_now: datetime) -> None:
            self._checks.pop(entity_id, None)
            if not _unheard(self.hass, entity_id):
                return
            if self.child.status.mode is Mode.DAYTIME:
                # Only nights and naps matter; look again later, when one may have begun.
                check_later()
                return
            self._maybe_raised.add(entity_id)
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                source_issue_id(self.child.entry_id, entity_id),
                is_fixable=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key=ISSUE_SOURCE_UNAVAILABLE,
                translation_placeholders={
                    "child": self.child.child_name,
                    "entity": entity_id,
                    "minutes": str(round(minutes(SILENT_SOURCE_AFTER))),
                },
            )

        check_later()

    @callback
    def _async_registry_updated(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        action = event.data.get("action")
        entity_id = event.data.get("entity_id")
        if action == "create" and isinstance(entity_id, str):
            self._need_entity_back(entity_id)
            return
        if action != "remove":
            return
        for need, need_entity in self.settings.need_entities.items():
            if need_entity == entity_id:
                self._raise_need_issue(need, need_entity)

    def _need_entity_back(self, entity_id: str) -> None:
        for need, need_entity in self.settings.need_entities.items():
            if need_entity == entity_id:
                self._clear_need_issue(need)

    def _clear_need_issue(self, need: str) -> None:
        ir.async_delete_issue(self.hass, DOMAIN, need_issue_id(self.child.entry_id, need))

    def _raise_need_issue(self, need: str, entity_id: str) -> None:
        ir.async_create_issue(
            self.hass,
            DOMAIN,
            need_issue_id(self.child.entry_id, need),
            is_fixable=True,
            severity=ir.IssueSeverity.ERROR,
            translation_key=ISSUE_NEED_ENTITY_REMOVED,
            translation_placeholders={
                "child": self.child.child_name,
                "need": need,
                "entity": entity_id,
            },
            data={"entry_id": self.child.entry_id, "need": need},
        )
