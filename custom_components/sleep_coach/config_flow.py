"""Config, reconfigure and options flows for Sleep Coach: one entry per child.

- ``user``: the two-click set-up. It asks only for what a family must decide: the child's
  name (which identifies the child, whatever its case and spacing), the birth date, the
  under-16-weeks opt-in and the cry sources. Everything else starts from
  `DEFAULT_OPTIONS` and is edited in the options flow.
- ``reconfigure``: the same four fields, to rename a child or change its sources; the
  entry is updated and reloaded (by its own update listener when it is loaded, so it
  reloads once).
- options (``init``): every option on one form, grouped in sections (cry sources,
  needs, nursery, schedule, naps, child, household). Sections keep related fields
  together without a menu of steps, so one save validates the options as a whole (for
  example the night window against the waits and the cap). Home Assistant's frontend
  shows errors only for the form's top-level fields, not for fields inside a section, so
  an error in the options flow is keyed by its section (and by the field in the config
  flow's steps, which have no sections).

Every rule of the coach is checked by `child_config`, the same function the integration
runs at set-up, and a core `ConfigError` code is shown under the same translation key.
What the core cannot know (whether an entity exists, what kind it is, the sound
thresholds) is checked here. Input that breaks a rule changes nothing: the form comes back
with the family's input as suggested values.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.sensor import ATTR_STATE_CLASS, SensorDeviceClass
from homeassistant.config_entries import (
    ConfigEntry,
    ConfigEntryState,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlow,
)
from homeassistant.const import ATTR_DEVICE_CLASS, ATTR_UNIT_OF_MEASUREMENT, UnitOfTime
from homeassistant.core import HomeAssistant, State, callback, split_entity_id
from homeassistant.data_entry_flow import section
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    DateSelector,
    EntitySelector,
    EntitySelectorConfig,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    Selector,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TimeSelector,
)

from .coach import MAX_CAP, ConfigError, Method, Rota, minutes

if TYPE_CHECKING:
    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach
from .compat import vol
from .const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from .identity import ENTRY_MINOR_VERSION, ENTRY_VERSION, new_child_id, same_name
from .options import (
    CONF_ALLOW_UNDER_16_WEEKS,
    CONF_BIRTH_DATE,
    CONF_CAP,
    CONF_CRY_SOURCES,
    CONF_CUSTOM_NEEDS,
    CONF_DRY_ENTITY,
    CONF_DRY_WINDOW,
    CONF_ESCALATE_AFTER,
    CONF_FED_ENTITY,
    CONF_FED_WINDOW,
    CONF_LONGEST_NAP,
    CONF_MIN_CRY,
    CONF_NAP_CAP,
    CONF_NAP_WAITS,
    CONF_NIGHT_END,
    CONF_NIGHT_START,
    CONF_NOTIFY,
    CONF_PARENTS,
    CONF_PLAN_ADVANCE_ONLY_TO_PLAN,
    CONF_PLAN_FIRST_NIGHT,
    CONF_PLAN_METHOD,
    CONF_PLAN_TABLE,
    CONF_PRESENCE_ENTITIES,
    CONF_ROTA,
    CONF_SAFE_ENTITY,
    CONF_SETTLE,
    CONF_SLEEP_ENTITY,
    CONF_SOUND_OFF,
    CONF_SOUND_ON,
    CONF_SPLIT,
    CONF_WAITS,
    CONF_WAKE_WINDOWS,
    DEFAULT_OPTIONS,
    PLAN_FIELDS,
    PLAN_NONE,
    child_config,
    parse_waits,
    parse_wake_windows,
    plan_of,
    plan_table_text,
    wake_windows_format,
    wake_windows_text,
    with_defaults,
)
from .runtime import PlanChange

BASE: Final = "base"

ERROR_NAME_REQUIRED: Final = "name_required"
ERROR_CRY_SOURCE_REQUIRED: Final = "cry_source_required"
ERROR_ENTITY_NOT_FOUND: Final = "entity_not_found"
ERROR_WRONG_DOMAIN: Final = "wrong_domain"
ERROR_SENSOR_NOT_NUMERIC: Final = "sensor_not_numeric"
ERROR_SENSOR_NOT_TIMESTAMP: Final = "sensor_not_timestamp"
ERROR_THRESHOLDS_REVERSED: Final = "thresholds_reversed"
ERROR_NOTIFY_NOT_FOUND: Final = "notify_not_found"
ERROR_WAKE_WINDOWS_FORMAT: Final = "wake_windows_format"
NOTIFY_DOMAIN: Final = "notify"

ABORT_ALREADY_CONFIGURED: Final = "already_configured"
# The core's limits the forms' texts name, from the core itself.
LIMITS: Final = {"max_cap": str(round(minutes(MAX_CAP)))}
ABORT_RECONFIGURE_SUCCESSFUL: Final = "reconfigure_successful"

SECTION_CRY: Final = "cry"
SECTION_NEEDS: Final = "needs"
SECTION_NURSERY: Final = "nursery"
SECTION_SCHEDULE: Final = "schedule"
SECTION_NAPS: Final = "naps"
SECTION_CHILD: Final = "child"
SECTION_HOUSEHOLD: Final = "household"
# The sleep-training plan: a section of the options form whose fields start, change or end
# the plan in the coach's stored state rather than being stored as options.
SECTION_PLAN: Final = "plan"
ERROR_PLAN_CHILD_NOT_LOADED: Final = "plan_child_not_loaded"

# The options form, section by section, in the order it shows them.
OPTION_SECTIONS: Final[Mapping[str, tuple[str, ...]]] = {
    SECTION_CRY: (CONF_CRY_SOURCES, CONF_SOUND_ON, CONF_SOUND_OFF),
    SECTION_NEEDS: (
        CONF_FED_ENTITY,
        CONF_DRY_ENTITY,
        CONF_SAFE_ENTITY,
        CONF_FED_WINDOW,
        CONF_DRY_WINDOW,
        CONF_CUSTOM_NEEDS,
    ),
    SECTION_NURSERY: (CONF_PRESENCE_ENTITIES,),
    SECTION_SCHEDULE: (
        CONF_NIGHT_START,
        CONF_NIGHT_END,
        CONF_WAITS,
        CONF_CAP,
        CONF_SETTLE,
        CONF_MIN_CRY,
    ),
    SECTION_NAPS: (
        CONF_NAP_WAITS,
        CONF_NAP_CAP,
        CONF_LONGEST_NAP,
        CONF_SLEEP_ENTITY,
        CONF_WAKE_WINDOWS,
    ),
    SECTION_CHILD: (CONF_BIRTH_DATE, CONF_ALLOW_UNDER_16_WEEKS),
    SECTION_HOUSEHOLD: (CONF_PARENTS, CONF_ROTA, CONF_SPLIT, CONF_ESCALATE_AFTER),
}
ALL_OPTION_FIELDS: Final = tuple(option for fields in OPTION_SECTIONS.values() for option in fields)
COLLAPSED_SECTIONS: Final = frozenset(
    {SECTION_NURSERY, SECTION_NAPS, SECTION_CHILD, SECTION_HOUSEHOLD}
)

# The options the config flow's steps ask for, besides the name.
CHILD_STEP_OPTIONS: Final = (CONF_BIRTH_DATE, CONF_ALLOW_UNDER_16_WEEKS, CONF_CRY_SOURCES)

# Options that may be left empty; a field the family clears stores the empty value.
CLEARABLE_OPTIONS: Final = frozenset(
    {
        CONF_BIRTH_DATE,
        CONF_FED_ENTITY,
        CONF_DRY_ENTITY,
        CONF_SAFE_ENTITY,
        CONF_PRESENCE_ENTITIES,
        CONF_CUSTOM_NEEDS,
        CONF_PARENTS,
        CONF_SLEEP_ENTITY,
        CONF_WAKE_WINDOWS,
    }
)

CRY_SOURCE_DOMAINS: Final = ("binary_sensor", "input_boolean", "event", "sensor")
NEED_INPUT_DOMAINS: Final = ("input_boolean", "input_datetime", "binary_sensor", "sensor")
PRESENCE_DOMAINS: Final = ("binary_sensor", "input_boolean")
SLEEP_STATE_DOMAINS: Final = ("binary_sensor", "input_boolean")
PRESENCE_DEVICE_CLASSES: Final = ("door", "opening", "motion", "occupancy", "presence")
SENSOR_DOMAIN: Final = "sensor"

# Where a core `ConfigError` belongs on the forms; a code not listed concerns the whole
# configuration. `option_invalid` and `need_window_invalid` name their option themselves.
CORE_ERROR_OPTIONS: Final[Mapping[str, str]] = {
    "night_window_empty": CONF_NIGHT_START,
    "min_cry_invalid": CONF_MIN_CRY,
    "settle_invalid": CONF_SETTLE,
    "waits_invalid": CONF_WAITS,
    "cap_invalid": CONF_CAP,
    "cap_too_long": CONF_CAP,
    "need_name_invalid": CONF_CUSTOM_NEEDS,
    "need_name_taken": CONF_CUSTOM_NEEDS,
    "nap_waits_invalid": CONF_NAP_WAITS,
    "nap_cap_invalid": CONF_NAP_CAP,
    "nap_cap_too_long": CONF_NAP_CAP,
    "longest_nap_invalid": CONF_LONGEST_NAP,
    "wake_windows_empty": CONF_WAKE_WINDOWS,
    "wake_windows_order": CONF_WAKE_WINDOWS,
    "wake_window_invalid": CONF_WAKE_WINDOWS,
}
NEED_WINDOW_OPTIONS: Final[Mapping[str, str]] = {"fed": CONF_FED_WINDOW, "dry": CONF_DRY_WINDOW}


def _clean_name(name: str) -> str:
    return " ".join(name.split())


# --- Entity checks -------------------------------------------------------------------


def _is_numeric_sensor(state: State | None, entry: er.RegistryEntry | None) -> bool:
    """Tell whether a sensor reports a number (a sound level), as a cry source must."""
    if state is None:
        # Known to the registry only (disabled, or not loaded yet): trust what it recorded.
        return entry is not None and (
            bool((entry.capabilities or {}).get(ATTR_STATE_CLASS))
            or entry.unit_of_measurement is not None
        )
    if state.attributes.get(ATTR_STATE_CLASS) or state.attributes.get(ATTR_UNIT_OF_MEASUREMENT):
        return True
    try:
        return math.isfinite(float(state.state))
    except ValueError:
        return False


def _is_timestamp_sensor(state: State | None, entry: er.RegistryEntry | None) -> bool:
    """Tell whether a sensor reports a time (a last feed), as a mapped need must."""
    if state is None:
        return entry is not None and (
            (entry.device_class or entry.original_device_class) == SensorDeviceClass.TIMESTAMP
        )
    return bool(state.attributes.get(ATTR_DEVICE_CLASS) == SensorDeviceClass.TIMESTAMP)


@dataclass(frozen=True, slots=True)
class EntityRule:
    """What an entity option accepts."""

    domains: tuple[str, ...]
    sensor_check: Callable[[State | None, er.RegistryEntry | None], bool] | None = None
    sensor_error: str = ""


CRY_SOURCE_RULE: Final = EntityRule(
    CRY_SOURCE_DOMAINS, _is_numeric_sensor, ERROR_SENSOR_NOT_NUMERIC
)
NEED_INPUT_RULE: Final = EntityRule(
    NEED_INPUT_DOMAINS, _is_timestamp_sensor, ERROR_SENSOR_NOT_TIMESTAMP
)
PRESENCE_RULE: Final = EntityRule(PRESENCE_DOMAINS)
PARENT_RULE: Final = EntityRule(("person",))
SLEEP_STATE_RULE: Final = EntityRule(SLEEP_STATE_DOMAINS)
ENTITY_RULES: Final[Mapping[str, EntityRule]] = {
    CONF_CRY_SOURCES: CRY_SOURCE_RULE,
    CONF_FED_ENTITY: NEED_INPUT_RULE,
    CONF_DRY_ENTITY: NEED_INPUT_RULE,
    CONF_SAFE_ENTITY: NEED_INPUT_RULE,
    CONF_PRESENCE_ENTITIES: PRESENCE_RULE,
    CONF_PARENTS: PARENT_RULE,
    CONF_SLEEP_ENTITY: SLEEP_STATE_RULE,
}


def _check_entity(
    hass: HomeAssistant, registry: er.EntityRegistry, value: str, rule: EntityRule
) -> tuple[str, str | None]:
    """Return the entity id ``value`` stands for (it may be a registry id), and an error."""
    entry = registry.async_get(value)
    entity_id = entry.entity_id if entry is not None else value
    state = hass.states.get(entity_id)
    if entry is None and state is None:
        return entity_id, ERROR_ENTITY_NOT_FOUND
    domain = split_entity_id(entity_id)[0]
    if domain not in rule.domains:
        return entity_id, ERROR_WRONG_DOMAIN
    if domain == SENSOR_DOMAIN and rule.sensor_check and not rule.sensor_check(state, entry):
        return entity_id, rule.sensor_error
    return entity_id, None


# --- Validation ----------------------------------------------------------------------


@dataclass(slots=True)
class Validation:
    """The outcome of checking a complete option set."""

    errors: dict[str, str]
    """Error codes keyed by option (or ``"base"``), at most one per option."""
    placeholders: dict[str, str]
    """Placeholders for the core's error message."""


