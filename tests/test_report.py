"""The health visitor's report: the `sleep_coach/report` websocket command and its CSV texts."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sleep_coach.coach import NIGHTS_KEPT
from custom_components.sleep_coach.health_report import EPISODE_COLUMNS, NIGHT_COLUMNS

from .test_dashboard import PACKAGE, REPORT_FILE, night_with_episodes, plan_action, ws_client_now

__all__ = ["night_with_episodes"]  # a fixture of the dashboard's tests, used here too


def common_words(language: str) -> dict[str, str]:
    """Return the `common` texts of one translation file."""
    path = PACKAGE / f"translations/{language}.json"
    return dict(json.loads(path.read_text(encoding="utf-8"))["common"])


async def report_of(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    user: MockUser,
    **message: Any,
) -> dict[str, Any]:
    """Return the command's answer (success or error) for one message."""
    client = await ws_client_now(hass, hass_ws_client, user)
    await client.send_json_auto_id({"type": "sleep_coach/report", **message})
    return dict(await client.receive_json())


def rows_of(text: str) -> list[list[str]]:
    """Return the rows of a CSV text."""
    return list(csv.reader(io.StringIO(text)))


async def test_report_of_a_night_with_its_figures_words_and_csv(
    hass: HomeAssistant,
    night_with_episodes: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    entry = night_with_episodes
    response = await report_of(
        hass, hass_ws_client, hass_admin_user, entry_id=entry.entry_id, nights=14
    )

    assert response["success"], response
    report = response["result"]
    assert report["entry_id"] == entry.entry_id
    assert report["name"] == "Mia"
    assert report["nights_asked"] == 14
    assert report["nights_kept"] == NIGHTS_KEPT
    (night,) = report["nights"]
    assert report["nights_available"] == 1
    assert night["night"] == "2024-06-01"
    assert night["episodes"] == 2
    assert report["plan"] is None
    assert report["concerns"] == [n for n in report["nights"] if n["concerns"] > 0]
    assert report["needs_unmet"] == {
        need: times for need, times in night["needs_unmet"].items() if times
    }
    english = common_words("en")
    assert report["words"]["report_print"] == "Print"
    assert {key for key in report["words"] if key.startswith("report_")} == {
        key for key in english if key.startswith("report_")
    }
    # The nights' CSV: a header in words, one row a night.
    header, *rows = rows_of(report["nights_csv"])
    assert header == [english[word] for _, word in NIGHT_COLUMNS]
    assert header[:3] == ["Night", "Wakings", "Crying (min)"]
    (row,) = rows
    assert row[0] == "2024-06-01"
    assert row[1] == "2"
    assert float(row[2]) == night["cry_minutes"]
    assert row[4] == str(round(night["self_soothe_rate"] * 100))
    # The episodes' CSV: the finished wakings, outcomes in words.
    header, *rows = rows_of(report["episodes_csv"])
    assert header == [english[word] for _, word in EPISODE_COLUMNS]
    assert len(rows) == 2
    assert {row[3] for row in rows} == {
        english["card_outcome_self_soothed"],
        english["card_outcome_attended_need"],
    }
    assert all(row[0] == "2024-06-01" for row in rows)


async def test_report_speaks_the_user_s_language(
    hass: HomeAssistant,
    night_with_episodes: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    entry = night_with_episodes
    response = await report_of(
        hass, hass_ws_client, hass_admin_user, entry_id=entry.entry_id, language="de"
    )
    german = common_words("de")
    report = response["result"]
    assert report["nights_asked"] == 14
    assert report["words"]["report_print"] == german["report_print"] == "Drucken"
    assert rows_of(report["nights_csv"])[0][0] == german["report_col_night"]


async def test_a_30_night_report_says_how_many_nights_it_holds(
    hass: HomeAssistant,
    night_with_episodes: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    entry = night_with_episodes
    await plan_action(hass, entry, "start_plan", method="graduated")
    response = await report_of(
        hass, hass_ws_client, hass_admin_user, entry_id=entry.entry_id, nights=30
    )
    report = response["result"]
    assert report["nights_asked"] == 30
    assert report["nights_available"] == len(report["nights"]) <= NIGHTS_KEPT
    assert report["plan"]["method"] == "graduated"


@pytest.mark.parametrize("nights", [7, 0, 31])
async def test_report_refuses_other_lengths_with_a_translated_error(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    nights: int,
) -> None:
    response = await report_of(
        hass, hass_ws_client, hass_admin_user, entry_id=loaded_entry.entry_id, nights=nights
    )
    assert not response["success"]
    error = response["error"]
    assert error["code"] == "invalid_format"
    assert error["translation_key"] == "report_nights_invalid"
    assert error["translation_domain"] == "sleep_coach"
    assert error["translation_placeholders"] == {"nights": str(nights)}


async def test_report_of_an_unknown_child_is_refused(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    response = await report_of(hass, hass_ws_client, hass_admin_user, entry_id="nobody")
    assert not response["success"]
    assert response["error"]["code"] == "not_found"
    assert response["error"]["translation_key"] == "child_not_found"
    assert response["error"]["translation_placeholders"] == {"entry_id": "nobody"}


def test_every_report_word_is_used_and_every_one_used_exists() -> None:
    source = REPORT_FILE.read_text(encoding="utf-8")
    server = (PACKAGE / "health_report.py").read_text(encoding="utf-8")
    words = {key for key in common_words("en") if key.startswith("report_")}
    strings = json.loads((PACKAGE / "strings.json").read_text(encoding="utf-8"))
    named = set(re.findall(r"[\"'](report_[a-z_]+[a-z])[\"']", source + server))
    named -= set(strings["exceptions"])
    assert named - words == set(), "the report names a word the translations do not have"
    assert words - named == set(), "the translations have report words nobody shows"
    # Its error's text is in the translations' exceptions.
    assert "{nights}" in strings["exceptions"]["report_nights_invalid"]["message"]
