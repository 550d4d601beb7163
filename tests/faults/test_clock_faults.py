"""The clock: daylight-saving nights both ways, and the system clock jumping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.options import CONF_BIRTH_DATE

from ..conftest import CRY_SOURCE, local
from ..test_night import COACH_STATE, DEADLINE, meet_every_need, move_to, press, set_state, state_of
from ..test_restart import start_a_wait
from .common import Transitions


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def move_utc(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    """Move the clock to UTC `when` (unambiguous across a clock change) and fire timers."""
    freezer.move_to(utc(when))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def set_up_at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, options: dict[str, Any], when: str
) -> tuple[MockConfigEntry, Transitions]:
    # Old enough for self-soothe waits on both nights.
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        options={**options, CONF_BIRTH_DATE: "2023-06-01"},
    )
    await hass.config.async_set_time_zone("Europe/London")
    freezer.move_to(utc(when))
    hass.states.async_set(CRY_SOURCE, "off")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry, Transitions(hass)


async def night_figures(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_nights",
        {"config_entry": entry.entry_id, "nights": 1},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    nights: list[dict[str, Any]] = response["nights"]  # type: ignore[assignment]
    return nights[-1]


async def an_episode_with_a_check_in(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, times: dict[str, str]
) -> None:
    """Cry, wait, check-in due, parent in, quiet, parent out: at the given UTC times."""
    await move_utc(hass, freezer, times["needs"])
    await meet_every_need(hass)
    await move_utc(hass, freezer, times["cry"])
    await set_state(hass, CRY_SOURCE, "on")
    await move_utc(hass, freezer, times["deadline"])
    assert state_of(hass, COACH_STATE) == "check_in_due"
    await move_utc(hass, freezer, times["arrive"])
    await press(hass, "button.mia_i_m_going_in")
    await move_utc(hass, freezer, times["quiet"])
    await set_state(hass, CRY_SOURCE, "off")
    await move_utc(hass, freezer, times["leave"])
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_utc(hass, freezer, times["settled"])
    assert state_of(hass, COACH_STATE) == "idle"


async def test_a_spring_forward_night(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    # Europe/London, 31 March 2024: 01:00 GMT becomes 02:00 BST; the night is 11 h long.
    entry, transitions = await set_up_at(hass, freezer, options, "2024-03-30T18:30:00")
    await move_utc(hass, freezer, "2024-03-30T19:00:00")
    assert transitions.of("night_started")[0]["at"] == "2024-03-30T19:00:00+00:00"

    # The wait starts at 00:58:20 GMT; its deadline, 5 real minutes later, is 02:03 BST.
    await move_utc(hass, freezer, "2024-03-31T00:58:20")
    await an_episode_with_a_check_in(
        hass,
        freezer,
        {
            "needs": "2024-03-31T00:30:00",
            "cry": "2024-03-31T00:58:00",
            "deadline": "2024-03-31T01:03:00",
            "arrive": "2024-03-31T01:05:00",
            "quiet": "2024-03-31T01:06:00",
            "leave": "2024-03-31T01:07:00",
            "settled": "2024-03-31T01:09:00",
        },
    )

    assert transitions.of("self_soothe_started")[0]["deadline"] == "2024-03-31T02:03:00+01:00"
    assert transitions.of("check_in_due")[0]["at"] == "2024-03-31T02:03:00+01:00"
    (settled,) = transitions.of("settled")
    assert settled["start"] == "2024-03-31T00:58:00+00:00"
    assert settled["end"] == "2024-03-31T02:06:00+01:00"
    # Eight real minutes, not the 68 the wall clock suggests.
    assert settled["cry_minutes"] == 8.0
    assert settled["outcome"] == "settled_after_check_in"
    assert settled["night"] == "2024-03-30"

    await move_utc(hass, freezer, "2024-03-31T05:59:59")
    assert transitions.kinds.count("night_ended") == 0
    await move_utc(hass, freezer, "2024-03-31T06:00:00")
    assert transitions.of("night_ended")[0]["at"] == "2024-03-31T07:00:00+01:00"
    figures = await night_figures(hass, entry)
    assert figures["night"] == "2024-03-30"
    assert figures["episodes"] == 1
    assert figures["cry_minutes"] == 8.0
    assert figures["check_ins"] == 1


async def test_a_fall_back_night(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    # Europe/London, 27 October 2024: 02:00 BST becomes 01:00 GMT; the night is 13 h long.
    entry, transitions = await set_up_at(hass, freezer, options, "2024-10-26T17:30:00")
    await move_utc(hass, freezer, "2024-10-26T18:00:00")
    assert transitions.of("night_started")[0]["at"] == "2024-10-26T19:00:00+01:00"

    # Crying from 01:50 BST until 01:05 GMT: 15 real minutes across the repeated hour.
    await an_episode_with_a_check_in(
        hass,
        freezer,
        {
            "needs": "2024-10-27T00:00:00",
            "cry": "2024-10-27T00:50:00",
            "deadline": "2024-10-27T00:55:20",
            "arrive": "2024-10-27T00:58:00",
            "quiet": "2024-10-27T01:05:00",
            "leave": "2024-10-27T01:06:00",
            "settled": "2024-10-27T01:08:00",
        },
    )

    (settled,) = transitions.of("settled")
    assert settled["start"] == "2024-10-27T01:50:00+01:00"
    assert settled["end"] == "2024-10-27T01:05:00+00:00"
    assert settled["cry_minutes"] == 15.0
    assert settled["settle_minutes"] == 15.0
    assert settled["night"] == "2024-10-26"

    await move_utc(hass, freezer, "2024-10-27T06:59:59")
    assert transitions.kinds.count("night_ended") == 0
    await move_utc(hass, freezer, "2024-10-27T07:00:00")
    assert transitions.of("night_ended")[0]["at"] == "2024-10-27T07:00:00+00:00"
    figures = await night_figures(hass, entry)
    assert figures["night"] == "2024-10-26"
    assert figures["episodes"] == 1
    assert figures["cry_minutes"] == 15.0


async def test_a_clock_jumping_3_hours_forward_fires_each_timer_at_its_own_time(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)

    # From 20:00:20 straight to 23:00:20, the baby crying all along.
    await move_to(hass, evening, "2024-06-01 23:00:20")

    assert state_of(hass, COACH_STATE) == "check_in_due"
    assert transitions.of("check_in_due")[0]["at"] == "2024-06-01T20:05:00+01:00"
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-02 02:00")
    (settled,) = transitions.of("settled")
    assert settled["at"] == "2024-06-01T23:03:20+01:00"
    assert settled["end"] == "2024-06-01T23:00:20+01:00"
    assert settled["outcome"] == "settled_before_parent"


async def test_a_clock_jump_over_the_settle_time_and_the_night_end(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    await move_to(hass, evening, "2024-06-01 20:03")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-02 05:00")

    await move_to(hass, evening, "2024-06-02 08:00")

    (settled,) = transitions.of("settled")
    assert settled["at"] == "2024-06-01T20:06:00+01:00"
    assert settled["outcome"] == "self_soothed"
    assert transitions.of("night_ended")[0]["at"] == "2024-06-02T07:00:00+01:00"
    assert state_of(hass, COACH_STATE) == "daytime"


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
async def test_a_clock_going_back_an_hour_loses_nothing(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = Transitions(hass)
    await start_a_wait(hass, evening)
    await move_to(hass, evening, "2024-06-01 20:02")
    await press(hass, "button.mia_log_feed")
    child = loaded_entry.runtime_data.child

    # The system clock goes back to 19:02: inputs count at the last time the coach saw.
    await move_to(hass, evening, "2024-06-01 19:02")
    await set_state(hass, CRY_SOURCE, "off")
    await press(hass, "button.mia_log_diaper_change")
    assert child.coach.state.clock == local("2024-06-01 20:02")
    assert state_of(hass, COACH_STATE) == "self_soothing"
    assert dt_util.parse_datetime(state_of(hass, DEADLINE)) == local("2024-06-01 20:05")

    await move_to(hass, evening, "2024-06-01 20:06")

    (settled,) = transitions.of("settled")
    assert settled["start"] == "2024-06-01T20:00:00+01:00"
    assert settled["end"] == "2024-06-01T20:02:00+01:00"
    assert settled["outcome"] == "self_soothed"
    assert state_of(hass, COACH_STATE) == "idle"
    assert len(child.coach.state.history) == 1