def _core_error_option(err: ConfigError) -> str:
    if err.code == "option_invalid":
        option = err.placeholders.get("option", BASE)
        return option if option in DEFAULT_OPTIONS else BASE
    if err.code == "need_window_invalid":
        return NEED_WINDOW_OPTIONS.get(err.placeholders.get("need", ""), BASE)
    return CORE_ERROR_OPTIONS.get(err.code, BASE)


def validate_options(
    hass: HomeAssistant, options: dict[str, Any], fields: Collection[str]
) -> Validation:
    """Check a complete option set, of which a form showed ``fields``.

    The core's rules apply to the whole set, since the integration refuses to set up with
    options that break them. The checks of entities and sound thresholds apply to the
    form's fields only: an entity that went away since it was picked does not stop the
    family from renaming a child. Entity references are resolved to entity ids in place.
    """
    errors: dict[str, str] = {}
    placeholders: dict[str, str] = {}
    registry = er.async_get(hass)
    for option, rule in ENTITY_RULES.items():
        value = options[option]
        if option not in fields or value is None:
            continue
        checked = [
            _check_entity(hass, registry, item, rule)
            for item in (value if isinstance(value, list) else [value])
        ]
        entity_ids = list(dict.fromkeys(entity_id for entity_id, _ in checked))
        options[option] = entity_ids if isinstance(value, list) else entity_ids[0]
        if failed := next((error for _, error in checked if error), None):
            errors[option] = failed
    if CONF_CRY_SOURCES in fields and not options[CONF_CRY_SOURCES]:
        errors.setdefault(CONF_CRY_SOURCES, ERROR_CRY_SOURCE_REQUIRED)
    # Written as "not above" so that a value that is not a number fails too.
    if CONF_SOUND_ON in fields and not options[CONF_SOUND_ON] > options[CONF_SOUND_OFF]:
        errors[CONF_SOUND_ON] = ERROR_THRESHOLDS_REVERSED
    to_check = options
    if not wake_windows_format(options[CONF_WAKE_WINDOWS]):
        # Said here, with an example of the rows; the core would only call it invalid.
        # The core checks the rest with the shipped table.
        errors[CONF_WAKE_WINDOWS] = ERROR_WAKE_WINDOWS_FORMAT
        to_check = {**options, CONF_WAKE_WINDOWS: ""}
    try:
        child_config(to_check, hass.config.time_zone)
    except ConfigError as err:
        errors.setdefault(_core_error_option(err), err.code)
        placeholders = dict(err.placeholders)
    return Validation(errors, placeholders)


