"""Storing and restoring the coach's state."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from custom_components.sleep_coach.coach import Coach, CoachState, StateError, read_state

from .common import CONFIG, local, ready_coach


def stored_state() -> dict[str, Any]:
    """Return the stored form of a state with every part filled in."""
    coach = ready_coach()
    coach.cry(local("2024-06-01 20:00"), crying=True)
    coach.cry(local("2024-06-01 20:01"), crying=False)
    coach.tick(local("2024-06-01 20:04"))  # one finished episode
    coach.cry(local("2024-06-01 20:10"), crying=True)
    coach.tick(local("2024-06-01 20:16"))
    coach.parent_arrived(local("2024-06-01 20:17"))  # an open, visited episode
    data: dict[str, Any] = json.loads(json.dumps(coach.state.to_dict()))
    return data


def test_round_trip_is_exact() -> None:
    data = stored_state()
    state = CoachState.from_dict(data)
    assert state.to_dict() == data
    assert state.episode is not None
    assert state.history


def test_stored_times_are_utc() -> None:
    data = stored_state()
    assert data["clock"] == "2024-06-01T19:17:00+00:00"
    assert data["episode"]["outcome_on_arrival"] == "settled_after_check_in"


def test_other_offsets_are_read_as_the_same_instant() -> None:
    data = stored_state()
    data["clock"] = "2024-06-01T20:17:00+01:00"
    assert CoachState.from_dict(data).clock == local("2024-06-01 20:17")


def _parent(data: Any, path: tuple[str | int, ...]) -> Any:
    for key in path[:-1]:
        data = data[key]
    return data


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    _parent(data, path)[path[-1]] = value


def _delete(data: dict[str, Any], path: tuple[str | int, ...]) -> None:
    del _parent(data, path)[path[-1]]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("clock",), 5),
        (("clock",), "yesterday"),
        (("clock",), "2024-06-01T19:17:00"),
        (("night",), 20240601),
        (("signal",), "sobbing"),
        (("parent_present",), "yes"),
        (("needs",), []),
        (("needs", "fed"), "met"),
        (("needs", "fed", "met"), 1),
        (("episode",), "open"),
        (("episode", "phase"), "idle"),
        (("episode", "reasons"), "fed"),
        (("episode", "reasons"), [1]),
        (("episode", "waits_used"), True),
        (("episode", "waits_used"), 1.5),
        (("episode", "counted_cry_seconds"), "60"),
        (("episode", "counted_cry_seconds"), False),
        (("episode", "concern_after_seconds"), 1e300),
        (("episode", "outcome_on_arrival"), "fine"),
        (("episode", "alerted"), None),
        (("history",), {}),
        (("history", 0, "outcome"), "slept"),
        (("history", 0, "start"), None),
    ],
)
def test_malformed_state_is_refused(path: tuple[str | int, ...], value: object) -> None:
    data = stored_state()
    _set(data, path, value)
    with pytest.raises(StateError) as caught:
        CoachState.from_dict(data)
    assert caught.value.code == "state_invalid"


@pytest.mark.parametrize("path", [("clock",), ("episode", "deadline"), ("history", 0, "end")])
def test_missing_parts_are_refused(path: tuple[str | int, ...]) -> None:
    data = stored_state()
    _delete(data, path)
    with pytest.raises(StateError):
        CoachState.from_dict(data)


def test_optional_parts_may_be_empty() -> None:
    data = copy.deepcopy(stored_state())
    data["episode"]["concern_after_seconds"] = 300
    data["episode"]["outcome_on_arrival"] = None
    data["episode"]["wait_started"] = None
    data["night"] = None
    state = CoachState.from_dict(data)
    assert state.night is None
    assert state.episode is not None
    assert state.episode.concern_after is not None
    assert state.episode.concern_after.total_seconds() == 300


def old_episode(data: dict[str, Any], night: str) -> dict[str, Any]:
    """Return a copy of the stored state's finished episode, moved to ``night``."""
    episode = copy.deepcopy(data["history"][0])
    episode["night"] = night
    return episode


def test_reading_for_a_coach_skips_history_no_figure_needs() -> None:
    data = stored_state()
    # Fourteen nights before tonight still count; fifteen do not, and are not even read.
    kept = old_episode(data, "2024-05-18")
    unread = old_episode(data, "2024-05-17")
    unread["outcome"] = "from a release long gone"
    data["history"] = [unread, kept, *data["history"]]
    state = read_state(data, CONFIG)
    assert [episode.night.isoformat() for episode in state.history] == [
        "2024-05-18",
        "2024-06-01",
    ]
    assert Coach(CONFIG, state).state == state


def test_reading_for_a_coach_refuses_what_it_needs_malformed() -> None:
    data = stored_state()
    data["history"][0]["outcome"] = "slept"
    with pytest.raises(StateError):
        read_state(data, CONFIG)
    data = stored_state()
    data["history"][0]["night"] = 20240601
    with pytest.raises(StateError):
        read_state(data, CONFIG)
