"""The replay command with a sleep-training plan, and the refused examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custom_components.sleep_coach.coach.replay import main

from .test_replay import CONFIG, EXAMPLES, QUIET, run

REFUSED = EXAMPLES / "refused"
PLAN = '{"type": "plan", "at": "2024-06-01T18:30:00+01:00", "method": "graduated", '


@pytest.mark.parametrize("example", sorted(path.stem for path in REFUSED.glob("*.jsonl")), ids=str)
def test_refused_examples_exit_non_zero_naming_the_line(
    example: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = REFUSED / f"{example}.jsonl"
    assert main([str(path)]) == 1
    captured = capsys.readouterr()
    expected = (REFUSED / f"{example}.expected.txt").read_text(encoding="utf-8")
    assert (captured.out, captured.err) == ("", f"replay: {path}: {expected}")


def test_every_refused_example_is_documented() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for path in REFUSED.glob("*.jsonl"):
        assert f"`refused/{path.name}`" in readme


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (PLAN + '"first_night": "2024-06-01", "nights": 3}', "unexpected field 'nights'"),
        (PLAN + '"first_night": "2024-06-01", "pauses": "2024-06-02"}', "'pauses' must be"),
        (PLAN + '"first_night": "2024-06-01", "pauses": ["June"]}', "'pauses' must be"),
        (PLAN + '"first_night": "2024-05-01"}', "cannot start on night 2024-05-01"),
        (PLAN + '"first_night": "2024/06/01"}', "plan option 'first_night'"),
    ],
)
def test_bad_plan_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, message: str
) -> None:
    status, out, err = run(tmp_path, capsys, CONFIG, QUIET, line)
    assert (status, out) == (1, "")
    assert "line 3: " in err
    assert message in err


def test_only_one_plan_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = PLAN + '"first_night": "2024-06-01"}'
    status, _, err = run(tmp_path, capsys, CONFIG, QUIET, line, line)
    assert status == 1
    assert "line 4: only one plan line may be given" in err


def test_a_plan_without_a_night_over_has_no_plan_nights(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = PLAN + '"first_night": "2024-06-01", "pauses": ["2024-06-01"]}'
    status, out, _ = run(tmp_path, capsys, CONFIG, QUIET, line)
    assert status == 0
    assert json.loads(out)["plan"]["plan_nights"] == []