def _date_or_none(value: object) -> str | None:
    return cv.date(value).isoformat() if value else None


def _clock_time(value: object) -> str:
    return cv.time(value).strftime("%H:%M:%S")


def _stripped(value: object) -> str:
    return str(value).strip()


def _need_names(value: Iterable[str]) -> list[str]:
    return [name.strip() for name in value if name.strip()]


def _entity_ids(value: Iterable[str]) -> list[str]:
    return list(value)


def _entity_or_none(value: str | None) -> str | None:
    return value or None


FORM_VALUES: Final[Mapping[str, Callable[[Any], object]]] = {
    CONF_BIRTH_DATE: _date_or_none,
    CONF_ALLOW_UNDER_16_WEEKS: bool,
    CONF_CRY_SOURCES: _entity_ids,
    CONF_SOUND_ON: float,
    CONF_SOUND_OFF: float,
    CONF_FED_ENTITY: _entity_or_none,
    CONF_DRY_ENTITY: _entity_or_none,
    CONF_SAFE_ENTITY: _entity_or_none,
    CONF_PRESENCE_ENTITIES: _entity_ids,
    CONF_CUSTOM_NEEDS: _need_names,
    CONF_NIGHT_START: _clock_time,
    CONF_NIGHT_END: _clock_time,
    CONF_WAITS: _stripped,
    CONF_CAP: float,
    CONF_SETTLE: float,
    CONF_MIN_CRY: float,
    CONF_FED_WINDOW: float,
    CONF_DRY_WINDOW: float,
    CONF_PARENTS: _entity_ids,
    CONF_ROTA: str,
    CONF_SPLIT: _clock_time,
    CONF_ESCALATE_AFTER: float,
    CONF_NAP_WAITS: _stripped,
    CONF_NAP_CAP: float,
    CONF_LONGEST_NAP: float,
    CONF_SLEEP_ENTITY: _entity_or_none,
    CONF_WAKE_WINDOWS: _stripped,
}
"""How each option's form value is stored (clock times as "HH:MM:SS", dates ISO, ...)."""


