"""Nights in long-term statistics: written at night end, backfilled at set-up, idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import (
    get_metadata,
    statistics_during_period,
)
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.plugins import RecorderInstanceContextManager

from custom_components.sleep_coach.coach import Outcome
from custom_components.sleep_coach.compat import STATISTIC_METADATA_HAS_UNIT_CLASS
from custom_components.sleep_coach.const import DOMAIN

from .test_nap_display import play_a_day
from .test_night import meet_every_need, move_to
from .test_trends import FIRST_NIGHT, self_soothe, set_up_with_history, two_weeks

FIGURES = (
    "episodes",
    "cry_minutes",
    "self_soothe_rate",
    "check_ins",
    "interventions",
    "median_settle_minutes",
)
IDS = {f"sleep_coach:mia_{figure}" for figure in FIGURES}
SINCE = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.fixture
def mock_recorder_before_hass(async_test_recorder: RecorderInstanceContextManager) -> None:
    """Prepare the test recorder before `hass`, which conftest's autouse fixture requests."""


async def read_rows(hass: HomeAssistant) -> dict[str, list[dict[str, Any]]]:
    """Return every hourly row of the child's statistics, by statistic id."""
    await async_wait_recording_done(hass)
    rows = await hass.async_add_executor_job(
        statistics_during_period, hass, SINCE, None, IDS, "hour", None, {"mean", "min", "max"}
    )
    return {statistic: [dict(row) for row in found] for statistic, found in rows.items()}


def starts(rows: list[dict[str, Any]]) -> list[datetime]:
    return [datetime.fromtimestamp(row["start"], UTC) for row in rows]


def stored_through(hass_storage: dict[str, Any], entry: MockConfigEntry) -> str | None:
    through: str | None = hass_storage[f"{DOMAIN}.{entry.entry_id}"]["data"]["statistics_through"]
    return through


