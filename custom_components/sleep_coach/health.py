"""Repair issues the family can act on: a silent cry source, a needs entity that is gone.

- A cry source unavailable for `SILENT_SOURCE_AFTER` during the night window raises an
  issue (the coach already calls a parent at once; the issue says why, and what to fix).
  It goes away when the source is back.
- A needs entity the family mapped and then deleted raises a fixable issue whose fix flow
  picks another entity, or goes back to Sleep Coach's own buttons and switch.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

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

from .coach import Mode
from .const import DOMAIN
from .inputs import EVENT_DOMAIN

if TYPE_CHECKING:
    from .runtime import ChildCoach

SILENT_SOURCE_AFTER: Final = timedelta(minutes=10)
ISSUE_SOURCE_UNAVAILABLE: Final = "cry_source_unavailable"
ISSUE_NEED_ENTITY_REMOVED: Final = "need_entity_removed"


def source_issue_id(entry_id: str, entity_id: str) -> str:
    """Return the id of the issue about a silent cry source."""
    return f"{ISSUE_SOURCE_UNAVAILABLE}_{entry_id}_{entity_id}"


def need_issue_id(entry_id: str, need: str) -> str:
    """Return the id of the issue about a deleted needs entity."""
    return f"{ISSUE_NEED_ENTITY_REMOVED}_{entry_id}_{need}"


def _unheard(hass: HomeAssistant, entity_id: str) -> bool:
    state = hass.states.get(entity_id)
    if state is None or state.state == STATE_UNAVAILABLE:
        return True
    # An event entity is "unknown" until its first event; only others are silent then.
    return state.state == STATE_UNKNOWN and not entity_id.startswith(f"{EVENT_DOMAIN}.")


class Health:
    """Watches one child's sources for problems the family should fix."""

    def __init__(self, hass: HomeAssistant, child: ChildCoach) -> None:
        """Prepare the watch; `async_start` starts it."""
        self.hass = hass
        self.child = child
        self._checks: dict[str, CALLBACK_TYPE] = {}
        # Sources whose issue may be raised: all of them at start (an issue outlives a
        # restart), then those raised since. A source heard again clears its issue once.
        self._maybe_raised: set[str] = set()
        self._unsubscribe: list[CALLBACK_TYPE] = []

    @callback
    def async_start(self) -> None:
        """Check every source now and whenever it changes."""
        self._unsubscribe.append(
            async_track_state_change_event(
                self.hass, self.child.cry_sources, self._async_source_changed
            )
        )
        self._unsubscribe.append(
            self.hass.bus.async_listen(
                er.EVENT_ENTITY_REGISTRY_UPDATED, self._async_registry_updated
            )
        )
        self._maybe_raised.update(self.child.cry_sources)
        for entity_id in self.child.cry_sources:
            self._watch_source(entity_id)
        registry = er.async_get(self.hass)
        for need, entity_id in self.child.need_entities.items():
            if registry.async_get(entity_id) is None and self.hass.states.get(entity_id) is None:
                self._raise_need_issue(need, entity_id)

    @callback
    def async_stop(self) -> None:
        """Stop watching."""
        for unsubscribe in [*self._unsubscribe, *self._checks.values()]:
            unsubscribe()
        self._unsubscribe.clear()
        self._checks.clear()

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        self._watch_source(event.data["entity_id"])

    def _watch_source(self, entity_id: str) -> None:
        if not _unheard(self.hass, entity_id):
            if cancel := self._checks.pop(entity_id, None):
                cancel()
            if entity_id in self._maybe_raised:
                self._maybe_raised.discard(entity_id)
                ir.async_delete_issue(
                    self.hass, DOMAIN, source_issue_id(self.child.entry_id, entity_id)
                )
            return
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
                # Only nights matter; look again later, when a night may have begun.
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
                translation_placeholders={"child": self.child.child_name, "entity": entity_id},
            )

        check_later()

    @callback
    def _async_registry_updated(self, event: Event[er.EventEntityRegistryUpdatedData]) -> None:
        if event.data.get("action") != "remove":
            return
        for need, entity_id in self.child.need_entities.items():
            if entity_id == event.data.get("entity_id"):
                self._raise_need_issue(need, entity_id)

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
