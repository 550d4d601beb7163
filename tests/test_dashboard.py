"""The wall-tablet dashboard: the websocket command, the served card and the sidebar panel."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, DATA_PANELS
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import CLIENT_ID, MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.sleep_coach.const import CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.dashboard import (
    CARD_MODULE,
    FRONTEND_DIR,
    PANEL_ELEMENT,
    PANEL_URL_PATH,
    URL_ROOT,
    folder_url,
    frontend_version,
)
from custom_components.sleep_coach.long_term import statistic_id
from custom_components.sleep_coach.options import (
    CONF_BIRTH_DATE,
    CONF_CAP,
    CONF_CRY_SOURCES,
    CONF_DRY_ENTITY,
    CONF_FED_ENTITY,
    with_defaults,
)

from .conftest import CRY_SOURCE
from .test_night import meet_every_need, move_to, press, set_state

PACKAGE = Path(__file__).parent.parent / "custom_components" / "sleep_coach"
# The frontend's modules, by role: the card (the one the frontend loads), what they share,
# the card's editor, the dashboard strategy with the panel, and the report.
CARD_FILE = FRONTEND_DIR / CARD_MODULE
COMMON_FILE = FRONTEND_DIR / "sleep-coach-common.js"
EDITOR_FILE = FRONTEND_DIR / "sleep-coach-editor.js"
PANEL_FILE = FRONTEND_DIR / "sleep-coach-panel.js"
REPORT_FILE = FRONTEND_DIR / "sleep-coach-report.js"
FRONTEND_FILES = sorted(FRONTEND_DIR.glob("*.js"))


def card_words(language: str) -> dict[str, str]:
    """Return the card's texts (`card_*` under `common`) of one translation file."""
    path = PACKAGE / ("strings.json" if language == "strings" else f"translations/{language}.json")
    common = json.loads(path.read_text(encoding="utf-8"))["common"]
    return {key: text for key, text in common.items() if key.startswith("card_")}


# The options of the conftest's `options` fixture, before the defaults are added.
MIA: dict[str, Any] = {CONF_CRY_SOURCES: [CRY_SOURCE], CONF_BIRTH_DATE: "2024-01-10"}


async def ws_client_now(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, user: MockUser
) -> Any:
    """Return a websocket client logged in with a token made now.

    The test clock travels hours through the night, beyond the lifetime of the token the
    test plugin makes at the start, and a connection would miss its heartbeats.
    """
    refresh_token = await hass.auth.async_create_refresh_token(user, CLIENT_ID)
    return await hass_ws_client(hass, hass.auth.async_create_access_token(refresh_token))


async def night_of(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, user: MockUser
) -> dict[str, Any]:
    """Return the websocket command's picture of the one child, asked now."""
    client = await ws_client_now(hass, hass_ws_client, user)
    await client.send_json_auto_id({"type": "sleep_coach/night"})
    response = await client.receive_json()
    assert response["success"]
    (child,) = response["result"]["children"]
    return dict(child)


async def plan_action(
    hass: HomeAssistant, entry: MockConfigEntry, service: str, **data: Any
) -> None:
    """Call one of the plan services for the child."""
    await hass.services.async_call(
        DOMAIN, service, {"config_entry": entry.entry_id, **data}, blocking=True
    )


@pytest.fixture
async def night_with_episodes(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> MockConfigEntry:
    """Play Mia's night up to 21:00: one self-soothed waking, one need attended, one open."""
    freezer = evening
    await meet_every_need(hass)
    await move_to(hass, freezer, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:04")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-01 20:08")  # settled on her own
    await move_to(hass, freezer, "2024-06-01 20:30")
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": "switch.mia_safe"}, blocking=True
    )
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:31")
    await press(hass, "button.mia_i_m_going_in")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-01 20:33")
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_to(hass, freezer, "2024-06-01 20:40")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 21:00")
    return loaded_entry


