"""Storing and restoring naps, and reading states stored before naps existed."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from custom_components.sleep_coach.coach import (
    NO_DAY,
    Coach,
    CoachState,
    EpisodeKind,
    NapEnded,
    StateError,
    read_state,
)

from .common import CONFIG, local
from .test_naps import DAY, day_coach, fresh, utc

# A state as Sleep Coach stored it before naps (store 1.3, without a plan): an open,
# visited episode and one finished episode, neither with a "kind".
BEFORE_NAPS: dict[str, Any] = {
    "clock": "2024-06-01T19:17:00+00:00",
    "started": "2024-06-01T18:00:00+00:00",
    "night": "2024-06-01",
    "signal": "crying",
    "signal_since": "2024-06-01T19:10:00+00:00",
    "parent_present": True,
    "needs": {
        "fed": {"met": True, "at": "2024-06-01T18:00:00+00:00"},
        "dry": {"met": True, "at": "2024-06-01T18:00:00+00:00"},
        "safe": {"met": True, "at": "2024-06-01T18:00:00+00:00"},
    },
    "episode": {
        "night": "2024-06-01",
        "start": "2024-06-01T19:10:00+00:00",
        "phase": "check_in_due",
        "reasons": [],
        "alert_reasons": [],
        "wait_started": "2024-06-01T19:10:00+00:00",
        "deadline": "2024-06-01T19:15:00+00:00",
        "waits_used": 1,
        "counted_cry_seconds": 0.0,
        "concern_after_seconds": None,
        "check_ins": 1,
        "outcome_on_arrival": "settled_after_check_in",
        "alerted": True,
    },
    "history": [
        {
            "night": "2024-06-01",
            "start": "2024-06-01T19:00:00+00:00",
            "end": "2024-06-01T19:01:00+00:00",
            "outcome": "self_soothed",
            "reasons": [],
            "cry_seconds": 60.0,
            "check_ins": 0,
        }
    ],
}


def test_a_state_stored_before_naps_reads_as_one_without_naps() -> None:
    state = CoachState.from_dict(BEFORE_NAPS)
    assert state.day == NO_DAY
    assert (NO_DAY.nap, NO_DAY.naps, NO_DAY.awake_since, NO_DAY.window_announced) == (
        None,
        (),
        None,
        None,
    )
    assert state.episode is not None
    assert state.episode.kind is EpisodeKind.NIGHT
    assert state.history[0].kind is EpisodeKind.NIGHT
    # Written back unchanged, until something happens.
    assert state.to_dict() == BEFORE_NAPS
    assert read_state(BEFORE_NAPS, CONFIG) == state


def test_a_coach_resumed_from_before_naps_learns_when_the_baby_woke() -> None:
    coach = Coach(CONFIG, CoachState.from_dict(BEFORE_NAPS))
    coach.parent_left(local("2024-06-01 20:20"))
    coach.cry(local("2024-06-01 20:21"), crying=False)
    coach.tick(local("2024-06-02 07:30"))
    assert coach.awake_since() == utc("2024-06-02 07:00")
    assert coach.nap_started(local("2024-06-02 08:30"))
    assert coach.state.to_dict()["awake_since"] == "2024-06-02T06:00:00+00:00"


def napping_state() -> dict[str, Any]:
    """Return the stored form of a state with every nap part filled in."""
    coach = day_coach()
    coach.nap_started(local("2024-06-02 08:30"))
    coach.nap_ended(local("2024-06-02 09:30"))  # a finished nap
    fresh(coach, "2024-06-02 11:00")
    coach.tick(local("2024-06-02 11:40"))  # its window announced
    coach.nap_started(local("2024-06-02 11:45"))
    coach.cry(local("2024-06-02 11:45"), crying=True)
    coach.tick(local("2024-06-02 11:46"))  # an open episode while falling asleep
    data: dict[str, Any] = json.loads(json.dumps(coach.state.to_dict()))
    return data


def test_round_trip_is_exact() -> None:
    data = napping_state()
    state = CoachState.from_dict(data)
    assert state.to_dict() == data
    assert state.day.nap is not None
    assert state.episode is not None
    assert state.episode.kind is EpisodeKind.FALLING_ASLEEP
    assert data["episode"]["kind"] == "falling_asleep"
    assert len(state.day.naps) == 1
    assert data["awake_since"] == "2024-06-02T08:30:00+00:00"
    assert data["window_announced"] == "2024-06-02T08:30:00+00:00"


def test_a_nap_interrupted_by_a_restart_ends_the_same() -> None:
    coach = Coach(CONFIG, CoachState.from_dict(napping_state()))
    resumed = Coach(CONFIG, CoachState.from_dict(json.loads(json.dumps(coach.state.to_dict()))))
    for each in (coach, resumed):
        each.cry(local("2024-06-02 11:49"), crying=False)
        each.cry(local("2024-06-02 12:40"), crying=True)
        each.cry(local("2024-06-02 12:42"), crying=False)
        each.tick(local("2024-06-02 13:00"))
    assert resumed.next_wakeup() == coach.next_wakeup()
    assert resumed.nap_ended(local("2024-06-02 13:15")) == coach.nap_ended(
        local("2024-06-02 13:15")
    )
    assert resumed.recent_days() == coach.recent_days()
    (today,) = coach.recent_days()
    assert (today.naps, today.wakings, today.day_sleep_minutes) == (2, 1, 60 + 84)


def test_a_finished_nap_keeps_its_episodes() -> None:
    coach = Coach(CONFIG, CoachState.from_dict(napping_state()))
    coach.cry(local("2024-06-02 11:49"), crying=False)
    effects = coach.nap_ended(local("2024-06-02 12:30"))
    (nap,) = [effect.nap for effect in effects if isinstance(effect, NapEnded)]
    data = json.loads(json.dumps(coach.state.to_dict()))
    assert data["naps"][-1]["episodes"][0]["kind"] == "falling_asleep"
    assert CoachState.from_dict(data).day.naps[-1] == nap
    assert nap.day == DAY


def _set(data: dict[str, Any], path: tuple[str | int, ...], value: object) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("nap",), "napping"),
        (("nap", "day"), None),
        (("nap", "asleep"), 5),
        (("nap", "episodes"), {}),
        (("naps",), {}),
        (("naps", 0, "ended_by"), "bored"),
        (("naps", 0, "sleep_seconds"), "3600"),
        (("naps", 0, "awake_since"), "morning"),
        (("episode", "kind"), "daydream"),
        (("history",), [{"night": "2024-06-01", "kind": 1}]),
        (("awake_since",), 7),
        (("window_announced",), "soon"),
        # A nap at night, a nap's episode without a nap, a night's episode during one.
        (("night",), "2024-06-02"),
        (("nap",), None),
        (("episode", "kind"), "night"),
    ],
)
def test_malformed_nap_state_is_refused(path: tuple[str | int, ...], value: object) -> None:
    data = copy.deepcopy(napping_state())
    _set(data, path, value)
    with pytest.raises(StateError) as caught:
        CoachState.from_dict(data)
    assert caught.value.code == "state_invalid"


@pytest.mark.parametrize("path", [("nap", "start"), ("naps", 0, "end")])
def test_missing_nap_parts_are_refused(path: tuple[str | int, ...]) -> None:
    data = copy.deepcopy(napping_state())
    parent: Any = data
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(StateError):
        CoachState.from_dict(data)
