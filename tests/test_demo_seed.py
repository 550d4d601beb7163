"""The demo's seeded weeks: made by the real core, deterministic, and a plan that works."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from statistics import mean

import pytest

from custom_components.sleep_coach.coach import NIGHTS_KEPT, Coach, read_state
from demo import seed
from demo.bootstrap import DEMO_OPTIONS

NOW = datetime(2026, 12, 1, 20, 19, tzinfo=UTC)
OPTIONS = {key: value for part in DEMO_OPTIONS.values() for key, value in part.items()}


@pytest.fixture(scope="module")
def config():
    return seed.demo_config(OPTIONS, "Europe/Berlin")


@pytest.fixture(scope="module")
def seeded(config):
    return seed.generate(config, NOW)


def _weeks(seeded):
    figures = [report.figures for report in seeded.reports]
    return [figures[week * 7 : week * 7 + 7] for week in range(3)]


def test_deterministic(config, seeded):
    again = seed.generate(config, NOW)
    assert again.state.to_dict() == seeded.state.to_dict()
    assert [r.figures for r in again.reports] == [r.figures for r in seeded.reports]


def test_21_nights_ending_last_night(config, seeded):
    nights = [report.figures.night for report in seeded.reports]
    assert len(nights) == seed.NIGHTS == 21
    assert nights[-1] == seed.last_night_over(NOW, config)
    assert nights[-1].isoformat() == "2026-11-30"
    assert seeded.state.clock <= NOW
    assert seeded.state.episode is None
    assert seeded.state.plan is not None
    assert seeded.state.plan.plan.first_night == nights[0]


def test_weekly_means_fall_and_self_soothing_rises(seeded):
    weeks = _weeks(seeded)
    wakings = [mean(night.episodes for night in week) for week in weeks]
    crying = [mean(night.cry_minutes for night in week) for week in weeks]
    rates = [
        sum(night.self_soothed for night in week) / sum(night.episodes for night in week)
        for week in weeks
    ]
    assert wakings[0] > wakings[1] > wakings[2]
    assert crying[0] > crying[1] > crying[2]
    assert rates[0] < rates[1] < rates[2]
    # A little noise: the nights of a week are not all alike.
    assert len({night.episodes for night in weeks[0]}) > 1


def test_every_wait_within_the_cap(config, seeded):
    assert seeded.waits
    assert all(wait <= config.cap for wait in seeded.waits)


def test_the_core_reads_the_state_back(config, seeded):
    data = json.loads(json.dumps(seeded.state.to_dict()))
    state = read_state(data, config)
    assert (state.clock, state.plan, state.needs) == (
        seeded.state.clock,
        seeded.state.plan,
        seeded.state.needs,
    )
    assert set(state.history) <= set(seeded.state.history)
    coach = Coach(config, state)
    kept = {report.figures.night for report in coach.recent_nights()}
    # The latest night and the nights kept before it.
    assert len(kept) == NIGHTS_KEPT + 1
    assert kept <= {report.figures.night for report in seeded.reports}


def test_older_nights_go_to_statistics(config, seeded):
    imports = seed.statistics_rows(seeded, config)
    ids = {item["metadata"]["statistic_id"] for item in imports}
    assert "sleep_coach:mia_cry_minutes" in ids
    cry = next(i for i in imports if i["metadata"]["statistic_id"].endswith("cry_minutes"))
    assert len(cry["stats"]) == seed.NIGHTS


def test_store_written_once(tmp_path: Path):
    storage = tmp_path / ".storage"
    storage.mkdir()
    entry = {"domain": "sleep_coach", "title": "Mia", "entry_id": "abc", "options": OPTIONS}
    (storage / "core.config_entries").write_text(
        json.dumps({"data": {"entries": [entry]}}), encoding="utf-8"
    )
    (tmp_path / "configuration.yaml").write_text(
        "homeassistant:\n  time_zone: Europe/Berlin\n", encoding="utf-8"
    )
    assert seed.write_store(tmp_path, NOW) is not None
    stored = json.loads((storage / "sleep_coach.abc").read_text(encoding="utf-8"))
    assert (stored["version"], stored["minor_version"]) == (1, 3)
    assert stored["data"]["statistics_through"] is None
    assert stored["data"]["state"]["history"]
    assert (tmp_path / seed.PENDING_STATISTICS).exists()
    # A second start leaves a store with history alone.
    assert seed.write_store(tmp_path, NOW) is None


def test_a_second_child_seeded_by_name(tmp_path: Path):
    storage = tmp_path / ".storage"
    storage.mkdir()
    entries = [
        {"domain": "sleep_coach", "title": name, "entry_id": entry_id, "options": OPTIONS}
        | ({"data": {"child_id": name.lower()}} if name == "Leo" else {})
        for name, entry_id in (("Mia", "abc"), ("Leo", "def"))
    ]
    (storage / "core.config_entries").write_text(
        json.dumps({"data": {"entries": entries}}), encoding="utf-8"
    )
    (tmp_path / "configuration.yaml").write_text(
        "homeassistant:\n  time_zone: Europe/Berlin\n", encoding="utf-8"
    )
    assert seed.main(["store", "--config", str(tmp_path)]) == 0
    assert seed.main(["store", "--config", str(tmp_path), "--child", "Leo"]) == 0
    assert (storage / "sleep_coach.abc").exists()
    leo = json.loads((storage / "sleep_coach.def").read_text(encoding="utf-8"))
    assert leo["data"]["state"]["history"]
    # The older nights of both children wait to be written, each under its own ids.
    pending = json.loads((tmp_path / seed.PENDING_STATISTICS).read_text(encoding="utf-8"))
    ids = {item["metadata"]["statistic_id"] for item in pending}
    assert {"sleep_coach:mia_cry_minutes", "sleep_coach:leo_cry_minutes"} <= ids
    with pytest.raises(LookupError):
        seed.write_store(tmp_path, NOW, child="Ada")
