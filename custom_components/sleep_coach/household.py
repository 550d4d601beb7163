"""The household: who is on duty, and the notifications that call them.

When the coach needs a parent (a check-in due, or attention needed), the parent on duty is
notified through the notify service the family mapped to that person, with the reason in
plain words and buttons: "I'm going in", and "Give a few more minutes" only while a check-in
is due with every need met. A button pressed on a phone reaches the coach through the
mobile app's `mobile_app_notification_action` event. If nobody reacts in time, the other
parents are notified too. Nobody on duty, or nobody reachable, means everyone is notified:
an alert never goes nowhere.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Final, Protocol

from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util

from .coach import (
    CheckInDue,
    Effect,
    NeedsAttention,
    ParentArrived,
    SelfSootheStarted,
    Settled,
    next_handover,
    on_duty,
)
from .transitions import diary_line, plan_night_words

if TYPE_CHECKING:
    from .coach import ChildConfig, DayEffect, PlanEffect, PlanNight
    from .settings import HouseholdSettings
    from .words import Words

_LOGGER = logging.getLogger(__name__)

EVENT_NOTIFICATION_ACTION: Final = "mobile_app_notification_action"
ACTION_GOING_IN: Final = "SLEEP_COACH_GOING_IN"
ACTION_MORE_TIME: Final = "SLEEP_COACH_MORE_TIME"
NOTIFY_DOMAIN: Final = "notify"


class CoachForHousehold(Protocol):
    """What the household needs of a child's running coach."""

    entry_id: str
    child_name: str
    config: ChildConfig
    words: Words

    @property
    def can_give_more_time(self) -> bool:
        """Tell whether a parent may give more time now."""

    def parent_arrived(self) -> None:
        """Record a parent going in."""

    def more_time(self) -> None:
        """Give the next wait."""

    def coached_plan_night(self) -> PlanNight | None:
        """Return tonight's plan night while the plan coaches the night under way."""

    def async_add_effect_listener(
        self, listener: Callable[[Effect | PlanEffect | DayEffect], None]
    ) -> CALLBACK_TYPE:
        """Call `listener` with every transition."""


