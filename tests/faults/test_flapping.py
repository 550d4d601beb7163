"""A cry source flapping on and off 1,000 times in a minute."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.store import CoachStore

from ..conftest import CRY_SOURCE, local
from ..test_night import COACH_STATE, meet_every_need, move_to, set_state, state_of
from .common import Transitions

FLIPS = 1000
EVERY = timedelta(milliseconds=60)


@contextmanager
def counting_writes() -> Iterator[tuple[list[str], list[str]]]:
    """Count the coach store's calls to save (at once) and its actual writes."""
    saves: list[str] = []
    writes: list[str] = []
    save = CoachStore.async_save
    # The test harness's in-memory write, which every real write goes through.
    write = Store._async_write_data

    async def counted_save(store: CoachStore, data: Any) -> None:
        saves.append(store.key)
        await save(store, data)

    # (path, data) on Home Assistant 2025.4, (data) on later releases.
    async def counted_write(store: CoachStore, *args: Any) -> None:
        writes.append(store.key)
        await write(store, *args)

    with (
        patch.object(CoachStore, "async_save", counted_save),
        patch.object(CoachStore, "_async_write_data", counted_write),
    ):
        yield saves, writes


async def flap(hass: HomeAssistant, freezer: FrozenDateTimeFactory, *, first: str) -> None:
    """Flip the cry source every 60 ms of frozen time, 1,000 times, starting with `first`."""
    values = (first, "off" if first == "on" else "on")
    for flip in range(FLIPS):
        freezer.tick(EVERY)
        async_fire_time_changed(hass)
        hass.states.async_set(CRY_SOURCE, values[flip % 2])
        await hass.async_block_till_done()


async def test_flapping_before_an_episode_never_starts_one(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    # The core starts an episode only after the minimum cry (20 s) without a break, so a
    # source that never stays on for 20 s is no crying: no episode, no alert.
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 20:00")
    transitions = Transitions(hass)
    with counting_writes() as (saves, writes):
        await flap(hass, evening, first="on")  # ends "off"
        await move_to(hass, evening, "2024-06-01 20:05")

    assert state_of(hass, COACH_STATE) == "idle"
    assert transitions.kinds == []
    assert loaded_entry.runtime_data.child.coach.state.history == ()
    # No transition, so nothing is written at once; the delayed write is batched.
    assert len(saves) == 0
    assert len(writes) <= 3

    # The source then really cries: an episode starts as usual, 20 s later.
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:05:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"


async def test_flapping_during_an_episode_keeps_one_episode_and_its_cry_time(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:00:20")
    assert state_of(hass, COACH_STATE) == "self_soothing"
    transitions = Transitions(hass)

    with counting_writes() as (saves, writes):
        # Crying on and off for a minute: every quiet gap (60 ms) is far shorter than the
        # settle time, so the episode goes on; only the "on" halves count as crying.
        await flap(hass, evening, first="off")  # ends "on"
        assert state_of(hass, COACH_STATE) == "self_soothing"
        await set_state(hass, CRY_SOURCE, "off")
        await move_to(hass, evening, "2024-06-01 20:04:30")

    # One episode, one outcome, once.
    assert transitions.kinds == ["settled"]
    settled = transitions.events[0]
    assert settled["outcome"] == "self_soothed"
    assert settled["start"] == "2024-06-01T20:00:00+01:00"
    assert settled["end"] == "2024-06-01T20:01:20+01:00"
    # 20 s before the flapping, then 500 crying halves of 60 ms each.
    assert settled["cry_minutes"] == pytest.approx((20 + FLIPS // 2 * 0.06) / 60, abs=0.01)
    assert state_of(hass, COACH_STATE) == "idle"
    assert state_of(hass, "sensor.mia_tonight_s_wakings") == "1"
    # The store was written for the one transition and a few batched quiet saves, not
    # 1,000 times, and what it holds has the episode.
    assert len(saves) == 1
    assert len(writes) <= 5
    key = f"{DOMAIN}.{loaded_entry.entry_id}"
    history = hass_storage[key]["data"]["state"]["history"]
    assert [datetime.fromisoformat(episode["start"]) for episode in history] == [
        local("2024-06-01 20:00")
    ]