def options_from_form(
    form: Mapping[str, Any], fields: tuple[str, ...], current: Mapping[str, Any]
) -> dict[str, Any]:
    """Merge a form's ``fields`` into the ``current`` options.

    Only optional fields can be missing from a form, and a missing one was cleared: it
    stores its empty value (a copy, so no two entries share a list).
    """
    options = with_defaults(current)
    for option in fields:
        options[option] = (
            FORM_VALUES[option](form[option])
            if option in form
            else copy.copy(DEFAULT_OPTIONS[option])
        )
    return options


def _finish_options(options: dict[str, Any]) -> dict[str, Any]:
    """Write validated options the way the form shows them back (waits as "5, 10, 15")."""
    for option in (CONF_WAITS, CONF_NAP_WAITS):
        options[option] = ", ".join(f"{wait:g}" for wait in parse_waits(options[option]))
    options[CONF_WAKE_WINDOWS] = wake_windows_text(
        parse_wake_windows(options[CONF_WAKE_WINDOWS] or "")
    )
    return options


# --- Schemas -------------------------------------------------------------------------


def _duration(unit: str) -> NumberSelector:
    # No minimum or maximum: the core's rules give a translated error for every bound.
    return NumberSelector(
        NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any", unit_of_measurement=unit)
    )


def _need_input() -> EntitySelector:
    return EntitySelector(
        EntitySelectorConfig(
            filter=[
                {"domain": ["input_boolean", "input_datetime", "binary_sensor"]},
                {"domain": SENSOR_DOMAIN, "device_class": SensorDeviceClass.TIMESTAMP},
            ]
        )
    )