async def test_a_night_is_written_when_it_ends(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await meet_every_need(hass)
    await self_soothe(hass, evening, "2024-06-01")
    assert await read_rows(hass) == {}

    await move_to(hass, evening, "2024-06-02 07:00")
    rows = await read_rows(hass)
    assert rows.keys() == IDS
    # The night started at 19:00 summer time: 18:00 UTC.
    row_start = datetime(2024, 6, 1, 18, tzinfo=UTC)
    expected = {
        "episodes": 1.0,
        "cry_minutes": 3.0,
        "self_soothe_rate": 100.0,
        "check_ins": 0.0,
        "interventions": 0.0,
        "median_settle_minutes": 3.0,
    }
    for figure, value in expected.items():
        (row,) = rows[f"sleep_coach:mia_{figure}"]
        assert starts([row]) == [row_start]
        assert (row["mean"], row["min"], row["max"]) == (value, value, value)
    assert loaded_entry.runtime_data.child.statistics_through == date(2024, 6, 1)
    await hass.async_block_till_done()
    assert stored_through(hass_storage, loaded_entry) == "2024-06-01"


async def test_the_metadata(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await meet_every_need(hass)
    await self_soothe(hass, evening, "2024-06-01")
    await move_to(hass, evening, "2024-06-02 07:00")
    await async_wait_recording_done(hass)
    metadata = await hass.async_add_executor_job(lambda: get_metadata(hass, statistic_ids=IDS))
    units = {
        "episodes": (None, "unitless"),
        "cry_minutes": ("min", "duration"),
        "self_soothe_rate": ("%", "unitless"),
        "check_ins": (None, "unitless"),
        "interventions": (None, "unitless"),
        "median_settle_minutes": ("min", "duration"),
    }
    assert metadata.keys() == IDS
    for figure, (unit, unit_class) in units.items():
        _, meta = metadata[f"sleep_coach:mia_{figure}"]
        assert meta["statistic_id"] == f"sleep_coach:mia_{figure}"
        assert meta["source"] == DOMAIN
        assert meta["name"] is None
        assert meta["has_sum"] is False
        assert meta["mean_type"] is StatisticMeanType.ARITHMETIC
        assert meta["unit_of_measurement"] == unit
        if STATISTIC_METADATA_HAS_UNIT_CLASS:
            assert meta["unit_class"] == unit_class
        else:
            assert "unit_class" not in meta


async def test_a_night_without_wakings_has_no_rate_and_no_settle_time(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    await move_to(hass, evening, "2024-06-02 07:00")
    rows = await read_rows(hass)
    assert rows.keys() == IDS - {
        "sleep_coach:mia_self_soothe_rate",
        "sleep_coach:mia_median_settle_minutes",
    }
    assert [row["mean"] for row in rows["sleep_coach:mia_episodes"]] == [0.0]

    await move_to(hass, evening, "2024-06-02 18:45")
    await meet_every_need(hass)
    await self_soothe(hass, evening, "2024-06-02")
    await move_to(hass, evening, "2024-06-03 07:00")
    rows = await read_rows(hass)
    assert [row["mean"] for row in rows["sleep_coach:mia_episodes"]] == [0.0, 1.0]
    assert [row["mean"] for row in rows["sleep_coach:mia_cry_minutes"]] == [0.0, 3.0]
    assert [row["mean"] for row in rows["sleep_coach:mia_self_soothe_rate"]] == [100.0]
    assert [row["mean"] for row in rows["sleep_coach:mia_median_settle_minutes"]] == [3.0]
    assert loaded_entry.runtime_data.child.statistics_through == date(2024, 6, 2)


@pytest.mark.usefixtures("recorder_mock", "london")
async def test_backfill_at_set_up_is_idempotent(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    mock_config_entry: MockConfigEntry,
) -> None:
    episodes = two_weeks((20.0, Outcome.SETTLED_AFTER_CHECK_IN), (5.0, Outcome.SELF_SOOTHED))
    await set_up_with_history(
        hass,
        hass_storage,
        freezer,
        mock_config_entry,
        episodes,
        statistics_through=FIRST_NIGHT + timedelta(days=9),
    )
    rows = await read_rows(hass)
    # Only the nights after the last one written: 11 to 14 June.
    nights = [datetime(2024, 6, day, 18, tzinfo=UTC) for day in range(11, 15)]
    assert starts(rows["sleep_coach:mia_cry_minutes"]) == nights
    await hass.async_block_till_done()
    assert stored_through(hass_storage, mock_config_entry) == "2024-06-14"

    # Written from scratch again after a restart: every night once, the same values.
    assert await hass.config_entries.async_unload(mock_config_entry.entry_id)
    hass_storage[f"{DOMAIN}.{mock_config_entry.entry_id}"]["data"]["statistics_through"] = None
    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    again = await read_rows(hass)
    every_night = [datetime(2024, 6, day, 18, tzinfo=UTC) for day in range(1, 15)]
    for statistic in IDS:
        assert starts(again[statistic]) == every_night
    assert [row["mean"] for row in again["sleep_coach:mia_cry_minutes"]] == [20.0] * 7 + [5.0] * 7
    assert [row["mean"] for row in again["sleep_coach:mia_self_soothe_rate"]] == (
        [0.0] * 7 + [100.0] * 7
    )
    assert again["sleep_coach:mia_cry_minutes"][-4:] == rows["sleep_coach:mia_cry_minutes"]

    # Nothing new to write: a restart leaves the rows alone.
    assert await hass.config_entries.async_reload(mock_config_entry.entry_id)
    await hass.async_block_till_done()
    assert await read_rows(hass) == again


async def test_nothing_is_written_without_the_recorder(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    with patch(
        "custom_components.sleep_coach.long_term.async_add_external_statistics"
    ) as add_statistics:
        await meet_every_need(hass)
        await self_soothe(hass, evening, "2024-06-01")
        await move_to(hass, evening, "2024-06-02 07:00")
    add_statistics.assert_not_called()
    assert loaded_entry.runtime_data.child.statistics_through is None
    assert stored_through(hass_storage, loaded_entry) is None


DAY_FIGURES = ("naps", "day_sleep_minutes", "minutes_to_fall_asleep", "nap_cry_minutes")
DAY_IDS = {f"sleep_coach:mia_{figure}" for figure in DAY_FIGURES}


async def read_day_rows(hass: HomeAssistant) -> dict[str, list[tuple[datetime, float]]]:
    """Return each day statistic's rows as (start, value), checking mean = min = max."""
    await async_wait_recording_done(hass)
    rows = await hass.async_add_executor_job(
        statistics_during_period,
        hass,
        SINCE,
        None,
        DAY_IDS,
        "hour",
        None,
        {"mean", "min", "max"},
    )
    found: dict[str, list[tuple[datetime, float]]] = {}
    for statistic, hourly in rows.items():
        for row in hourly:
            assert row["mean"] == row["min"] == row["max"]
        found[statistic] = [
            (start, row["mean"]) for start, row in zip(starts(hourly), hourly, strict=True)
        ]
    return found


async def test_a_day_is_written_when_its_night_begins(
    recorder_mock: Recorder,
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    # Set up at 18:30: the day is not over yet.
    assert await read_day_rows(hass) == {}
    # The day of 1 June (no nap seen) is over at 19:00; its row starts at 07:00 (06:00 UTC).
    await move_to(hass, evening, "2024-06-01 19:00")
    first = datetime(2024, 6, 1, 6, tzinfo=UTC)
    assert await read_day_rows(hass) == {
        "sleep_coach:mia_naps": [(first, 0.0)],
        "sleep_coach:mia_day_sleep_minutes": [(first, 0.0)],
        "sleep_coach:mia_nap_cry_minutes": [(first, 0.0)],
    }

    await play_a_day(hass, evening, loaded_entry)
    # Nothing before the night: the day's figures still change until it begins.
    assert len((await read_day_rows(hass))["sleep_coach:mia_naps"]) == 1
    await move_to(hass, evening, "2024-06-02 19:00")
    second = datetime(2024, 6, 2, 6, tzinfo=UTC)
    rows = await read_day_rows(hass)
    assert rows == {
        "sleep_coach:mia_naps": [(first, 0.0), (second, 2.0)],
        "sleep_coach:mia_day_sleep_minutes": [(first, 0.0), (second, 115.0)],
        "sleep_coach:mia_minutes_to_fall_asleep": [(second, 2.5)],
        "sleep_coach:mia_nap_cry_minutes": [(first, 0.0), (second, 5.0)],
    }
    metadata = await hass.async_add_executor_job(lambda: get_metadata(hass, statistic_ids=DAY_IDS))
    units = {"naps": None, "day_sleep_minutes": "min", "minutes_to_fall_asleep": "min"}
    for figure, unit in units.items():
        _, meta = metadata[f"sleep_coach:mia_{figure}"]
        assert (meta["unit_of_measurement"], meta["name"], meta["has_sum"]) == (unit, None, False)
        if STATISTIC_METADATA_HAS_UNIT_CLASS:
            assert meta["unit_class"] == ("unitless" if unit is None else "duration")

    # A restart writes the days again, unchanged: one row per day, never two.
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    await move_to(hass, evening, "2024-06-03 07:00")
    assert await read_day_rows(hass) == rows
