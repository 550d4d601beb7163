"""End to end: a German Home Assistant, one crying episode, everything the family reads in German.

Starts Home Assistant from the newest environment as e2e/test_dashboard.py does (its helpers,
a config folder of its own, a free port of the loopback address), with a test-only notify
target, e2e/recording_notify/, that keeps what it is sent on `sensor.recording_phone_last`.
The demo child Mia is set up in English, then the instance's language is switched to German
through the core config (config/core/update), which makes Sleep Coach reload its words.
The owner's person is on duty and reached through notify.recording_phone; nothing is logged,
so every need is unmet and a cry calls the parent at once. The test checks the notification
(title, message, button), the night diary in the logbook and the panel in Chromium with the
browser user's language German (the card's own words too, once translations/de.json has
them). Every wait is a bounded poll; about half a minute.

Screenshot: test-artifacts/dashboard-de.png.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect, sync_playwright
from test_dashboard import (
    ARTIFACTS,
    REPO_ROOT,
    HomeAssistant,
    add_child,
    bootstrap,
    browser,
    failed_setups,
    form_values,
    running_home_assistant,
    wait_for,
)

RECORDING_NOTIFY = Path(__file__).resolve().parent / "recording_notify"
NOTIFY_SERVICE = "notify.recording_phone"
RECORDED = "sensor.recording_phone_last"
LANGUAGE = "de"
GERMAN = json.loads(
    (REPO_ROOT / "custom_components" / "sleep_coach" / "translations" / "de.json").read_text(
        encoding="utf-8"
    )
)
WORDS = GERMAN["common"]
COACH_STATE = GERMAN["entity"]["sensor"]["coach_state"]


def add_recording_notify(config_dir: Path) -> None:
    """Install the test notify target (e2e/recording_notify) in the config folder."""
    shutil.copytree(
        RECORDING_NOTIFY,
        config_dir / "custom_components" / "recording_notify",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    with (config_dir / "configuration.yaml").open("a", encoding="utf-8") as config:
        config.write("\n# The end-to-end tests' notify target (e2e/recording_notify).\n")
        config.write("recording_notify:\n")


@pytest.fixture(scope="module")
def home_assistant() -> Iterator[HomeAssistant]:
    """Start Home Assistant with the recording notify target; stop it however the test ends."""
    with running_home_assistant(LANGUAGE, add_recording_notify) as ha:
        yield ha


def set_household(
    ha: HomeAssistant, entry_id: str, changes: dict[str, dict[str, Any]], notify: dict[str, str]
) -> None:
    """Change options through the options flow, then answer its notify step."""
    flow = ha.client.request(
        "POST", "/api/config/config_entries/options/flow", {"handler": entry_id}
    )
    values = form_values(flow["data_schema"])
    for section, fields in changes.items():
        values.setdefault(section, {}).update(fields)
    step = ha.client.request(
        "POST", f"/api/config/config_entries/options/flow/{flow['flow_id']}", values
    )
    assert step.get("step_id") == "notify", step
    result = ha.client.request(
        "POST", f"/api/config/config_entries/options/flow/{flow['flow_id']}", notify
    )
    assert result.get("type") == "create_entry", result


def long_night(zone: ZoneInfo) -> dict[str, Any]:
    """Return schedule options for a night that began an hour ago and lasts hours more."""
    now = datetime.now(zone)
    return {
        "night_start": (now - timedelta(hours=1)).strftime("%H:%M:00"),
        "night_end": (now + timedelta(hours=3)).strftime("%H:%M:00"),
        "min_cry": 2,
        "settle": 0.25,
    }


def attributes(ha: HomeAssistant, entity_id: str) -> dict[str, Any] | None:
    """Return an entity's attributes, or None while it does not exist."""
    try:
        return dict(ha.client.request("GET", f"/api/states/{entity_id}")["attributes"])
    except bootstrap.BootstrapError:
        return None


def diary(ha: HomeAssistant, since: datetime) -> list[str]:
    """Return the messages of Sleep Coach's logbook entries since `since`."""
    entries = ha.client.request("GET", f"/api/logbook/{quote(since.isoformat())}")
    return [entry["message"] for entry in entries if entry.get("domain") == "sleep_coach"]