NEED_INPUT_SELECTOR: Final = _need_input()

SELECTORS: Final[Mapping[str, Selector[Any]]] = {
    CONF_CRY_SOURCES: EntitySelector(
        EntitySelectorConfig(multiple=True, filter=[{"domain": list(CRY_SOURCE_DOMAINS)}])
    ),
    CONF_SOUND_ON: NumberSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any")),
    CONF_SOUND_OFF: NumberSelector(NumberSelectorConfig(mode=NumberSelectorMode.BOX, step="any")),
    CONF_FED_ENTITY: NEED_INPUT_SELECTOR,
    CONF_DRY_ENTITY: NEED_INPUT_SELECTOR,
    CONF_SAFE_ENTITY: NEED_INPUT_SELECTOR,
    CONF_FED_WINDOW: _duration(UnitOfTime.HOURS),
    CONF_DRY_WINDOW: _duration(UnitOfTime.HOURS),
    CONF_CUSTOM_NEEDS: TextSelector(TextSelectorConfig(multiple=True)),
    CONF_PRESENCE_ENTITIES: EntitySelector(
        EntitySelectorConfig(
            multiple=True,
            filter=[
                {"domain": "binary_sensor", "device_class": list(PRESENCE_DEVICE_CLASSES)},
                {"domain": "input_boolean"},
            ],
        )
    ),
    CONF_NIGHT_START: TimeSelector(),
    CONF_NIGHT_END: TimeSelector(),
    CONF_WAITS: TextSelector(),
    CONF_CAP: _duration(UnitOfTime.MINUTES),
    CONF_SETTLE: _duration(UnitOfTime.MINUTES),
    CONF_MIN_CRY: _duration(UnitOfTime.SECONDS),
    CONF_BIRTH_DATE: DateSelector(),
    CONF_ALLOW_UNDER_16_WEEKS: BooleanSelector(),
    CONF_PARENTS: EntitySelector(EntitySelectorConfig(multiple=True, domain="person")),
    CONF_ROTA: SelectSelector(
        SelectSelectorConfig(
            options=[rota.value for rota in Rota],
            translation_key=CONF_ROTA,
            mode=SelectSelectorMode.LIST,
        )
    ),
    CONF_SPLIT: TimeSelector(),
    CONF_ESCALATE_AFTER: _duration(UnitOfTime.MINUTES),
    CONF_NAP_WAITS: TextSelector(),
    CONF_NAP_CAP: _duration(UnitOfTime.MINUTES),
    CONF_LONGEST_NAP: _duration(UnitOfTime.MINUTES),
    CONF_SLEEP_ENTITY: EntitySelector(
        EntitySelectorConfig(filter=[{"domain": list(SLEEP_STATE_DOMAINS)}])
    ),
    CONF_WAKE_WINDOWS: TextSelector(),
    CONF_PLAN_METHOD: SelectSelector(
        SelectSelectorConfig(
            options=[PLAN_NONE, *(method.value for method in Method)],
            translation_key="plan_choice",
            mode=SelectSelectorMode.LIST,
        )
    ),
    CONF_PLAN_FIRST_NIGHT: DateSelector(),
    CONF_PLAN_TABLE: TextSelector(),
    CONF_PLAN_ADVANCE_ONLY_TO_PLAN: BooleanSelector(),
}
"""The field of every option (and of the plan section)."""


