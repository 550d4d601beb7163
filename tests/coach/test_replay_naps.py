"""The replay command with naps: nap lines, and the naps, days and windows it prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_replay import CONFIG, run

MORNING = '{"type": "cry", "at": "2024-06-02T06:00:00+01:00", "crying": false}'


def line(kind: str, at: str, **fields: object) -> str:
    return json.dumps({"type": kind, "at": f"2024-06-02T{at}:00+01:00", **fields})


def test_an_end_line_during_a_nap_ends_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        tmp_path,
        capsys,
        CONFIG,
        MORNING,
        line("nap_started", "09:00"),
        line("cry", "09:00", crying=True),
        line("end", "09:02"),
    )
    assert status == 0
    document = json.loads(out)
    assert document["episodes"] == []
    (nap,) = document["naps"]
    assert (nap["ended_by"], nap["asleep"], nap["sleep_minutes"]) == ("ended", None, 0.0)
    (episode,) = nap["episodes"]
    assert (episode["kind"], episode["outcome"]) == ("falling_asleep", "settled_before_parent")
    (day,) = document["days"]
    assert (day["day"], day["naps"], day["falling_asleep_cry_minutes"]) == ("2024-06-02", 0, 2.0)
    # Awake since the night ended at 07:00; four months old: 90 to 120 minutes.
    (window,) = document["sleep_windows"]
    assert (window["opened"], window["latest"]) == (
        "2024-06-02T08:30:00+01:00",
        "2024-06-02T09:00:00+01:00",
    )


def test_a_nap_still_open_at_the_last_line_is_not_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(tmp_path, capsys, CONFIG, MORNING, line("nap_started", "09:00"))
    assert status == 0
    document = json.loads(out)
    assert document["naps"] == []
    assert [day["day"] for day in document["days"]] == ["2024-06-02"]


def test_a_nap_that_ends_at_the_longest_nap_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = json.loads(CONFIG) | {"longest_nap": 60}
    status, out, _ = run(
        tmp_path,
        capsys,
        json.dumps(config),
        MORNING,
        line("nap_started", "09:00"),
        line("need", "11:00", need="fed", met=True),
    )
    assert status == 0
    (nap,) = json.loads(out)["naps"]
    assert (nap["ended_by"], nap["end"]) == ("longest_nap", "2024-06-02T10:00:00+01:00")


@pytest.mark.parametrize("kind", ["nap_started", "nap_ended"])
def test_nap_lines_take_only_their_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    status, out, err = run(tmp_path, capsys, CONFIG, line(kind, "09:00", who="dad"))
    assert (status, out) == (1, "")
    assert "line 2: unexpected field 'who'" in err


def test_bad_nap_options_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(tmp_path, capsys, '{"type": "config", "nap_cap": 45}')
    assert status == 1
    assert "line 1: the nap cap must be at most 30 minutes, not 45" in err
