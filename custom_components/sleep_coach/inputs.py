"""Reading source entities: what a state of a cry source, needs entity or presence entity means.

Plain functions of Home Assistant `State` objects, so each rule is easy to test. The
decisions about what to do with a reading belong to the coaching core.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from homeassistant.const import STATE_ON, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import split_entity_id
from homeassistant.util import dt as dt_util

if TYPE_CHECKING:
    from homeassistant.core import State

EVENT_DOMAIN: Final = "event"
SENSOR_DOMAIN: Final = "sensor"
INPUT_DATETIME_DOMAIN: Final = "input_datetime"

# Words in an event type about a device's own sound (a smart bassinet's white noise), which
# says nothing about the baby; checked first.
EVENT_DEVICE_WORDS: Final = ("white_noise", "white noise")
# Words in an event type that mean the crying stopped, checked before the crying words.
EVENT_STOP_WORDS: Final = ("stop", "end", "quiet", "calm")
EVENT_CRY_WORDS: Final = ("cry", "sound", "noise", "scream")


class CryReading(StrEnum):
    """What one cry source says."""

    CRYING = "crying"
    QUIET = "quiet"
    UNKNOWN = "unknown"
    """The source is unavailable or says nothing usable: the coach cannot hear."""
    UNCHANGED = "unchanged"
    """Between a sound level's thresholds, or an event that means nothing: keep the last."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """A sound level starts crying at `on` or above and ends it at `off` or below."""

    on: float
    off: float


def read_cry_source(state: State | None, thresholds: Thresholds) -> CryReading:
    """Read a state cry source: an on/off entity or a sound level sensor.

    (An event entity reports moments, not a state; the runtime reads those with
    `read_cry_event` and holds the crying between events.)
    """
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return CryReading.UNKNOWN
    if split_entity_id(state.entity_id)[0] == SENSOR_DOMAIN:
        return read_sound_level(state.state, thresholds)
    return CryReading.CRYING if state.state == STATE_ON else CryReading.QUIET


def read_sound_level(value: str, thresholds: Thresholds) -> CryReading:
    """Read a sound level with hysteresis; a value that is no number is unheard."""
    try:
        level = float(value)
    except ValueError:
        return CryReading.UNKNOWN
    if not math.isfinite(level):
        # "nan" and "inf" parse as floats but are no sound level: a broken sensor.
        return CryReading.UNKNOWN
    if level >= thresholds.on:
        return CryReading.CRYING
    if level <= thresholds.off:
        return CryReading.QUIET
    return CryReading.UNCHANGED


def read_cry_event(event_type: object) -> CryReading:
    """Read the type of an event a cry source fired."""
    if not isinstance(event_type, str):
        return CryReading.UNCHANGED
    lowered = event_type.lower()
    if any(word in lowered for word in EVENT_DEVICE_WORDS):
        return CryReading.UNCHANGED
    if any(word in lowered for word in EVENT_STOP_WORDS):
        return CryReading.QUIET
    if any(word in lowered for word in EVENT_CRY_WORDS):
        return CryReading.CRYING
    return CryReading.UNCHANGED


def combine_cry_readings(readings: list[CryReading], previous: CryReading) -> CryReading:
    """Combine the readings of all sources: any source unheard means the coach cannot hear.

    Otherwise the baby cries if any source says so; sources that keep their last reading
    keep the previous combined one. No source at all means the coach cannot hear.
    """
    if not readings or CryReading.UNKNOWN in readings:
        return CryReading.UNKNOWN
    if CryReading.CRYING in readings:
        return CryReading.CRYING
    if CryReading.UNCHANGED in readings and previous is not CryReading.UNKNOWN:
        return previous
    return CryReading.QUIET


@dataclass(frozen=True, slots=True)
class NeedReading:
    """What a mapped needs entity says: met since a time, or not met."""

    met: bool
    since: datetime | None = None


def read_need_entity(state: State | None, now: datetime) -> NeedReading:
    """Read a mapped needs entity.

    An `input_datetime` or timestamp `sensor` holds when the need was last met (a feed, a
    nappy change); an on/off entity holds whether it is met, since it last changed. A
    missing, unavailable or unreadable entity counts as unmet: unknown is unmet.
    """
    if state is None or state.state in (STATE_UNAVAILABLE, STATE_UNKNOWN):
        return NeedReading(met=False)
    domain = split_entity_id(state.entity_id)[0]
    if domain in (INPUT_DATETIME_DOMAIN, SENSOR_DOMAIN):
        moment = dt_util.parse_datetime(state.state)
        if moment is None:
            return NeedReading(met=False)
        if moment.tzinfo is None:
            # input_datetime keeps local wall-clock time.
            moment = moment.replace(tzinfo=dt_util.get_default_time_zone())
        # A time in the future (a clock set wrong) counts as now, never beyond.
        return NeedReading(met=True, since=min(moment, now))
    if state.state == STATE_ON:
        return NeedReading(met=True, since=min(state.last_changed, now))
    return NeedReading(met=False)


def read_presence(states: list[State | None]) -> bool:
    """Tell whether a parent is in the nursery: any presence entity on."""
    return any(state is not None and state.state == STATE_ON for state in states)