def _suggestion(key: str, suggested: Mapping[str, Any]) -> dict[str, Any] | None:
    """Return a field's description showing its suggested value, if there is one."""
    return {"suggested_value": suggested[key]} if key in suggested else None


def _field(option: str, suggested: Mapping[str, Any]) -> vol.Marker:
    """Return the key of an option's field, showing its suggested value."""
    description = _suggestion(option, suggested)
    if option == CONF_ALLOW_UNDER_16_WEEKS:
        return vol.Optional(option, default=False, description=description)
    if option in CLEARABLE_OPTIONS:
        # Optional without a default, so that a field the family clears stays cleared.
        return vol.Optional(option, description=description)
    return vol.Required(option, description=description)


def child_schema(suggested: Mapping[str, Any]) -> vol.Schema:
    """Return the form of the user and reconfigure steps."""
    return vol.Schema(
        {
            vol.Required(CONF_CHILD_NAME, description=_suggestion(CONF_CHILD_NAME, suggested)): (
                TextSelector()
            ),
            **{_field(option, suggested): SELECTORS[option] for option in CHILD_STEP_OPTIONS},
        }
    )


def options_schema(
    suggested: Mapping[str, Any], plan: Mapping[str, Any] | None = None
) -> vol.Schema:
    """Return the options form, built afresh so suggested values never leak between flows.

    `plan` holds the plan section's suggested values (by default, no plan).
    """
    plan = plan or {CONF_PLAN_METHOD: PLAN_NONE}
    plan_fields = {
        (
            vol.Required(option, description=_suggestion(option, plan))
            if option == CONF_PLAN_METHOD
            else vol.Optional(option, description=_suggestion(option, plan))
        ): SELECTORS[option]
        for option in PLAN_FIELDS
    }
    return vol.Schema(
        {
            **{
                vol.Required(section_key): section(
                    vol.Schema(
                        {_field(option, suggested): SELECTORS[option] for option in options}
                    ),
                    {"collapsed": section_key in COLLAPSED_SECTIONS},
                )
                for section_key, options in OPTION_SECTIONS.items()
            },
            # Left out (by a script, say), the plan stays as it is.
            vol.Optional(SECTION_PLAN): section(vol.Schema(plan_fields), {"collapsed": True}),
        }
    )