async def test_night_command_tells_what_is_happening_and_what_happened(
    hass: HomeAssistant,
    night_with_episodes: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    entry = night_with_episodes
    client = await ws_client_now(hass, hass_ws_client, hass_admin_user)
    await client.send_json_auto_id({"type": "sleep_coach/night"})
    response = await client.receive_json()

    assert response["success"]
    (child,) = response["result"]["children"]
    assert child["entry_id"] == entry.entry_id
    assert child["name"] == "Mia"
    assert child["entities"]["coach_state"] == "sensor.mia_coach_state"
    # An entity off by default is left out until the family enables it.
    assert "deadline" not in child["entities"]
    assert child["entities"]["log_feed"] == "button.mia_log_feed"
    assert child["entities"]["parent_arrived"] == "button.mia_i_m_going_in"
    assert child["night"] == {
        "date": "2024-06-01",
        "start": "2024-06-01T19:00:00+01:00",
        "end": "2024-06-02T07:00:00+01:00",
    }
    # The third waking is open: "safe" is unmet, so the coach asks for a parent.
    assert child["status"]["mode"] == "needs_attention"
    assert child["status"]["reasons"] == ["safe"]
    assert {line["need"]: line["state"] for line in child["checklist"]} == {
        "fed": "met",
        "dry": "met",
        "safe": "unmet",
    }
    assert [(e["start"][11:16], e["outcome"], e["reasons"]) for e in child["episodes"]] == [
        ("20:00", "self_soothed", []),
        ("20:30", "attended_need", ["safe"]),
        ("20:40", None, ["safe"]),
    ]
    assert child["episodes"][-1]["end"] is None
    assert [(mark["kind"], mark["at"][11:16]) for mark in child["marks"]] == [
        ("deadline", "20:05"),
        ("needs_attention", "20:30"),
        ("parent_arrived", "20:31"),
        ("parent_left", "20:33"),
        # "Safe" is still unmet when the parent leaves: the coach asks again.
        ("needs_attention", "20:33"),
        ("needs_attention", "20:40"),
    ]
    (tonight,) = child["nights"]
    assert tonight["night"] == "2024-06-01"
    assert tonight["episodes"] == 2  # the open waking counts once it is over
    # The night is under way: none is over, so the dashboard draws no statistics graphs yet.
    assert child["nights_over"] == 0
    # Each need says where the card logs it: here Sleep Coach's own button or switch.
    assert {
        line["need"]: (line["entity_id"], line["domain"], line["mapped"])
        for line in child["checklist"]
    } == {
        "fed": ("button.mia_log_feed", "button", False),
        "dry": ("button.mia_log_diaper_change", "button", False),
        "safe": ("switch.mia_safe", "switch", False),
    }
    assert child["statistics"]["cry_minutes"] == statistic_id(entry, "cry_minutes")
    # No sleep-training plan was started: the card draws nothing for one.
    assert child["plan"] is None


@pytest.mark.parametrize(
    ("options", "waits"),
    [
        # Night 1 of graduated waiting is 3, 5 and 10 minutes, below the default cap of 15.
        (with_defaults(MIA), [3, 5, 10]),
        # Every wait of a plan is clipped to the child's cap.
        (with_defaults({**MIA, CONF_CAP: 4.0}), [3, 4, 4]),
    ],
    ids=["default_cap", "low_cap"],
)
async def test_night_command_shows_a_plan_started_by_the_service(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    waits: list[float],
) -> None:
    assert (await night_of(hass, hass_ws_client, hass_admin_user))["plan"] is None

    await plan_action(hass, loaded_entry, "start_plan", method="graduated")
    plan = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]

    # Started at 18:30: the plan begins with the coming night.
    assert plan == {
        "method": "graduated",
        "first_night": "2024-06-01",
        "night": 1,
        "nights": 7,
        "waits_minutes": waits,
        "position": None,
        "paused": False,
        "finished": False,
        "nights_played": [],
        "summary": None,
    }


async def test_night_command_shows_where_a_gradual_retreat_puts_the_parent(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    await plan_action(hass, loaded_entry, "start_plan", method="gradual_retreat")
    plan = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]

    assert (plan["method"], plan["night"], plan["nights"]) == ("gradual_retreat", 1, 10)
    # The parent stays beside the cot: there is no self-soothe wait to show.
    assert plan["position"] == "beside_cot"
    assert plan["waits_minutes"] is None


