"""The trend sensors: last night's figures, the rolling 7 nights, the trend and the baseline."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.sleep_coach.coach import Coach, Episode, Outcome
from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.options import child_config
from custom_components.sleep_coach.store import STORAGE_MINOR_VERSION, STORAGE_VERSION

from .conftest import CRY_SOURCE, local
from .test_night import meet_every_need, move_to, press, set_state, state_of

# The figures a family rarely needs are disabled by default; these tests read them.
pytestmark = pytest.mark.usefixtures("entity_registry_enabled_by_default")

LAST_EPISODES = "sensor.mia_last_night_s_wakings"
LAST_CRYING = "sensor.mia_last_night_s_crying"
LAST_RATE = "sensor.mia_last_night_self_soothed"
LAST_CHECK_INS = "sensor.mia_last_night_s_check_ins"
LAST_INTERVENTIONS = "sensor.mia_last_night_s_interventions"
LAST_SETTLE = "sensor.mia_last_night_s_median_time_to_settle"
WEEK_EPISODES = "sensor.mia_7_night_wakings"
WEEK_CRYING = "sensor.mia_7_night_crying"
WEEK_RATE = "sensor.mia_7_night_self_soothed"
TREND = "sensor.mia_trend"
FIRST_NIGHT = date(2024, 6, 1)


def episode(night: date, cry_minutes: float, outcome: Outcome) -> Episode:
    """Return an episode at 21:00 on `night` that cried for its whole length."""
    start = local(f"{night.isoformat()} 21:00")
    length = timedelta(minutes=cry_minutes)
    return Episode(
        night=night,
        start=start,
        end=start + length,
        outcome=outcome,
        reasons=(),
        cry_time=length,
        check_ins=0 if outcome is Outcome.SELF_SOOTHED else 1,
    )


def stored_coach(
    options: dict[str, Any],
    episodes: list[Episode],
    *,
    nights: int,
    statistics_through: date | None,
) -> dict[str, Any]:
    """Return the store file of a coach that has listened since the first night's evening.

    It was last told about the morning after the last of `nights` nights, so that night
    is over.
    """
    config = child_config(options, "Europe/London")
    base = Coach.start(config, local("2024-06-01 18:00")).state
    clock = local(f"{(FIRST_NIGHT + timedelta(days=nights)).isoformat()} 08:00")
    state = dataclasses.replace(base, clock=clock, history=tuple(episodes))
    return {
        "version": STORAGE_VERSION,
        "minor_version": STORAGE_MINOR_VERSION,
        "key": "",
        "data": {
            "state": state.to_dict(),
            "timeline": [],
            "statistics_through": (
                None if statistics_through is None else statistics_through.isoformat()
            ),
        },
    }


def two_weeks(first: tuple[float, Outcome], second: tuple[float, Outcome]) -> list[Episode]:
    """Return one episode a night: the first week's kind, then the second week's."""
    return [
        episode(FIRST_NIGHT + timedelta(days=day), *(first if day < 7 else second))
        for day in range(14)
    ]


async def set_up_with_history(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    entry: MockConfigEntry,
    episodes: list[Episode],
    *,
    nights: int = 14,
    statistics_through: date | None = None,
) -> None:
    """Store a coach with `episodes`, then set the child up on the following evening."""
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = stored_coach(
        dict(entry.options), episodes, nights=nights, statistics_through=statistics_through
    )
    freezer.move_to(local(f"{(FIRST_NIGHT + timedelta(days=nights)).isoformat()} 18:30"))
    hass.states.async_set(CRY_SOURCE, "off")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def self_soothe(hass: HomeAssistant, freezer: FrozenDateTimeFactory, night: str) -> None:
    """Cry from 20:00 to 20:03 on `night`, settling by 20:06 without a parent."""
    await move_to(hass, freezer, f"{night} 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, f"{night} 20:03")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, f"{night} 20:06")


async def check_in(hass: HomeAssistant, freezer: FrozenDateTimeFactory, night: str) -> None:
    """Cry from 21:00 to 21:10 on `night`, with a parent going in when the check-in is due."""
    await move_to(hass, freezer, f"{night} 21:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, f"{night} 21:05")
    await press(hass, "button.mia_i_m_going_in")
    await move_to(hass, freezer, f"{night} 21:10")
    await set_state(hass, CRY_SOURCE, "off")
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_to(hass, freezer, f"{night} 21:15")


async def test_no_night_over_yet(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    for entity_id in (LAST_EPISODES, LAST_CRYING, LAST_RATE, WEEK_EPISODES, WEEK_RATE, TREND):
        assert state_of(hass, entity_id) == "unknown"
    attributes = hass.states.get(TREND).attributes  # type: ignore[union-attr]
    assert attributes["options"] == ["improving", "steady", "worsening"]
    assert attributes["night"] is None
    assert attributes["nights"] is None
    assert attributes["baseline_episodes"] is None
    assert attributes["baseline_p90_minutes"] is None
    assert attributes["concern_after_minutes"] is None


async def test_last_night_and_the_rolling_figures_over_two_nights(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    freezer = evening
    await meet_every_need(hass)
    await self_soothe(hass, freezer, "2024-06-01")
    # Tonight's figures are not last night's: nothing is over yet.
    assert state_of(hass, LAST_EPISODES) == "unknown"

    await move_to(hass, freezer, "2024-06-02 07:00")
    assert state_of(hass, LAST_EPISODES) == "1"
    assert float(state_of(hass, LAST_CRYING)) == 3.0
    assert float(state_of(hass, LAST_RATE)) == 100.0
    assert state_of(hass, LAST_CHECK_INS) == "0"
    assert state_of(hass, LAST_INTERVENTIONS) == "0"
    assert float(state_of(hass, LAST_SETTLE)) == 3.0
    assert float(state_of(hass, WEEK_EPISODES)) == 1.0
    assert float(state_of(hass, WEEK_CRYING)) == 3.0
    assert float(state_of(hass, WEEK_RATE)) == 100.0
    assert state_of(hass, TREND) == "unknown"

    await move_to(hass, freezer, "2024-06-02 18:45")
    await meet_every_need(hass)
    await check_in(hass, freezer, "2024-06-02")
    # At night, last night is still the night before.
    assert state_of(hass, LAST_EPISODES) == "1"
    assert float(state_of(hass, LAST_RATE)) == 100.0

    await move_to(hass, freezer, "2024-06-03 07:00")
    assert state_of(hass, LAST_EPISODES) == "1"
    assert float(state_of(hass, LAST_CRYING)) == 10.0
    assert float(state_of(hass, LAST_RATE)) == 0.0
    assert state_of(hass, LAST_CHECK_INS) == "1"
    assert state_of(hass, LAST_INTERVENTIONS) == "1"
    assert float(state_of(hass, LAST_SETTLE)) == 10.0
    assert float(state_of(hass, WEEK_EPISODES)) == 1.0
    assert float(state_of(hass, WEEK_CRYING)) == 6.5
    assert float(state_of(hass, WEEK_RATE)) == 50.0
    attributes = hass.states.get(TREND).attributes  # type: ignore[union-attr]
    assert attributes["night"] == "2024-06-02"
    assert attributes["nights"] == 2


async def test_a_night_without_wakings_has_no_rate_and_no_settle_time(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    await move_to(hass, evening, "2024-06-02 07:00")
    assert state_of(hass, LAST_EPISODES) == "0"
    assert float(state_of(hass, LAST_CRYING)) == 0.0
    assert state_of(hass, LAST_RATE) == "unknown"
    assert state_of(hass, LAST_SETTLE) == "unknown"
    assert state_of(hass, WEEK_RATE) == "unknown"


CHECKED_IN = (20.0, Outcome.SETTLED_AFTER_CHECK_IN)
SELF_SOOTHED = (5.0, Outcome.SELF_SOOTHED)


@pytest.mark.usefixtures("london")
@pytest.mark.parametrize(
    "weeks",
    [
        (CHECKED_IN, SELF_SOOTHED, "improving"),
        (SELF_SOOTHED, CHECKED_IN, "worsening"),
        (SELF_SOOTHED, SELF_SOOTHED, "steady"),
    ],
    ids=["improving", "worsening", "steady"],
)
async def test_the_trend_after_two_weeks(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
    weeks: tuple[tuple[float, Outcome], tuple[float, Outcome], str],
) -> None:
    first, second, expected = weeks
    await set_up_with_history(
        hass, hass_storage, freezer, mock_config_entry, two_weeks(first, second)
    )
    assert state_of(hass, TREND) == expected
    assert float(state_of(hass, WEEK_CRYING)) == second[0]
    attributes = hass.states.get(TREND).attributes  # type: ignore[union-attr]
    assert attributes["night"] == "2024-06-14"
    assert attributes["nights"] == 7


async def test_the_trend_holds_through_the_night(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    await set_up_with_history(
        hass, hass_storage, freezer, mock_config_entry, two_weeks(CHECKED_IN, SELF_SOOTHED)
    )

    # Tonight has begun: last night still has its two full weeks behind it.
    await move_to(hass, freezer, "2024-06-15 23:00")

    assert state_of(hass, TREND) == "improving"


@pytest.mark.usefixtures("london")
async def test_the_baseline_is_shown_on_the_trend(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    episodes = [
        episode(FIRST_NIGHT + timedelta(days=day), 2.0 + day, Outcome.SELF_SOOTHED)
        for day in range(6)
    ]
    await set_up_with_history(hass, hass_storage, freezer, mock_config_entry, episodes, nights=6)
    attributes = hass.states.get(TREND).attributes  # type: ignore[union-attr]
    # Six self-soothed episodes of 2 to 7 minutes: the 90th percentile lies halfway between
    # 6 and 7, and a concern is raised at twice that.
    assert attributes["baseline_episodes"] == 6
    assert attributes["baseline_p90_minutes"] == 6.5
    assert attributes["concern_after_minutes"] == 13.0
    assert state_of(hass, TREND) == "unknown"