class Household:
    """The parents of one child: who is on duty, and how to reach them."""

    def __init__(
        self, hass: HomeAssistant, child: CoachForHousehold, settings: HouseholdSettings
    ) -> None:
        """Prepare the household; `async_start` starts listening."""
        self.hass = hass
        self.child = child
        self.settings = settings
        self.parents = settings.parents
        self.notify_services = settings.notify_services
        self.on_duty: str | None = None
        self._listeners: list[Callable[[], None]] = []
        self._unsubscribe: list[CALLBACK_TYPE] = []
        self._cancel_escalation: CALLBACK_TYPE | None = None
        self._cancel_handover: CALLBACK_TYPE | None = None

    @callback
    def async_start(self) -> None:
        """Follow the coach's transitions, the phones' answers and the rota."""
        self._unsubscribe.append(self.child.async_add_effect_listener(self._async_effect))
        self._unsubscribe.append(
            self.hass.bus.async_listen(EVENT_NOTIFICATION_ACTION, self._async_action)
        )
        self._async_follow_rota(dt_util.utcnow())

    @callback
    def async_stop(self) -> None:
        """Stop listening and cancel the timers."""
        for unsubscribe in self._unsubscribe:
            unsubscribe()
        self._unsubscribe.clear()
        self._cancel_timers()

    @callback
    def async_add_listener(self, listener: Callable[[], None]) -> CALLBACK_TYPE:
        """Call `listener` when the parent on duty changes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def set_on_duty(self, person: str | None) -> None:
        """Put `person` (a person entity id, or None for nobody) on duty."""
        self.on_duty = person if person in self.parents else None
        for listener in list(self._listeners):
            listener()

    # The rota ---------------------------------------------------------------------------

    @callback
    def _async_follow_rota(self, now: datetime) -> None:
        self._cancel_handover = None
        rota, split = self.settings.rota, self.settings.split
        person = on_duty(self.parents, rota, split, now, self.child.config)
        if person is not None:
            self.set_on_duty(person)
        handover = next_handover(rota, split, now, self.child.config)
        if handover is not None and self.parents:
            self._cancel_handover = async_track_point_in_utc_time(
                self.hass, self._async_follow_rota, handover
            )

    # Alerts -----------------------------------------------------------------------------

    @callback
    def _async_effect(self, effect: Effect | PlanEffect | DayEffect) -> None:
        match effect:
            case CheckInDue() | NeedsAttention():
                self._notify(self._first_call_targets(), self._message(effect))
                self._schedule_escalation(effect)
            case ParentArrived() | SelfSootheStarted() | Settled():
                # Someone reacted (or the alert is over): no one else needs waking.
                self._cancel_escalation_timer()

    def _first_call_targets(self) -> list[str]:
        if self.on_duty is not None and self.on_duty in self.notify_services:
            return [self.notify_services[self.on_duty]]
        return list(self.notify_services.values())

    def _message(self, effect: Effect) -> str:
        words = self.child.words
        message = words(
            "notify_message", child=self.child.child_name, line=diary_line(words, effect)
        )
        tonight = self.child.coached_plan_night()
        if tonight is None:
            return message
        # On a plan night the parent also reads which night it is and its waits.
        return words(
            "notify_with_plan", message=message, plan_night=plan_night_words(words, tonight)
        )

    def _actions(self) -> list[dict[str, str]]:
        words = self.child.words
        actions = [
            {
                "action": f"{ACTION_GOING_IN}_{self.child.entry_id}",
                "title": words("notify_going_in"),
            }
        ]
        if self.child.can_give_more_time:
            actions.append(
                {
                    "action": f"{ACTION_MORE_TIME}_{self.child.entry_id}",
                    "title": words("notify_more_time"),
                }
            )
        return actions

    def _notify(self, services: list[str], message: str) -> None:
        data = {
            "title": self.child.words("notify_title"),
            "message": message,
            # One tag per child, so a newer alert replaces the older one on the phone.
            "data": {"actions": self._actions(), "tag": f"sleep_coach_{self.child.entry_id}"},
        }
        for service in services:
            domain, _, name = service.partition(".")
            if domain != NOTIFY_DOMAIN or not self.hass.services.has_service(domain, name):
                _LOGGER.warning("%s: cannot notify through %s", self.child.child_name, service)
                continue
            self.hass.async_create_task(
                self.hass.services.async_call(domain, name, data, blocking=False),
                eager_start=True,
            )

    def _schedule_escalation(self, effect: Effect) -> None:
        self._cancel_escalation_timer()
        others = [
            service for person, service in self.notify_services.items() if person != self.on_duty
        ]
        if self.on_duty not in self.notify_services or not others:
            return  # Everyone reachable was notified already.

        @callback
        def escalate(_now: datetime) -> None:
            self._cancel_escalation = None
            message = self.child.words("notify_escalated", message=self._message(effect))
            self._notify(others, message)

        self._cancel_escalation = async_track_point_in_utc_time(
            self.hass, escalate, dt_util.utcnow() + self.settings.escalate_after
        )

    def _cancel_escalation_timer(self) -> None:
        if self._cancel_escalation is not None:
            self._cancel_escalation()
            self._cancel_escalation = None

    def _cancel_timers(self) -> None:
        self._cancel_escalation_timer()
        if self._cancel_handover is not None:
            self._cancel_handover()
            self._cancel_handover = None

    # Answers from phones ------------------------------------------------------------------

    @callback
    def _async_action(self, event: Event) -> None:
        action = event.data.get("action")
        if action == f"{ACTION_GOING_IN}_{self.child.entry_id}":
            self.child.parent_arrived()
        elif action == f"{ACTION_MORE_TIME}_{self.child.entry_id}":
            self._cancel_escalation_timer()
            self.child.more_time()
