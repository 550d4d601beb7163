"""The replay command, on the documented examples and on bad input."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from custom_components.sleep_coach.coach.replay import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "tests" / "examples"
CONFIG = '{"type": "config", "time_zone": "Europe/London", "birth_date": "2024-01-10"}'
QUIET = '{"type": "cry", "at": "2024-06-01T18:30:00+01:00", "crying": false}'


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], *lines: str) -> tuple[int, str, str]:
    """Replay ``lines`` from a file; return the exit status, stdout and stderr."""
    log = tmp_path / "night.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = main([str(log)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("example", sorted(path.stem for path in EXAMPLES.glob("*.jsonl")), ids=str)
def test_examples_replay_as_recorded(example: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(EXAMPLES / f"{example}.jsonl")]) == 0
    expected = (EXAMPLES / f"{example}.expected.json").read_text(encoding="utf-8")
    assert capsys.readouterr().out == expected


def test_every_example_is_documented() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in EXAMPLES.glob("*.jsonl"):
        assert f"`{path.name}`" in readme


def test_an_empty_log(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, capsys, CONFIG, "") == (0, '{\n  "episodes": [],\n  "nights": []\n}\n', "")


def test_an_open_episode_is_not_reported_without_an_end_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        tmp_path,
        capsys,
        CONFIG,
        QUIET,
        "",
        '{"type": "cry", "at": "2024-06-01T20:00:00+01:00", "crying": true}',
        '{"type": "cry", "at": "2024-06-01T20:30:00+01:00", "crying": true}',
    )
    assert status == 0
    document = json.loads(out)
    assert document["episodes"] == []
    assert [night["night"] for night in document["nights"]] == ["2024-06-01"]


def test_an_unavailable_source_and_an_explicit_unmet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(
        tmp_path,
        capsys,
        CONFIG,
        QUIET,
        '{"type": "need", "at": "2024-06-01T18:40:00+01:00", "need": "fed", "met": false}',
        '{"type": "cry", "at": "2024-06-01T20:00:00+01:00", "crying": null}',
        '{"type": "cry", "at": "2024-06-01T20:05:00+01:00", "crying": true}',
        '{"type": "end", "at": "2024-06-01T20:10:00+01:00"}',
    )
    assert status == 0
    (episode,) = json.loads(out)["episodes"]
    assert episode["reasons"] == ["fed", "dry", "safe"]
    assert episode["outcome"] == "settled_before_parent"


@pytest.mark.parametrize(
    ("lines", "line", "message"),
    [
        ([CONFIG, '{"type": "nap", "at": "2024-06-01T18:30:00+01:00"}'], 2, 'unknown type "nap"'),
        ([CONFIG, '{"type": 3, "at": "2024-06-01T18:30:00+01:00"}'], 2, "unknown type 3"),
        ([CONFIG, '{"at": "2024-06-01T18:30:00+01:00"}'], 2, "missing field 'type'"),
        ([CONFIG, '{"type": "cry", "crying": true}'], 2, "missing field 'at'"),
        (
            [CONFIG, '{"type": "cry", "at": "2024-06-01T18:30:00+01:00"}'],
            2,
            "missing field 'crying'",
        ),
        (
            [CONFIG, '{"type": "need", "at": "2024-06-01T18:30:00+01:00", "met": true}'],
            2,
            "missing field 'need'",
        ),
        (
            [CONFIG, QUIET, '{"type": "attend", "at": "2024-06-01T18:29:59+01:00"}'],
            3,
            "time went backwards",
        ),
        (['{"type": "config", "cap": 45}'], 1, "the cap must be at most 30 minutes, not 45"),
        (['{"type": "config", "snooze": 5}'], 1, "unknown option 'snooze'"),
        ([QUIET, CONFIG], 2, "the config line must be the first line"),
        ([CONFIG, "{not json"], 2, "not valid JSON"),
        ([CONFIG, "[1, 2]"], 2, "a line must be a JSON object"),
        ([CONFIG, '{"type": "attend", "at": "tonight"}'], 2, "must be an ISO 8601 time"),
        ([CONFIG, '{"type": "attend", "at": 1717263000}'], 2, "must be an ISO 8601 time"),
        ([CONFIG, '{"type": "attend", "at": "2024-06-01T18:30:00"}'], 2, "needs a UTC offset"),
        (
            [CONFIG, '{"type": "leave", "at": "2024-06-01T18:30:00+01:00", "who": "dad"}'],
            2,
            "unexpected field 'who'",
        ),
        (
            [CONFIG, '{"type": "cry", "at": "2024-06-01T18:30:00+01:00", "crying": "yes"}'],
            2,
            "field 'crying' must be true, false or null",
        ),
        (
            [CONFIG, '{"type": "need", "at": "2024-06-01T18:30:00+01:00", "need": 1, "met": true}'],
            2,
            "field 'need' must be a need name",
        ),
        (
            [
                CONFIG,
                '{"type": "need", "at": "2024-06-01T18:30:00+01:00", "need": "fed", "met": 1}',
            ],
            2,
            "field 'met' must be true or false",
        ),
        (
            [
                CONFIG,
                '{"type": "need", "at": "2024-06-01T18:30:00+01:00", "need": "hug", "met": true}',
            ],
            2,
            "'hug' is not a need of this child",
        ),
        (
            [
                CONFIG,
                '{"type": "end", "at": "2024-06-01T18:30:00+01:00"}',
                '{"type": "attend", "at": "2024-06-01T18:31:00+01:00"}',
            ],
            3,
            "nothing may follow the end line",
        ),
    ],
)
def test_bad_input_names_its_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lines: list[str],
    line: int,
    message: str,
) -> None:
    status, out, err = run(tmp_path, capsys, *lines)
    assert status == 1
    assert out == ""
    assert f"night.jsonl: line {line}: " in err
    assert message in err


def test_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.jsonl")]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "cannot read" in captured.err


def test_runs_as_a_module(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["replay", str(EXAMPLES / "good-night.jsonl")])
    # Run it afresh as __main__, as "python -m" would, not as the module imported above.
    monkeypatch.delitem(sys.modules, "custom_components.sleep_coach.coach.replay")
    with pytest.raises(SystemExit) as caught:
        runpy.run_module("custom_components.sleep_coach.coach.replay", run_name="__main__")
    assert caught.value.code == 0
    assert capsys.readouterr().out == (EXAMPLES / "good-night.expected.json").read_text(
        encoding="utf-8"
    )


def test_the_script_runs_without_home_assistant(tmp_path: Path) -> None:
    # The script must find the core as a package of its own, with no Home Assistant import.
    env = {**os.environ, "SLEEP_COACH_PYTHON": sys.executable}
    result = subprocess.run(  # noqa: S603 (the repository's own script)
        [REPO / "scripts" / "replay", EXAMPLES / "check-in.jsonl"],
        capture_output=True,
        check=False,
        env=env,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (EXAMPLES / "check-in.expected.json").read_text(encoding="utf-8")


def test_the_script_asks_for_setup_without_a_recent_python(tmp_path: Path) -> None:
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    # No usable python3 on PATH and no test environments built by scripts/setup.
    env = {key: value for key, value in os.environ.items() if key != "SLEEP_COACH_PYTHON"} | {
        "PATH": f"{tmp_path}:/usr/bin:/bin",
        "SLEEP_COACH_CACHE": str(tmp_path / "no-cache"),
    }
    result = subprocess.run(  # noqa: S603 (the repository's own script)
        [REPO / "scripts" / "replay", EXAMPLES / "check-in.jsonl"],
        capture_output=True,
        check=False,
        env=env,
        text=True,
    )
    assert result.returncode == 1
    assert "scripts/setup" in result.stderr
    assert result.stdout == ""