async def test_night_command_shows_a_paused_plan_night(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    freezer = evening
    await plan_action(hass, loaded_entry, "start_plan", method="graduated")
    await plan_action(hass, loaded_entry, "pause_plan")
    paused = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]
    await move_to(hass, freezer, "2024-06-01 23:00")
    await move_to(hass, freezer, "2024-06-02 07:00")
    after = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]
    await plan_action(hass, loaded_entry, "resume_plan")
    resumed = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]

    assert paused["paused"] is True
    assert paused["nights_played"] == []
    # The paused night is over: it is logged, and the plan is still at night 1.
    assert after["paused"] is True
    assert after["night"] == 1
    assert after["nights_played"] == [
        {"night": "2024-06-01", "number": 1, "paused": True, "episodes": 0, "adherence": None}
    ]
    assert after["summary"] is None
    assert resumed["paused"] is False
    assert (resumed["night"], resumed["waits_minutes"]) == (1, [3, 5, 10])
    assert resumed["nights_played"] == after["nights_played"]


async def test_night_command_sets_a_finished_plan_s_first_and_last_nights_side_by_side(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    freezer = evening
    await plan_action(hass, loaded_entry, "start_plan", method="graduated")
    # Night 1: a parent goes in a minute into the 3-minute wait (an early intervention).
    await meet_every_need(hass)
    await move_to(hass, freezer, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-01 20:01")
    await press(hass, "button.mia_i_m_going_in")
    await move_to(hass, freezer, "2024-06-01 20:02")
    await set_state(hass, CRY_SOURCE, "off")
    await press(hass, "button.mia_i_ve_left_the_nursery")
    await move_to(hass, freezer, "2024-06-01 20:10")
    # Nights 2 to 6 are quiet.
    for day in range(2, 7):
        await move_to(hass, freezer, f"2024-06-0{day} 07:00")
        await move_to(hass, freezer, f"2024-06-0{day} 19:30")
    during = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]
    await move_to(hass, freezer, "2024-06-07 07:00")
    # Night 7: she cries for two minutes and settles within the 20-minute wait on her own.
    await move_to(hass, freezer, "2024-06-07 18:45")
    await meet_every_need(hass)
    await move_to(hass, freezer, "2024-06-07 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-07 20:02")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-07 20:10")
    await move_to(hass, freezer, "2024-06-08 07:00")
    plan = (await night_of(hass, hass_ws_client, hass_admin_user))["plan"]

    assert (during["night"], during["finished"], during["summary"]) == (6, False, None)
    assert during["waits_minutes"] == [15, 15, 15]  # 17 and 20 minutes, clipped to the cap
    assert (plan["night"], plan["nights"], plan["finished"]) == (7, 7, True)
    assert [(n["number"], n["episodes"], n["adherence"]) for n in plan["nights_played"]] == [
        (1, 1, 0.0),
        (2, 0, None),
        (3, 0, None),
        (4, 0, None),
        (5, 0, None),
        (6, 0, None),
        (7, 1, 1.0),
    ]
    assert plan["summary"] == {
        "first": {
            "night": "2024-06-01",
            "number": 1,
            "paused": False,
            "episodes": 1,
            "adherence": 0.0,
            "median_settle_minutes": 2.0,
            "cry_minutes": 2.0,
        },
        "last": {
            "night": "2024-06-07",
            "number": 7,
            "paused": False,
            "episodes": 1,
            "adherence": 1.0,
            "median_settle_minutes": 2.0,
            "cry_minutes": 2.0,
        },
    }


async def test_night_command_for_one_child_of_several(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    options: dict[str, Any],
    hass_ws_client: WebSocketGenerator,
) -> None:
    leo = MockConfigEntry(
        domain=DOMAIN, title="Leo", unique_id="leo", data={CONF_CHILD_NAME: "Leo"}, options=options
    )
    leo.add_to_hass(hass)
    assert await hass.config_entries.async_setup(leo.entry_id)
    await hass.async_block_till_done()
    client = await hass_ws_client(hass)

    await client.send_json_auto_id({"type": "sleep_coach/night"})
    every = await client.receive_json()
    await client.send_json_auto_id({"type": "sleep_coach/night", "entry_id": leo.entry_id})
    one = await client.receive_json()

    assert [child["name"] for child in every["result"]["children"]] == ["Mia", "Leo"]
    (child,) = one["result"]["children"]
    assert child["name"] == "Leo"
    assert child["entities"]["coach_state"] == "sensor.leo_coach_state"
    # Before the first night: yesterday's window, nothing in it.
    assert child["night"]["date"] == "2024-05-31"
    assert child["episodes"] == []
    assert child["marks"] == []


async def test_night_command_refuses_an_unknown_or_unloaded_child(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({"type": "sleep_coach/night", "entry_id": "nobody"})
    unknown = await client.receive_json()
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await client.send_json_auto_id({"type": "sleep_coach/night"})
    none_loaded = await client.receive_json()

    assert not unknown["success"]
    assert unknown["error"]["code"] == "not_found"
    # The frontend words it in the user's language from the translations.
    assert unknown["error"]["translation_key"] == "child_not_found"
    assert unknown["error"]["translation_domain"] == DOMAIN
    assert unknown["error"]["translation_placeholders"] == {"entry_id": "nobody"}
    assert none_loaded["result"]["children"] == []


@pytest.mark.parametrize(
    "language",
    [
        "en",
        # German texts where the German file has them, English for the rest.
        "de",
        # A language with no translation file at all: every text in English.
        "ja",
    ],
)
async def test_night_command_brings_the_card_s_words_in_the_user_s_language(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    language: str,
) -> None:
    own = language if (PACKAGE / f"translations/{language}.json").exists() else None
    client = await ws_client_now(hass, hass_ws_client, hass_admin_user)
    await client.send_json_auto_id({"type": "sleep_coach/night", "language": language})
    response = await client.receive_json()

    assert response["success"]
    english = card_words("en")
    assert english == card_words("strings")
    assert response["result"]["words"] == english | (card_words(own) if own else {})
    # Only the card's texts: the diary's and the notifications' stay on the server.
    assert all(key.startswith("card_") for key in response["result"]["words"])


async def test_night_command_without_a_language_speaks_the_instance_s(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    hass.config.language = "ja"
    client = await ws_client_now(hass, hass_ws_client, hass_admin_user)
    await client.send_json_auto_id({"type": "sleep_coach/night"})
    response = await client.receive_json()

    assert response["result"]["words"] == card_words("en")


async def test_card_and_panel_are_served_once_for_every_child(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    hass_client: ClientSessionGenerator,
) -> None:
    assert await async_setup_component(hass, "frontend", {})
    hass.states.async_set(CRY_SOURCE, "off")
    for name in ("Mia", "Leo"):
        entry = MockConfigEntry(
            domain=DOMAIN, title=name, unique_id=name.lower(), data={}, options=options
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    urls = [url for url in hass.data[DATA_EXTRA_MODULE_URL].urls if url.startswith(f"{URL_ROOT}/")]
    folder = folder_url(frontend_version())
    # One module, in the folder named after the modules' version.
    assert urls == [f"{folder}/{CARD_MODULE}"]
    panel = hass.data[DATA_PANELS][PANEL_URL_PATH]
    assert panel.component_name == "custom"
    assert panel.sidebar_title == "Sleep Coach"
    assert panel.require_admin is False
    assert panel.config["_panel_custom"]["name"] == PANEL_ELEMENT
    # The panel loads the very module every page loads, so the browser fetches it once.
    assert panel.config["_panel_custom"]["module_url"] == urls[0]

    client = await hass_client()
    # Every module, the ones the card imports and the report it loads later, from the same
    # versioned folder: as JavaScript (browsers run no module of another type) and cached.
    for path in FRONTEND_FILES:
        response = await client.get(f"{folder}/{path.name}")
        assert response.status == 200, path.name
        assert response.content_type == "text/javascript", path.name
        assert "max-age" in response.headers["Cache-Control"], path.name
        assert await response.text() == path.read_text(encoding="utf-8")


async def test_without_the_frontend_there_is_nothing_to_serve(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert "frontend" not in hass.config.components
    assert DATA_PANELS not in hass.data


def test_the_modules_define_the_card_the_editor_the_strategy_and_the_panel() -> None:
    common = COMMON_FILE.read_text(encoding="utf-8")
    card = CARD_FILE.read_text(encoding="utf-8")
    panel = PANEL_FILE.read_text(encoding="utf-8")
    assert 'CARD_TAG = "sleep-coach-night-card"' in common
    assert "define(CARD_TAG, SleepCoachNightCard)" in card
    for part in ("window.customCards", "static getStubConfig()"):
        assert part in card
    assert "define(`${CARD_TAG}-editor`, SleepCoachNightCardEditor)" in EDITOR_FILE.read_text(
        encoding="utf-8"
    )
    for part in (
        'STRATEGY_TAG = "ll-strategy-dashboard-sleep-coach"',
        f'PANEL_TAG = "{PANEL_ELEMENT}"',
        "static async generate(config, hass)",
        "define(STRATEGY_TAG, SleepCoachDashboardStrategy)",
        "define(PANEL_TAG, SleepCoachPanel)",
    ):
        assert part in panel
    # Each element once, however often its module is loaded.
    assert "if (!customElements.get(tag)) customElements.define(tag, element);" in common
    for path in FRONTEND_FILES:
        source = path.read_text(encoding="utf-8")
        assert "customElements.define(" not in source or path == COMMON_FILE, path.name
    # The sleep-training plan: its line, the played nights' adherence and the summary,
    # drawn only for a child with a plan.
    for part in (
        "_planHtml(child",
        'if (!plan) return "";',
        '"card_plan_title"',
        '"card_plan_finished"',
        "nights_played",
        "plan.summary",
    ):
        assert part in card
    for part in ('METHOD = "card_method_"', 'POSITION = "card_position_"'):
        assert part in common


def test_nothing_is_fetched_from_elsewhere() -> None:
    for path in FRONTEND_FILES:
        source = path.read_text(encoding="utf-8")
        assert "http://" not in source, path.name
        assert "https://" not in source.replace(
            "https://github.com/sleep-coach/ha-sleep-coach#wall-tablet-dashboard", ""
        ), path.name


# What a module imports: `import ... from "x"`, `import "x"`, and a dynamic `import("x")` or
# `import(new URL("x", import.meta.url).href)`.
IMPORT = re.compile(
    r"""^import\s+(?:[^;'"]*?\s+from\s+)?["']([^"']+)["']"""
    r"""|\bimport\(\s*(?:new URL\(\s*)?["']([^"']+)["']""",
    re.MULTILINE,
)


def imports_of(path: Path) -> list[str]:
    """Return what the module at `path` imports, as written."""
    source = path.read_text(encoding="utf-8")
    return [static or dynamic for static, dynamic in IMPORT.findall(source)]


@pytest.mark.parametrize("path", FRONTEND_FILES, ids=lambda path: path.name)
def test_every_import_names_a_module_beside_it(path: Path) -> None:
    for name in imports_of(path):
        # Relative, so it resolves in the same versioned folder: no package name (there is
        # no build step to resolve one), no absolute path, no other host.
        assert name.startswith("./") or "/" not in name, name
        assert ":" not in name, name
        assert (FRONTEND_DIR / name).resolve().parent == FRONTEND_DIR.resolve(), name
        assert (FRONTEND_DIR / name).is_file(), f"{path.name} imports {name}, which is not there"


def test_the_card_brings_every_module() -> None:
    reached: set[str] = set()
    waiting = [CARD_MODULE]
    while waiting:
        name = Path(waiting.pop()).name
        if name not in reached:
            reached.add(name)
            waiting.extend(imports_of(FRONTEND_DIR / name))
    # Every module is loaded through the one the frontend loads: none is left behind.
    assert reached == {path.name for path in FRONTEND_FILES}
    # The report only when asked for: a dynamic import, not one every page waits for.
    assert "sleep-coach-report.js" not in re.findall(
        r"""^import\s+(?:[^;'"]*?\s+from\s+)?["']\./([^"']+)["']""",
        CARD_FILE.read_text(encoding="utf-8"),
        re.MULTILINE,
    )


def test_the_import_scan_finds_every_form() -> None:
    source = (
        "// imported from beside it\n"
        'import { a,\n  b } from "./one.js";\n'
        'import "./two.js";\n'
        'await import(new URL("three.js", import.meta.url).href);\n'
        'await import("./four.js");\n'
        "const url = import.meta.url;\n"
    )
    assert [s or d for s, d in IMPORT.findall(source)] == [
        "./one.js",
        "./two.js",
        "three.js",
        "./four.js",
    ]


def test_the_version_changes_with_every_module(tmp_path: Path) -> None:
    folder = tmp_path / "frontend"
    shutil.copytree(FRONTEND_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    version = frontend_version(folder)
    assert version == frontend_version()
    assert folder_url(version) == f"{URL_ROOT}/{version}"
    seen = {version}
    for path in sorted(folder.glob("*.js")):
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        changed = frontend_version(folder)
        assert changed not in seen, f"a change to {path.name} keeps the URL"
        seen.add(changed)
        path.write_bytes(original)
    assert frontend_version(folder) == version
    # A new module (or a renamed one) is a new version too.
    (folder / "sleep-coach-new.js").write_text("", encoding="utf-8")
    assert frontend_version(folder) not in seen


# The card's words for the values of its data, by the prefix of their keys; each prefix is
# a constant in the shared module (or, for the buttons and the editor, part of a template).
WORD_PREFIXES = (
    "card_mode_",
    "card_outcome_",
    "card_reason_",
    "card_need_",
    "card_method_",
    "card_position_",
    "card_action_",
    "card_editor_look_",
    "card_nap_end_",
)


def test_every_word_of_the_card_is_in_the_translations_and_every_one_is_used() -> None:
    # The card's modules together (the report shows a few of the card's words too).
    source = "\n".join(path.read_text(encoding="utf-8") for path in FRONTEND_FILES)
    words = card_words("strings")
    named = set(re.findall(r"[\"'](card_[a-z_]+[a-z])[\"']", source))
    assert named - set(words) == set(), "the card names a word strings.json does not have"
    for prefix in WORD_PREFIXES:
        assert f'"{prefix}"' in source or f"`{prefix}${{" in source, prefix
    unused = {key for key in words if key not in named and not key.startswith(WORD_PREFIXES)}
    assert unused == set(), "strings.json has card words the card never shows"


PROSE = re.compile(r"[A-Za-z]+ [A-Za-z]+")
# Stands for an interpolation `${...}` in a template literal's text.
HOLE = "\x00"

# Literals that read like prose but are not shown to anyone, each with its reason.
ALLOWED_PROSE = {
    # The card's style sheet: CSS (its comments read like prose).
    "the card's style sheet": re.compile(r"\s*:host \{.*", re.DOTALL),
    # The report's print style for the whole page: CSS.
    "the report's page style": re.compile(r"\s*@page \{.*", re.DOTALL),
}


def _quoted_end(source: str, at: int) -> int:
    """Return where the string literal opening at `at` ends (after its closing quote)."""
    end = at + 1
    while source[end] != source[at]:
        end += 2 if source[end] == "\\" else 1
    return end + 1


def _regex_end(source: str, at: int) -> int:
    """Return where the regular expression literal opening at `at` ends."""
    at += 1
    in_class = False
    while in_class or source[at] != "/":
        if source[at] == "\\":
            at += 1
        elif source[at] in "[]":
            in_class = source[at] == "["
        at += 1
    return at + 1


def _opens_regex(source: str, at: int, previous: str) -> bool:
    # A slash where a value is expected starts a regular expression, not a division.
    return source[at] == "/" and (
        previous in "(,=:[!&|?{};" or source[:at].rstrip().endswith("return")
    )


def js_literals(source: str) -> list[str]:
    """Return the text of every string and template literal of a JavaScript source.

    Comments and regular expressions are skipped; a template literal's interpolations are
    scanned as code, and each stands as HOLE in its text.
    """
    found: list[str] = []

    def code(at: int, closing: bool) -> int:
        depth = 0
        previous = ""
        while at < len(source):
            char = source[at]
            if source.startswith("//", at):
                at = source.index("\n", at)
            elif source.startswith("/*", at):
                at = source.index("*/", at) + 2
            elif char in "\"'":
                end = _quoted_end(source, at)
                found.append(source[at + 1 : end - 1])
                at, previous = end, "x"
            elif char == "`":
                at, previous = template(at + 1), "x"
            elif _opens_regex(source, at, previous):
                at, previous = _regex_end(source, at), "x"
            elif char == "}" and closing and depth == 0:
                return at + 1
            else:
                depth += {"{": 1, "}": -1}.get(char, 0)
                previous = previous if char.isspace() else char
                at += 1
        return at

    def template(at: int) -> int:
        text = []
        while source[at] != "`":
            if source[at] == "\\":
                text.append(source[at : at + 2])
                at += 2
            elif source.startswith("${", at):
                text.append(HOLE)
                at = code(at + 2, closing=True)
            else:
                text.append(source[at])
                at += 1
        found.append("".join(text))
        return at + 1

    code(0, closing=False)
    return found


def shown_text(literal: str) -> str:
    """Return what of a literal could be read on the page: no markup, no style sheet."""
    text = re.sub(r"<style>.*?</style>", " ", literal, flags=re.DOTALL)  # CSS
    text = re.sub(r"<[^>]*>", " ", text)  # tags and their attributes
    return re.sub(r"&\w+;", " ", text)  # entities


def prose_in_card(source: str) -> set[str]:
    """Return the card's literals that read like prose (two words or more)."""
    return {
        literal
        for literal in js_literals(source)
        if PROSE.search(shown_text(literal).replace(HOLE, " "))
    }


def test_the_scan_covers_every_module() -> None:
    assert set(FRONTEND_FILES) >= {CARD_FILE, COMMON_FILE, EDITOR_FILE, PANEL_FILE, REPORT_FILE}


@pytest.mark.parametrize("path", FRONTEND_FILES, ids=lambda path: path.name)
def test_no_user_facing_english_in_the_frontend(path: Path) -> None:
    prose = prose_in_card(path.read_text(encoding="utf-8"))
    allowed = {
        reason: {literal for literal in prose if pattern.fullmatch(literal)}
        for reason, pattern in ALLOWED_PROSE.items()
    }
    assert prose - set().union(*allowed.values()) == set(), (
        "words for a family belong in strings.json (`card_*` under `common`)"
    )


def test_the_allow_list_names_only_what_is_there() -> None:
    prose = set().union(
        *(prose_in_card(path.read_text(encoding="utf-8")) for path in FRONTEND_FILES)
    )
    unmatched = [
        reason
        for reason, pattern in ALLOWED_PROSE.items()
        if not any(pattern.fullmatch(literal) for literal in prose)
    ]
    assert unmatched == [], "the allow-list names something no longer there"


def test_the_card_scan_finds_prose() -> None:
    source = (
        "// a comment with words\n"
        "const re = /[\"'] two words/g;\n"
        'const a = t("card_key");\n'
        'const b = "Log feed";\n'
        "const c = `<div class=\"message\">${escapeHtml(x ? 'No wakings' : '')}</div>`;\n"
        "const d = `<b>${x}</b> min crying`;\n"
    )
    assert prose_in_card(source) == {"Log feed", "No wakings", "<b>\x00</b> min crying"}


@pytest.mark.parametrize(
    "options",
    [
        with_defaults(
            {
                **MIA,
                CONF_FED_ENTITY: "input_datetime.last_feed",
                CONF_DRY_ENTITY: "sensor.baby_buddy_nappy",
            }
        )
    ],
)
async def test_night_command_says_where_a_mapped_need_is_logged(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    child = await night_of(hass, hass_ws_client, hass_admin_user)

    # The card writes a feed to the family's helper; a sensor of another integration is
    # read-only, so the card says where to log the nappy instead.
    assert {
        line["need"]: (line["entity_id"], line["domain"], line["mapped"])
        for line in child["checklist"]
    } == {
        "fed": ("input_datetime.last_feed", "input_datetime", True),
        "dry": ("sensor.baby_buddy_nappy", "sensor", True),
        "safe": ("switch.mia_safe", "switch", False),
    }
    assert "log_feed" not in child["entities"]


async def test_night_command_counts_the_nights_that_are_over(
    hass: HomeAssistant,
    night_with_episodes: MockConfigEntry,
    evening: FrozenDateTimeFactory,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
) -> None:
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, evening, "2024-06-02 08:00")

    child = await night_of(hass, hass_ws_client, hass_admin_user)

    # The night of 1 June is over: one row of long-term statistics, not yet two for graphs.
    assert [night["night"] for night in child["nights"]] == ["2024-06-01"]
    assert child["nights_over"] == 1