def _child_suggestions(name: str, options: Mapping[str, Any]) -> dict[str, Any]:
    return {CONF_CHILD_NAME: name, **{option: options[option] for option in CHILD_STEP_OPTIONS}}


# --- Flows ---------------------------------------------------------------------------


class SleepCoachConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up, and reconfigure, the coach for a child."""

    VERSION = ENTRY_VERSION
    MINOR_VERSION = ENTRY_MINOR_VERSION

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: ConfigEntry) -> SleepCoachOptionsFlow:
        """Return the options flow of a child's entry."""
        return SleepCoachOptionsFlow()

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the child's name, birth date, the opt-in and the cry sources."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            name = _clean_name(user_input[CONF_CHILD_NAME])
            if self._name_taken(name):
                return self.async_abort(reason=ABORT_ALREADY_CONFIGURED)
            options = options_from_form(user_input, CHILD_STEP_OPTIONS, DEFAULT_OPTIONS)
            errors, placeholders = self._check_child(name, options)
            if not errors:
                identity = new_child_id(self.hass, name)
                await self.async_set_unique_id(identity)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=name,
                    data={CONF_CHILD_NAME: name, CONF_CHILD_ID: identity},
                    options=_finish_options(options),
                )
        return self.async_show_form(
            step_id="user",
            data_schema=child_schema(user_input or {}),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change a child's name, birth date, opt-in and cry sources."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            name = _clean_name(user_input[CONF_CHILD_NAME])
            if self._name_taken(name, but=entry.entry_id):
                return self.async_abort(reason=ABORT_ALREADY_CONFIGURED)
            options = options_from_form(user_input, CHILD_STEP_OPTIONS, entry.options)
            errors, placeholders = self._check_child(name, options)
            if not errors:
                # The child's identity (unique id, statistic ids, entities, stored coach)
                # stays: a renamed child keeps its nights.
                changes: dict[str, Any] = {
                    "title": name,
                    "data": {**entry.data, CONF_CHILD_NAME: name},
                    "options": _finish_options(options),
                }
                if entry.update_listeners:
                    # A loaded entry reloads itself on every update. Reloading it here too
                    # would reload it twice, and Home Assistant 2026.12 stops accepting
                    # `async_update_reload_and_abort` for entries with an update listener.
                    self.hass.config_entries.async_update_entry(entry, **changes)
                    return self.async_abort(reason=ABORT_RECONFIGURE_SUCCESSFUL)
                return self.async_update_reload_and_abort(entry, **changes)
        suggested = user_input or _child_suggestions(
            entry.data.get(CONF_CHILD_NAME, entry.title), with_defaults(entry.options)
        )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=child_schema(suggested),
            errors=errors,
            description_placeholders=placeholders,
        )

    def _name_taken(self, name: str, *, but: str | None = None) -> bool:
        """Tell whether another child (than the entry `but`) has this name already."""
        return bool(name) and any(
            same_name(entry.title, name) and entry.entry_id != but
            for entry in self._async_current_entries(include_ignore=False)
        )

    def _check_child(
        self, name: str, options: dict[str, Any]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Check the child steps' input; errors on options not on the form go to "base"."""
        validation = validate_options(self.hass, options, CHILD_STEP_OPTIONS)
        errors: dict[str, str] = {}
        if not name:
            errors[CONF_CHILD_NAME] = ERROR_NAME_REQUIRED
        for option, error in validation.errors.items():
            errors.setdefault(option if option in CHILD_STEP_OPTIONS else BASE, error)
        return errors, validation.placeholders


class SleepCoachOptionsFlow(OptionsFlow):
    """Edit every option of a child, in sections; then how to reach each parent."""

    _options: dict[str, Any]
    _plan_change: Callable[[], None] | None = None

    def _child(self) -> ChildCoach | None:
        entry: SleepCoachConfigEntry = self.config_entry
        return entry.runtime_data.child if entry.state is ConfigEntryState.LOADED else None

    def _plan_suggestions(self) -> dict[str, Any]:
        child = self._child()
        progress = None if child is None else child.plan
        if progress is None:
            return {CONF_PLAN_METHOD: PLAN_NONE}
        plan = progress.plan
        return {
            CONF_PLAN_METHOD: plan.method.value,
            CONF_PLAN_FIRST_NIGHT: plan.first_night.isoformat(),
            CONF_PLAN_TABLE: plan_table_text(plan),
            CONF_PLAN_ADVANCE_ONLY_TO_PLAN: plan.advance_only_to_plan,
        }

    def _check_plan(self, values: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
        """Work out what the plan section asks for; set `_plan_change`, or return errors."""
        self._plan_change = None
        child = self._child()
        current = None if child is None else child.plan
        method = values.get(CONF_PLAN_METHOD, PLAN_NONE)
        if method == PLAN_NONE:
            if child is not None and current is not None:
                self._plan_change = partial(child.change_plan, PlanChange.END)
            return {}, {}
        if child is None:
            return {SECTION_PLAN: ERROR_PLAN_CHILD_NOT_LOADED}, {}
        coming = child.coming_night()
        values = {CONF_PLAN_FIRST_NIGHT: coming.isoformat(), **values}
        try:
            plan = plan_of(values, child.config)
        except ConfigError as err:
            return {SECTION_PLAN: err.code}, err.placeholders
        if current is not None and current.plan == plan:
            return {}, {}  # Unchanged: the plan goes on where it is.
        if plan.first_night < coming:
            return {SECTION_PLAN: "plan_start_over"}, {"earliest": coming.isoformat()}
        self._plan_change = partial(child.start_plan, plan)
        return {}, {}

    def _create_entry(self) -> ConfigFlowResult:
        if self._plan_change is not None:
            self._plan_change()
        return self.async_create_entry(data=self._options)

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show the options; save them when they keep every rule."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        suggested = with_defaults(self.config_entry.options)
        plan = self._plan_suggestions()
        if user_input is not None:
            form = {
                option: value
                for section_key in OPTION_SECTIONS
                for option, value in user_input.get(section_key, {}).items()
            }
            options = options_from_form(form, ALL_OPTION_FIELDS, self.config_entry.options)
            validation = validate_options(self.hass, options, ALL_OPTION_FIELDS)
            plan = dict(user_input.get(SECTION_PLAN, plan))
            if not validation.errors and SECTION_PLAN in user_input:
                errors, placeholders = self._check_plan(plan)
            if not validation.errors and not errors:
                self._options = _finish_options(options)
                if options[CONF_PARENTS]:
                    return await self.async_step_notify()
                self._options[CONF_NOTIFY] = {}
                return self._create_entry()
            for option, error in validation.errors.items():
                errors.setdefault(_section_of(option), error)
            placeholders = {**validation.placeholders, **placeholders}
            suggested = form
        return self.async_show_form(
            step_id="init",
            data_schema=options_schema(suggested, plan),
            errors=errors,
            description_placeholders={**LIMITS, **placeholders},
        )

    async def async_step_notify(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask how to reach each parent: a notify service per person (or none)."""
        parents: list[str] = self._options[CONF_PARENTS]
        errors: dict[str, str] = {}
        services = sorted(
            f"{NOTIFY_DOMAIN}.{name}"
            for name in self.hass.services.async_services_for_domain(NOTIFY_DOMAIN)
        )
        if user_input is not None:
            errors = {
                person: ERROR_NOTIFY_NOT_FOUND
                for person, service in user_input.items()
                if service not in services
            }
            if not errors:
                self._options[CONF_NOTIFY] = {
                    person: service for person, service in user_input.items() if person in parents
                }
                return self._create_entry()
        suggested = user_input or self._options[CONF_NOTIFY]
        selector = SelectSelector(
            SelectSelectorConfig(
                options=services, custom_value=True, mode=SelectSelectorMode.DROPDOWN
            )
        )
        return self.async_show_form(
            step_id="notify",
            data_schema=vol.Schema(
                {
                    vol.Optional(person, description=_suggestion(person, suggested)): selector
                    for person in parents
                }
            ),
            errors=errors,
            description_placeholders={"parents": ", ".join(parents)},
        )


def _section_of(option: str) -> str:
    """Return the section of the options form that shows an option."""
    return next(
        (key for key, options in OPTION_SECTIONS.items() if option in options),
        BASE,
    )
