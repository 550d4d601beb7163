"""Services: log a need, mark a parent arriving or leaving, naps, read the nights' figures.

Every service names the child by its config entry. Bad data raises a translated
`ServiceValidationError` and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, cast

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.selector import ConfigEntrySelector
from homeassistant.util import dt as dt_util

from .coach import NIGHTS_KEPT, ConfigError
from .compat import vol
from .const import DOMAIN
from .options import (
    CONF_PLAN_ADVANCE_ONLY_TO_PLAN,
    CONF_PLAN_FIRST_NIGHT,
    CONF_PLAN_METHOD,
    CONF_PLAN_TABLE,
    plan_of,
)
from .runtime import PlanChange
from .websocket import plan_json

if TYPE_CHECKING:
    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

ATTR_CONFIG_ENTRY: Final = "config_entry"
ATTR_NEED: Final = "need"
ATTR_MET: Final = "met"
ATTR_TIME: Final = "time"
ATTR_NIGHTS: Final = "nights"

SERVICE_LOG_NEED: Final = "log_need"
SERVICE_PARENT_ARRIVED: Final = "parent_arrived"
SERVICE_PARENT_LEFT: Final = "parent_left"
SERVICE_GET_NIGHTS: Final = "get_nights"
SERVICE_START_NAP: Final = "start_nap"
SERVICE_END_NAP: Final = "end_nap"
SERVICE_START_PLAN: Final = "start_plan"
ATTR_METHOD: Final = "method"
ATTR_FIRST_NIGHT: Final = "first_night"
ATTR_TABLE: Final = "table"
ATTR_ADVANCE_ONLY_TO_PLAN: Final = "advance_only_to_plan"

# As many nights as the core remembers (the concern baseline's span).
MAX_NIGHTS: Final = NIGHTS_KEPT
DEFAULT_NIGHTS: Final = 7

CHILD_SCHEMA = vol.Schema(
    {vol.Required(ATTR_CONFIG_ENTRY): ConfigEntrySelector({"integration": DOMAIN})}
)
LOG_NEED_SCHEMA = CHILD_SCHEMA.extend(
    {
        vol.Required(ATTR_NEED): cv.string,
        vol.Optional(ATTR_MET, default=True): cv.boolean,
        # Checked by the handler, for a translated error rather than a schema one.
        vol.Optional(ATTR_TIME): cv.string,
    }
)
START_PLAN_SCHEMA = CHILD_SCHEMA.extend(
    {
        # Checked by the core, for translated errors that say what is wrong.
        vol.Required(ATTR_METHOD): cv.string,
        vol.Optional(ATTR_FIRST_NIGHT): cv.string,
        vol.Optional(ATTR_TABLE): cv.string,
        vol.Optional(ATTR_ADVANCE_ONLY_TO_PLAN, default=False): cv.boolean,
    }
)
GET_NIGHTS_SCHEMA = CHILD_SCHEMA.extend(
    {
        vol.Optional(ATTR_NIGHTS, default=DEFAULT_NIGHTS): cv.string,
    }
)


def _child(hass: HomeAssistant, call: ServiceCall) -> ChildCoach:
    entry_id = call.data[ATTR_CONFIG_ENTRY]
    entry: SleepCoachConfigEntry | None = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="child_not_found",
            translation_placeholders={"entry_id": entry_id},
        )
    if entry.state is not ConfigEntryState.LOADED:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="child_not_loaded",
            translation_placeholders={"child": entry.title},
        )
    return entry.runtime_data.child


def _time(text: str) -> datetime:
    try:
        moment = dt_util.parse_datetime(text)
    except ValueError:  # well-formed but no such time, e.g. 30 February
        moment = None
    if moment is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="time_invalid",
            translation_placeholders={"time": text},
        )
    # A time typed without an offset is the home's local time.
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt_util.get_default_time_zone())
    return moment


def _night_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_NIGHTS:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="nights_invalid",
            translation_placeholders={"nights": text, "maximum": str(MAX_NIGHTS)},
        )
    return count


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register Sleep Coach's services."""

    async def log_need(call: ServiceCall) -> None:
        child = _child(hass, call)
        need: str = call.data[ATTR_NEED]
        since = None if ATTR_TIME not in call.data else _time(call.data[ATTR_TIME])
        child.log_need(need, met=call.data[ATTR_MET], since=since)

    async def parent_arrived(call: ServiceCall) -> None:
        _child(hass, call).parent_arrived()

    async def parent_left(call: ServiceCall) -> None:
        _child(hass, call).parent_left()

    async def start_nap(call: ServiceCall) -> None:
        _child(hass, call).nap_started()

    async def end_nap(call: ServiceCall) -> None:
        _child(hass, call).nap_ended()

    async def start_plan(call: ServiceCall) -> None:
        child = _child(hass, call)
        values = {
            CONF_PLAN_METHOD: call.data[ATTR_METHOD],
            CONF_PLAN_FIRST_NIGHT: call.data.get(ATTR_FIRST_NIGHT)
            or child.coming_night().isoformat(),
            CONF_PLAN_TABLE: call.data.get(ATTR_TABLE, ""),
            CONF_PLAN_ADVANCE_ONLY_TO_PLAN: call.data[ATTR_ADVANCE_ONLY_TO_PLAN],
        }
        try:
            plan = plan_of(values, child.config)
        except ConfigError as err:
            raise child.refused(err) from err
        child.start_plan(plan)

    def change_plan(change: PlanChange) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
        async def handle(call: ServiceCall) -> None:
            _child(hass, call).change_plan(change)

        return handle

    async def get_nights(call: ServiceCall) -> ServiceResponse:
        child = _child(hass, call)
        nights = child.nights_json(_night_count(call.data[ATTR_NIGHTS]))
        dates = [str(night["night"]) for night in nights]
        response = {
            "child": child.child_name,
            "nights": nights,
            "episodes": child.episodes_json(dates),
            # The plan, its nights so far and, once it is finished, its first and last nights.
            "plan": plan_json(child),
        }
        # The core's report functions return JSON-ready data typed as plain objects.
        return cast("ServiceResponse", response)

    hass.services.async_register(DOMAIN, SERVICE_LOG_NEED, log_need, schema=LOG_NEED_SCHEMA)
    hass.services.async_register(
        DOMAIN, SERVICE_PARENT_ARRIVED, parent_arrived, schema=CHILD_SCHEMA
    )
    hass.services.async_register(DOMAIN, SERVICE_PARENT_LEFT, parent_left, schema=CHILD_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_START_NAP, start_nap, schema=CHILD_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_END_NAP, end_nap, schema=CHILD_SCHEMA)
    hass.services.async_register(DOMAIN, SERVICE_START_PLAN, start_plan, schema=START_PLAN_SCHEMA)
    # Plan changes that take nothing but the child.
    for change in PlanChange:
        hass.services.async_register(DOMAIN, change.value, change_plan(change), schema=CHILD_SCHEMA)
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_NIGHTS,
        get_nights,
        schema=GET_NIGHTS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )
