"""Naps at their edges: a nap running into the night, and a restart during a nap."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.coach import EpisodeKind, Mode, NapEnd
from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.store import CoachStore

from ..conftest import CRY_SOURCE, local
from ..test_naps import NAP_STARTED, set_up
from ..test_night import meet_every_need, move_to, press, set_state
from ..test_restart import restart
from .common import Transitions


@pytest.fixture
async def midday(freezer: FrozenDateTimeFactory, london: None) -> FrozenDateTimeFactory:
    """Freeze time at 11:00 in London on 1 June 2024, in the day."""
    freezer.move_to(local("2024-06-01 11:00"))
    return freezer


async def test_a_nap_running_into_the_night_hands_its_crying_to_the_night(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    child = loaded_entry.runtime_data.child
    transitions = Transitions(hass)
    await meet_every_need(hass)
    await press(hass, NAP_STARTED)  # 18:30, a late nap
    await move_to(hass, evening, "2024-06-01 18:55")
    await set_state(hass, CRY_SOURCE, "on")
    # Asleep since 18:30; the waking's first nap wait (3 min) runs out before the night.
    await move_to(hass, evening, "2024-06-01 18:58:20")
    assert child.status.mode is Mode.CHECK_IN_DUE

    await move_to(hass, evening, "2024-06-01 19:00")

    # The nap ends where the night begins; the check-in still stands.
    (ended,) = transitions.of("nap_ended")
    assert ended["ended_by"] == NapEnd.NIGHT.value
    assert ended["end"] == "2024-06-01T19:00:00+01:00"
    assert ended["episodes"] == []
    assert child.status.mode is Mode.CHECK_IN_DUE
    assert not child.nap_under_way
    # The nap's sleep ends where the waking began.
    (nap,) = child.coach.state.day.naps
    assert nap.sleep == local("2024-06-01 18:55") - local("2024-06-01 18:30")

    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 19:10")

    # Counted once, in the night (dated like the nap's day, which is tonight's).
    (settled,) = transitions.of("settled")
    assert settled["start"] == "2024-06-01T18:55:00+01:00"
    assert settled["outcome"] == "settled_before_parent"
    (episode,) = child.coach.state.history
    assert episode.night == date(2024, 6, 1)
    assert episode.kind is EpisodeKind.NIGHT
    tonight = child.tonight()
    assert tonight is not None
    assert tonight.figures.episodes == 1
    assert transitions.kinds.count("check_in_due") == 1
    assert transitions.kinds.count("episode_started") == 1


async def test_a_restart_during_a_nap_keeps_it_and_its_longest_nap(
    hass: HomeAssistant, midday: FrozenDateTimeFactory, mock_config_entry: MockConfigEntry
) -> None:
    child = await set_up(hass, mock_config_entry)
    transitions = Transitions(hass)
    await move_to(hass, midday, "2024-06-01 12:00")
    await press(hass, NAP_STARTED)
    await move_to(hass, midday, "2024-06-01 12:30")
    before = child.coach.state.day.nap

    await restart(hass, mock_config_entry)

    child = mock_config_entry.runtime_data.child
    assert child.coach.state.day.nap == before
    assert before is not None
    assert before.asleep == local("2024-06-01 12:00")
    assert child.status.mode is Mode.IDLE
    # The longest nap (3 h) is armed again, and nothing before it.
    assert child._wakeup_at == local("2024-06-01 15:00")
    await move_to(hass, midday, "2024-06-01 15:00")

    (ended,) = transitions.of("nap_ended")
    assert ended["ended_by"] == NapEnd.LONGEST_NAP.value
    assert ended["sleep_minutes"] == 180
    assert transitions.kinds.count("nap_started") == 1


async def test_a_crash_during_a_nap_resumes_from_the_nap_started(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    midday: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    key = f"{DOMAIN}.{mock_config_entry.entry_id}"
    await set_up(hass, mock_config_entry)
    await press(hass, NAP_STARTED)  # 11:00
    # Written at once with the transition.
    written = copy.deepcopy(hass_storage[key])
    assert written["data"]["state"]["nap"]["start"] == "2024-06-01T10:00:00+00:00"
    await move_to(hass, midday, "2024-06-01 11:20")
    with patch.object(CoachStore, "async_save", autospec=True):
        assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
        await hass.async_block_till_done()
    hass_storage[key] = written

    midday.move_to(local("2024-06-01 11:40"))
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    child = mock_config_entry.runtime_data.child
    nap = child.coach.state.day.nap
    assert nap is not None
    assert nap.start == local("2024-06-01 11:00")
    # Falling asleep, due while it was down, happened at its own time.
    assert nap.asleep == local("2024-06-01 11:00")
    assert child._wakeup_at == local("2024-06-01 14:00")