def test_a_german_night(home_assistant: HomeAssistant) -> None:
    ha = home_assistant
    started = time.monotonic()
    zone = ZoneInfo(ha.client.request("GET", "/api/config")["time_zone"])
    since = datetime.now(zone)
    mia_id = add_child(ha, bootstrap.DEMO_CHILD, bootstrap.DEMO_BIRTH_DATE)
    # Onboarding made the owner a person: the only parent, so on duty every night.
    states = ha.client.request("GET", "/api/states")
    parent = next(state["entity_id"] for state in states if state["entity_id"][:7] == "person.")
    set_household(
        ha,
        mia_id,
        {
            "schedule": long_night(zone),
            "household": {"parents": [parent], "rota": "alternate_nights"},
        },
        {parent: NOTIFY_SERVICE},
    )
    wait_for(lambda: ha.state("sensor.mia_coach_state") == "idle", "Mia's coach listening")
    assert ha.state("select.mia_parent_on_duty") == bootstrap.DEMO_NAME

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright, browser(playwright, ha) as page:
        # The browser user's language, as the frontend keeps it.
        page.add_init_script(
            f"window.localStorage.setItem('selectedLanguage', {json.dumps(json.dumps(LANGUAGE))});"
        )
        page.goto(f"{ha.base_url}/sleep-coach")
        mia = page.locator(f'sleep-coach-night-card section.child[data-entry-id="{mia_id}"]')
        expect(mia.locator(".state")).to_have_text(COACH_STATE["state"]["idle"], timeout=60_000)

        # The instance speaks German from now on: Sleep Coach reloads with German words (and
        # German entity names, which show that the reload happened).
        page.evaluate(
            "(language) => document.querySelector('home-assistant').hass.callWS("
            "{type: 'config/core/update', language: language})",
            LANGUAGE,
        )
        german_name = f"{bootstrap.DEMO_CHILD} {COACH_STATE['name']}"
        wait_for(
            lambda: (
                (attributes(ha, "sensor.mia_coach_state") or {}).get("friendly_name") == german_name
                and ha.state("sensor.mia_coach_state") == "idle"
            ),
            "Sleep Coach reloaded in German",
        )

        # Nothing logged: every need is unmet, so a cry calls the parent on duty at once.
        ha.call("input_boolean", "turn_on", {"entity_id": "input_boolean.nursery_cry_simulator"})
        sent = wait_for(lambda: attributes(ha, RECORDED), "the parent's notification")
        reasons = (attributes(ha, "sensor.mia_coach_state") or {}).get("reasons") or []
        assert reasons, "Mia needs attention for no reason"
        reason_words = ", ".join(WORDS[f"reason_{reason}"] for reason in reasons)
        assert sent["title"] == "Sleep Coach"
        assert sent["message"] == (
            f"{bootstrap.DEMO_CHILD} " + WORDS["diary_needs_attention"].format(reasons=reason_words)
        )
        assert sent["message"].startswith("Mia braucht dich: ")
        assert "länger nicht gefüttert" in sent["message"]
        assert sent["actions"] == ["Ich gehe rein"]
        assert ha.state(RECORDED) == "1", "more than one notification for one cry"

        # The panel: German frontend, German coach state.
        expect(mia.locator(".state")).to_have_attribute("data-mode", "needs_attention")
        expect(mia.locator(".state")).to_have_text(COACH_STATE["state"]["needs_attention"])
        expect(page.locator("html")).to_have_attribute("lang", LANGUAGE)
        if "card_action_parent_arrived" in WORDS:
            # The card's own words, once the translations carry them.
            expect(mia.locator('button[data-key="parent_arrived"]')).to_contain_text(
                WORDS["card_action_parent_arrived"]
            )
        page.screenshot(path=str(ARTIFACTS / "dashboard-de.png"), full_page=True)

    # The night diary in the logbook reads German.
    needs_attention = sent["message"].removeprefix(f"{bootstrap.DEMO_CHILD} ")

    def german_diary() -> list[str] | None:
        found = diary(ha, since)
        return found if {WORDS["diary_episode_started"], needs_attention} <= set(found) else None

    lines = wait_for(german_diary, "the German diary in the logbook")
    assert "hat angefangen zu weinen" in lines
    ha.call("input_boolean", "turn_off", {"entity_id": "input_boolean.nursery_cry_simulator"})
    failures = failed_setups(ha.log)
    assert not failures, "\n".join(failures)
    print(f"German episode played in {time.monotonic() - started:.0f} s")
