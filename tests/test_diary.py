"""The night diary: transitions on the bus, as the logbook shows them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.sleep_coach.coach import (
    CheckInDue,
    DayEffect,
    Effect,
    Episode,
    EpisodeStarted,
    Nap,
    NapEnd,
    NapEnded,
    NapStarted,
    NeedsAttention,
    NightEnded,
    NightStarted,
    Outcome,
    ParentArrived,
    ParentLeft,
    SelfSootheStarted,
    Settled,
    SleepWindowOpened,
)
from custom_components.sleep_coach.const import DOMAIN, EVENT_TRANSITION
from custom_components.sleep_coach.logbook import async_describe_events
from custom_components.sleep_coach.transitions import diary_line
from custom_components.sleep_coach.words import async_load_words

from .conftest import CRY_SOURCE, LONDON, local
from .test_night import meet_every_need, move_to, set_state

AT = local("2024-06-01 20:00")


def episode(outcome: Outcome, settle_minutes: float) -> Episode:
    return Episode(
        night=date(2024, 6, 1),
        start=AT,
        end=AT + timedelta(minutes=settle_minutes),
        outcome=outcome,
        reasons=(),
        cry_time=timedelta(minutes=settle_minutes),
        check_ins=0,
    )


@pytest.mark.parametrize(
    ("effect", "line"),
    [
        (NightStarted(AT, date(2024, 6, 1)), "night started"),
        (NightEnded(AT, date(2024, 6, 1)), "night ended"),
        (EpisodeStarted(AT, AT, date(2024, 6, 1)), "started crying"),
        (
            SelfSootheStarted(AT, AT, AT + timedelta(minutes=5)),
            "cried, all needs met: giving 5 min to self-soothe",
        ),
        (CheckInDue(AT, AT), "is still crying: time for a check-in"),
        (
            NeedsAttention(AT, ("fed", "safe", "room_ok")),
            "needs you: not fed recently, not marked safe, room ok not met",
        ),
        (
            NeedsAttention(AT, ("concern", "source_unavailable")),
            "needs you: crying far longer than usual, the monitor cannot hear",
        ),
        (ParentArrived(AT), "has a parent with them"),
        (ParentLeft(AT), "was left to settle"),
        (
            Settled(AT, episode(Outcome.SELF_SOOTHED, 3)),
            "settled without help after 3 min",
        ),
        (
            Settled(AT, episode(Outcome.SETTLED_BEFORE_PARENT, 0.5)),
            "settled before anyone came after less than a minute",
        ),
    ],
)
async def test_diary_lines(hass: HomeAssistant, effect: Effect, line: str) -> None:
    assert diary_line(await async_load_words(hass, "en"), effect) == line


async def test_transitions_reach_the_bus_and_read_as_a_diary(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    transitions = async_capture_events(hass, EVENT_TRANSITION)
    await meet_every_need(hass)
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:01")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-01 20:04")

    describers: dict[tuple[str, str], Callable[[Event], dict[str, Any]]] = {}
    async_describe_events(
        hass, lambda domain, name, describe: describers.__setitem__((domain, name), describe)
    )
    describe = describers[DOMAIN, EVENT_TRANSITION]

    diary = [describe(event) for event in transitions]
    assert [entry["message"] for entry in diary] == [
        "night started",
        "started crying",
        "cried, all needs met: giving 5 min to self-soothe",
        "settled without help after 1 min",
    ]
    assert {entry["name"] for entry in diary} == {"Mia"}
    assert transitions[-1].data["entry_id"] == loaded_entry.entry_id
    assert transitions[-1].data["outcome"] == "self_soothed"


def nap(minutes_long: float, minutes_asleep: float) -> Nap:
    start = local("2024-06-01 12:00")
    return Nap(
        day=date(2024, 6, 1),
        start=start,
        end=start + timedelta(minutes=minutes_long),
        ended_by=NapEnd.ENDED,
        awake_since=None,
        asleep=start,
        sleep=timedelta(minutes=minutes_asleep),
        episodes=(),
    )


WINDOW = SleepWindowOpened(
    local("2024-06-01 13:10"),
    local("2024-06-01 11:40"),
    local("2024-06-01 13:10"),
    local("2024-06-01 13:40"),
    learned=False,
)


@pytest.mark.parametrize(
    ("language", "effect", "line"),
    [
        ("en", NapStarted(AT, date(2024, 6, 1)), "started a nap"),
        ("en", NapEnded(AT, nap(80, 65)), "ended a nap of 1 h 20 min, asleep for 1 h 5 min"),
        ("en", NapEnded(AT, nap(45, 0.2)), "ended a nap of 45 min, asleep for less than a minute"),
        ("en", WINDOW, "is ready for the next sleep: between 13:10 and 13:40"),
        (
            "de",
            NapEnded(AT, nap(120, 60)),
            "hat ein Schläfchen von 2 Std. 0 Min. beendet, davon 1 Std. 0 Min. geschlafen",
        ),
        ("fr", WINDOW, "est prêt pour le prochain sommeil : entre 13:10 et 13:40"),
    ],
)
async def test_day_diary_lines_in_the_home_time_zone(
    hass: HomeAssistant, language: str, effect: DayEffect, line: str
) -> None:
    assert diary_line(await async_load_words(hass, language), effect, LONDON) == line
