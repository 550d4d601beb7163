"""End to end: a real Home Assistant, a simulated night, the dashboard in headless Chromium.

Starts Home Assistant from the newest environment (the newest release, which users install)
as scripts/develop does (the demo configuration, demo/bootstrap.py for onboarding and the
demo child Mia), but in its own config folder on a free port of the loopback address; it
checks that Home Assistant listens there only and, at the end, that everything it loaded
set up. Mia gets the demo's three weeks of seeded nights (demo/seed.py) as scripts/develop
gives her. A second child, Leo, shares Mia's cry source and has no history. Both get a night
that started an hour ago and ends about a minute from now, with short waits, so a whole
night (two episodes with different outcomes, the night's end, long-term statistics) plays
in real time in about two minutes. The browser is Debian's Chromium driven by Playwright;
it presses the card's own buttons. Every wait is a bounded poll.

Screenshots go to test-artifacts/ (git-ignored): dashboard-one-child.png (Mia alone at
night on a 1280x800 tablet), dashboard-night-<size>.png and dashboard-day-<size>.png with
both children at night and the morning after, on a landscape and a portrait tablet and a
phone, and Mia's report of 14 nights for the health visitor as report.png and, printed,
report.pdf.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, Playwright, expect, sync_playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "demo"))

import bootstrap  # noqa: E402 - demo/ is not a package

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A landscape wall tablet; then a portrait tablet and a phone.
VIEWPORT = {"width": 1280, "height": 800}
SIZES = {"1280x800": (1280, 800), "800x1280": (800, 1280), "390x844": (390, 844)}
# How long the night still runs once the options are saved: room for two episodes.
NIGHT_LEFT = timedelta(seconds=90)
STEP_TIMEOUT_S = 30.0
LEO = "Leo"


@dataclass
class HomeAssistant:
    """A running Home Assistant and a REST client logged in as the demo parent."""

    base_url: str
    client: bootstrap.HomeAssistantClient
    tokens: dict[str, Any]
    config_dir: Path

    @property
    def log(self) -> Path:
        """Home Assistant's log file."""
        return self.config_dir / "home-assistant.log"

    def call(self, domain: str, service: str, data: dict[str, Any]) -> None:
        """Call a service."""
        self.client.request("POST", f"/api/services/{domain}/{service}", data)

    def state(self, entity_id: str) -> str | None:
        """Return an entity's state, or None while it does not exist."""
        try:
            return str(self.client.request("GET", f"/api/states/{entity_id}")["state"])
        except bootstrap.BootstrapError:
            return None


def wait_for(check: Callable[[], Any], what: str, timeout_s: float = STEP_TIMEOUT_S) -> Any:
    """Poll `check` until it returns something truthy; fail after `timeout_s`."""
    return bootstrap.wait_until(check, what, timeout_s)


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_dir() -> Path:
    """Return the folder for runtime data that the newest environment can see (lib.sh)."""
    cache = os.environ.get("SLEEP_COACH_CACHE") or str(
        Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "sleep_coach"
    )
    return Path(cache) / "run"


def write_config(config_dir: Path, port: int) -> None:
    """Write the demo configuration, with the integration linked, served on loopback only."""
    (config_dir / "custom_components").mkdir(parents=True)
    (config_dir / "custom_components" / "sleep_coach").symlink_to(
        REPO_ROOT / "custom_components" / "sleep_coach"
    )
    demo = (REPO_ROOT / "demo" / "configuration.yaml").read_text(encoding="utf-8")
    time_zone = os.environ.get("TZ") or _machine_time_zone()
    demo = demo.replace("__TIME_ZONE__", time_zone)
    (config_dir / "configuration.yaml").write_text(demo, encoding="utf-8")
    bootstrap.write_http_settings(config_dir, port)


def _machine_time_zone() -> str:
    try:
        return Path("/etc/timezone").read_text(encoding="utf-8").strip() or "UTC"
    except OSError:
        return "UTC"


def full_tokens(client: bootstrap.HomeAssistantClient) -> dict[str, Any]:
    """Log the demo parent in and return the token set the frontend keeps (hassTokens)."""
    tokens = bootstrap.log_in_tokens(client)
    return {
        **tokens,
        "hassUrl": client.base_url,
        "clientId": client.client_id,
        "expires": int(time.time() * 1000) + tokens["expires_in"] * 1000,
    }


@contextmanager
def running_home_assistant(
    name: str, prepare: Callable[[Path], None] | None = None
) -> Iterator[HomeAssistant]:
    """Start Home Assistant in its own config folder `e2e-config-<name>-<pid>`; stop it after.

    `prepare` may add to the config folder before Home Assistant starts.
    """
    port = free_port()
    config_dir = run_dir() / f"e2e-config-{name}-{os.getpid()}"
    shutil.rmtree(config_dir, ignore_errors=True)
    write_config(config_dir, port)
    if prepare is not None:
        prepare(config_dir)
    console = (config_dir / "console.log").open("w")
    process = subprocess.Popen(
        [
            "/bin/bash",
            "-c",
            # The port and address are in the stored HTTP settings (write_config);
            # SETUP_PORT keeps even Home Assistant's fallback settings on this port.
            'source "$1/scripts/lib.sh" && exec_newest env SETUP_PORT="$3" '
            'hass --config "$2" --skip-pip',
            "hass",
            str(REPO_ROOT),
            str(config_dir),
            str(port),
        ],
        stdout=console,
        stderr=subprocess.STDOUT,
        # Its own process group, so stopping it reaches Home Assistant however it was started.
        start_new_session=True,
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        anonymous = bootstrap.HomeAssistantClient(base_url)
        bootstrap.wait_until(lambda: anonymous.request("GET", "/manifest.json"), "the web server")
        client = bootstrap.HomeAssistantClient(base_url, bootstrap.onboard(anonymous))
        wait_for(
            lambda: client.request("GET", "/api/config").get("state") == "RUNNING",
            "Home Assistant to finish starting",
            bootstrap.STARTUP_TIMEOUT_S,
        )
        listening = bootstrap.listening_addresses(port)
        assert listening == {bootstrap.LOOPBACK}, f"listens on {listening}, not loopback only"
        yield HomeAssistant(base_url, client, full_tokens(anonymous), config_dir)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        console.close()
        if os.environ.get("SLEEP_COACH_E2E_KEEP") != "1":
            shutil.rmtree(config_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def home_assistant() -> Iterator[HomeAssistant]:
    """Start Home Assistant; stop it however the test ends."""
    with running_home_assistant("night") as ha:
        yield ha


# The loggers through which Home Assistant reports an integration, a config entry or a
# platform that failed to set up (for example "Setup failed for 'analytics': Unable to
# import component: No module named ...").
SETUP_LOGGERS = (
    "[homeassistant.setup]",
    "[homeassistant.config_entries]",
    "[homeassistant.loader]",
    "[homeassistant.helpers.entity_platform]",
)


def failed_setups(log: Path) -> list[str]:
    """Return the errors in Home Assistant's log about something failing to set up."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    return [
        line
        for line in lines
        if " ERROR (" in line and any(logger in line for logger in SETUP_LOGGERS)
    ]


def form_values(schema: list[dict[str, Any]]) -> dict[str, Any]:
    """Return what a form shows filled in: each field's suggested value, by section."""
    values: dict[str, Any] = {}
    for field in schema:
        if field.get("type") == "expandable":
            values[field["name"]] = form_values(field["schema"])
        elif (suggested := (field.get("description") or {}).get("suggested_value")) is not None:
            # An empty field is left out, as the frontend does.
            values[field["name"]] = suggested
    return values


def set_options(ha: HomeAssistant, entry_id: str, changes: dict[str, dict[str, Any]]) -> None:
    """Change some options through the options flow, keeping the rest as the form shows them.

    Reading the form rather than repeating every option keeps the test valid when the
    options gain a section.
    """
    flow = ha.client.request(
        "POST", "/api/config/config_entries/options/flow", {"handler": entry_id}
    )
    values = form_values(flow["data_schema"])
    for section, fields in changes.items():
        values.setdefault(section, {}).update(fields)
    result = ha.client.request(
        "POST", f"/api/config/config_entries/options/flow/{flow['flow_id']}", values
    )
    assert result.get("type") == "create_entry", result


def add_child(ha: HomeAssistant, name: str, birth_date: str) -> str:
    """Add a child on the demo's baby monitor through the config flow; return its entry id."""
    flow = ha.client.request("POST", "/api/config/config_entries/flow", {"handler": "sleep_coach"})
    result = ha.client.request(
        "POST",
        f"/api/config/config_entries/flow/{flow['flow_id']}",
        {
            "name": name,
            "birth_date": birth_date,
            "allow_under_16_weeks": False,
            "cry_sources": [bootstrap.DEMO_CRY_SOURCE],
        },
    )
    assert result.get("type") == "create_entry", result
    return str(result["result"]["entry_id"])


def call_ws(page: Page, message: dict[str, Any]) -> Any:
    """Send a websocket command through the frontend's connection; return its result."""
    page.wait_for_function("() => document.querySelector('home-assistant')?.hass?.connection")
    return page.evaluate(
        "(message) => document.querySelector('home-assistant').hass.callWS(message)", message
    )


def seed_nights(
    ha: HomeAssistant, page: Page, entry_id: str, child: str = bootstrap.DEMO_CHILD
) -> None:
    """Give a child (the demo's unless named) three weeks of nights as scripts/develop does.

    The nights are demo/seed.py's, the same for every child. The seeding writes the child's
    store while nothing else does: the entry is disabled (unloaded, its store written) for it
    and enabled again after, which loads the nights and backfills their long-term statistics.
    """
    entries = ha.config_dir / ".storage" / "core.config_entries"
    wait_for(lambda: entry_id in entries.read_text(encoding="utf-8"), "the entry stored")
    call_ws(page, {"type": "config_entries/disable", "entry_id": entry_id, "disabled_by": "user"})
    seeded = subprocess.run(
        [
            "/bin/bash",
            "-c",
            'source "$1/scripts/lib.sh" && cd "$1" && in_newest python -m demo.seed store '
            '--config "$2" --child "$3"',
            "seed",
            str(REPO_ROOT),
            str(ha.config_dir),
            child,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    assert "Seeded 21 nights" in seeded.stdout, seeded.stdout
    call_ws(page, {"type": "config_entries/disable", "entry_id": entry_id, "disabled_by": None})


def short_night(zone: ZoneInfo) -> dict[str, Any]:
    """Return schedule options for a night that began an hour ago and ends very soon."""
    now = datetime.now(zone)
    # Whole minutes: the options keep hours and minutes only.
    end = (now + NIGHT_LEFT + timedelta(minutes=1)).replace(second=0, microsecond=0)
    start = now - timedelta(hours=1)
    return {
        "night_start": start.strftime("%H:%M:00"),
        "night_end": end.strftime("%H:%M:00"),
        "waits": "1",
        "cap": 2,
        "settle": 0.25,
        "min_cry": 2,
    }


def test_a_night_on_the_wall_tablet(home_assistant: HomeAssistant) -> None:
    ha = home_assistant
    started = time.monotonic()
    zone = ZoneInfo(ha.client.request("GET", "/api/config")["time_zone"])
    # Mia as scripts/develop sets her up (feeds and nappy from the nursery's helpers); Leo
    # with Sleep Coach's own buttons, which nobody has pressed yet.
    # Mia as scripts/develop sets her up: three weeks of seeded nights (demo/seed.py, the
    # real core on generated inputs) and her feeds and nappy from the nursery's helpers.
    # Leo later, with Sleep Coach's own buttons, which nobody has pressed yet.
    mia_id = add_child(ha, bootstrap.DEMO_CHILD, bootstrap.DEMO_BIRTH_DATE)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright, browser(playwright, ha) as page:
        page.goto(f"{ha.base_url}/sleep-coach")
        seed_nights(ha, page, mia_id)
        schedule = short_night(zone)
        needs = bootstrap.DEMO_OPTIONS["needs"]
        set_options(
            ha,
            mia_id,
            {
                "needs": {key: needs[key] for key in ("fed_entity", "dry_entity")},
                "schedule": schedule,
            },
        )
        wait_for(lambda: ha.state("sensor.mia_coach_state") == "idle", "Mia's coach listening")
        # Mia is safe; when she was fed and whether her nappy is dry nobody has said yet.
        ha.call("input_boolean", "turn_off", {"entity_id": "input_boolean.nursery_baby_dry"})
        fed_before = ha.state("input_datetime.nursery_last_feed")
        ha.call("switch", "turn_on", {"entity_id": "switch.mia_safe"})
        page.reload()
        card = page.locator("sleep-coach-night-card")
        mia = card.locator(f'section.child[data-entry-id="{mia_id}"]')
        # A need unmet: listening, but a cry will call a parent; nothing reassures wrongly.
        expect(mia.locator(".state")).to_have_attribute("data-call", "", timeout=60_000)
        expect(mia.locator(".unconfirmed")).to_contain_text("Dry")
        # The feed is logged from the card: the demo's "Last feed" helper is set to now.
        mia.locator('button[data-need="fed"]').click()
        wait_for(
            lambda: ha.state("input_datetime.nursery_last_feed") != fed_before, "the feed logged"
        )
        expect(mia.locator(".need[data-need='fed']")).to_have_attribute("data-state", "met")
        # The nappy is logged from the card: the demo's "Nappy is dry" helper is turned on.
        mia.locator('button[data-need="dry"]').click()
        wait_for(lambda: ha.state("input_boolean.nursery_baby_dry") == "on", "the nappy logged")
        expect(mia.locator(".need[data-need='dry']")).to_have_attribute("data-state", "met")
        expect(mia.locator(".state")).not_to_have_attribute("data-call", "")
        expect(mia.locator(".state")).to_have_attribute("data-mode", "idle")
        # One child at night fits a landscape tablet without scrolling.
        assert_fits(page)
        page.screenshot(path=str(ARTIFACTS / "dashboard-one-child.png"))

        # Leo, with Sleep Coach's own buttons, which nobody has pressed yet; his needs are
        # unknown, which counts as unmet. He starts a sleep-training plan mid-night.
        leo_id = add_child(ha, LEO, "2024-01-10")
        set_options(ha, leo_id, {"schedule": schedule})
        wait_for(lambda: ha.state("sensor.leo_coach_state") == "idle", "Leo's coach listening")
        ha.call("sleep_coach", "start_plan", {"config_entry": leo_id, "method": "graduated"})
        page.reload()
        leo = card.locator(f'section.child[data-entry-id="{leo_id}"]')
        expect(mia.locator(".state")).to_have_attribute("data-mode", "idle", timeout=60_000)
        expect(leo.locator(".state")).to_have_attribute("data-mode", "idle")
        expect(leo.locator(".state")).to_have_attribute("data-call", "")
        expect(leo.locator(".plan .plan-title")).to_have_text("Graduated waits · night 1 of 7")
        # A press that fails (the connection drops mid-press) says so, in words.
        leo_card = page.locator(
            "sleep-coach-night-card",
            has=page.locator(f'section.child[data-entry-id="{leo_id}"]'),
        )
        leo_card.evaluate(
            "card => { card._hass = {...card._hass, callService: () =>"
            " Promise.reject(new Error('connection lost'))}; }"
        )
        leo.locator('button[data-key="log_diaper_change"]').click()
        expect(leo.locator(".press-error")).to_have_text("That did not work: connection lost")

        # The baby monitor hears crying: Mia may self-soothe, Leo needs a parent.
        ha.call("input_boolean", "turn_on", {"entity_id": "input_boolean.nursery_cry_simulator"})
        expect(mia.locator(".state")).to_have_attribute("data-mode", "self_soothing")
        expect(mia.locator(".countdown")).to_contain_text(":")
        expect(mia.locator(".todo")).to_contain_text("then check in for a minute or two")
        expect(leo.locator(".state")).to_have_attribute("data-mode", "needs_attention")
        expect(leo.locator('.episodes li[data-outcome="open"]')).to_have_count(1)

        # A parent goes to Leo, feeds him, and the crying stops; then they leave.
        leo.locator('button[data-key="parent_arrived"]').click()
        expect(leo.locator(".state")).to_have_attribute("data-mode", "attending")
        leo.locator('button[data-key="log_feed"]').click()
        ha.call("input_boolean", "turn_off", {"entity_id": "input_boolean.nursery_cry_simulator"})
        leo.locator('button[data-key="parent_left"]').click()

        # Quiet for the settle time: each waking ends with its own outcome.
        expect(mia.locator('.episodes li[data-outcome="self_soothed"]')).to_have_count(1)
        expect(leo.locator('.episodes li[data-outcome="attended_need"]')).to_have_count(1)
        expect(mia.locator('.timeline .episode[data-outcome="self_soothed"]')).to_have_count(1)
        expect(leo.locator('.timeline .mark[data-kind="parent_arrived"]')).to_have_count(1)
        expect(leo.locator(".need[data-need='fed']")).to_have_attribute("data-state", "met")
        assert_labels_apart(mia)
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(300)
            assert_labels_apart(leo)
            page.screenshot(path=str(ARTIFACTS / f"dashboard-night-{size}.png"), full_page=True)
        page.set_viewport_size(VIEWPORT)

        # The night ends; its figures go to long-term statistics and onto the graph.
        tonight = call_ws(page, {"type": "sleep_coach/night", "entry_id": mia_id})
        statistic = str(tonight["children"][0]["statistics"]["cry_minutes"])
        tonight_start = datetime.fromisoformat(tonight["children"][0]["night"]["start"])
        until_end = _seconds_until(schedule["night_end"], zone) + STEP_TIMEOUT_S
        expect(mia.locator(".state")).to_have_attribute(
            "data-mode", "daytime", timeout=until_end * 1000
        )
        row = wait_for(
            lambda: night_statistic(page, statistic, tonight_start), f"tonight in {statistic}"
        )
        assert row["max"] > 0, row
        page.reload()
        # Mia's seeded weeks: trends in graphs by day. Leo's one night over: its figures in
        # words, and when the graphs will come; no empty chart frames, nothing "not found".
        expect(mia.locator(".night-words")).to_have_count(0, timeout=STEP_TIMEOUT_S * 1000)
        expect(page.locator("hui-statistics-graph-card")).to_have_count(2)
        expect(leo.locator(".night-words")).to_have_count(1)
        expect(leo.locator('[data-block="nights"] .later')).to_contain_text("two nights")
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            wait_for_graphs(page)
            page.screenshot(path=str(ARTIFACTS / f"dashboard-day-{size}.png"), full_page=True)
        page.set_viewport_size(VIEWPORT)

        # The health visitor's report of Mia, from the card: 14 nights, tonight's the last;
        # printed, they fit two A4 pages.
        night = str(tonight["children"][0]["night"]["date"])
        mia.locator("button.report").click()
        report = page.locator("sleep-coach-report")
        expect(report.locator(f'table.nights tr[data-night="{night}"]')).to_have_count(1)
        expect(report.locator("table.nights tr[data-night]")).to_have_count(14)
        expect(report.locator(".charts svg")).to_have_count(2)
        expect(report.locator('button[data-do="print"]')).to_have_text("Print")
        pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), format="A4")
        pages = pdf_pages(pdf)
        assert 1 <= pages <= 2, f"the report prints to {pages} pages"
        # The report as it prints (only the report shows), as one long page. After the PDF:
        # a full-page screenshot leaves the page laid out for its own size.
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        page.emulate_media(media="screen")
        report.locator('button[data-do="close"]').click()
        expect(report).to_have_count(0)
    # Every integration the instance loaded set up (the demo's, onboarding's, the defaults'):
    # nothing they need is missing from the environment.
    failures = failed_setups(ha.log)
    assert not failures, "\n".join(failures)
    print(f"end-to-end night played in {time.monotonic() - started:.0f} s")


# How many of a chart's pixels must be the bars' amber (the panel's --graph-color-1) for
# its bars to count as drawn: a few columns' borders.
DRAWN_PIXELS = 400


def wait_for_graphs(page: Page) -> None:
    """Wait until both statistics graphs have drawn their bars, and found their data."""
    charts = page.locator("hui-statistics-graph-card ha-chart-base")
    expect(charts).to_have_count(2)
    canvases = page.locator("hui-statistics-graph-card ha-chart-base canvas")
    wait_for(
        lambda: canvases.evaluate_all(
            """(canvases, least) => canvases.length >= 2 && canvases.every((canvas) => {
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                let amber = 0;
                for (let i = 0; i < pixels.length; i += 4) {
                    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
                    if (r > 120 && r - b > 60 && g > b) amber += 1;
                }
                return amber >= least;
            })""",
            DRAWN_PIXELS,
        ),
        "the graphs' bars",
    )
    expect(page.get_by_text("No statistics found")).to_have_count(0)


def assert_fits(page: Page) -> None:
    """Assert the page needs no scrolling."""
    scroll, height = page.evaluate(
        "() => { const panel = document.querySelector('home-assistant')"
        ".shadowRoot.querySelector('home-assistant-main').shadowRoot"
        ".querySelector('sleep-coach-panel');"
        " const bottom = panel.shadowRoot.querySelector('main').getBoundingClientRect().bottom;"
        " return [Math.max(document.documentElement.scrollHeight, bottom + window.scrollY),"
        " window.innerHeight]; }"
    )
    assert scroll <= height, f"the page is {scroll} px high in a {height} px viewport"


def assert_labels_apart(child: Any) -> None:
    """Assert the timeline's hour labels overlap neither each other nor the episode bars."""
    labels = child.locator(".timeline .tick span").evaluate_all(
        "spans => spans.filter(s => s.offsetParent).map(s => s.getBoundingClientRect().toJSON())"
    )
    bars = child.locator(".timeline .episode").evaluate_all(
        "bars => bars.map(b => b.getBoundingClientRect().toJSON())"
    )
    timeline = child.locator(".timeline").evaluate("t => t.getBoundingClientRect().toJSON()")

    def meet(a: dict[str, float], b: dict[str, float]) -> bool:
        return (
            a["left"] < b["right"]
            and b["left"] < a["right"]
            and a["top"] < b["bottom"]
            and b["top"] < a["bottom"]
        )

    for index, label in enumerate(labels):
        assert label["left"] >= timeline["left"], label
        assert label["right"] <= timeline["right"], label
        assert not any(meet(label, other) for other in labels[index + 1 :]), labels
        assert not any(meet(label, bar) for bar in bars), (label, bars)


def pdf_pages(pdf: bytes) -> int:
    """Return how many pages a PDF from Chromium has: its `/Type /Page` objects."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def night_statistic(page: Page, statistic: str, night_start: datetime) -> dict[str, Any] | None:
    """Return a statistic's row for the night that started at `night_start`, if written.

    Sleep Coach writes a night's figures into the hour its night window starts in.
    """
    hour = night_start.astimezone(ZoneInfo("UTC")).replace(minute=0, second=0, microsecond=0)
    result = call_ws(
        page,
        {
            "type": "recorder/statistics_during_period",
            "start_time": hour.isoformat(),
            "end_time": (hour + timedelta(hours=1)).isoformat(),
            "statistic_ids": [statistic],
            "period": "hour",
            "types": ["max"],
        },
    )
    rows = list(result.get(statistic, []))
    return rows[0] if rows else None


def _seconds_until(clock: str, zone: ZoneInfo) -> float:
    now = datetime.now(zone)
    hour, minute = (int(part) for part in clock.split(":")[:2])
    end = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if end < now - timedelta(hours=1):
        end += timedelta(days=1)
    return max(0.0, (end - now).total_seconds())


@contextmanager
def browser(playwright: Playwright, ha: HomeAssistant) -> Iterator[Page]:
    """Headless Chromium with a fresh profile, logged in as the demo parent."""
    profile = run_dir() / f"e2e-chromium-{os.getpid()}"
    shutil.rmtree(profile, ignore_errors=True)
    context = playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_FLAGS,
        viewport=VIEWPORT,
        color_scheme="dark",
    )
    try:
        context.set_default_timeout(STEP_TIMEOUT_S * 1000)
        expect.set_options(timeout=STEP_TIMEOUT_S * 1000)
        # The frontend keeps its login in localStorage; putting it there skips the form.
        tokens = json.dumps(json.dumps(ha.tokens))
        context.add_init_script(f"window.localStorage.setItem('hassTokens', {tokens});")
        page = context.new_page()
        # What the page reports goes to the test's output, for a failure's diagnosis.
        page.on(
            "console",
            lambda message: (
                print(f"browser {message.type}: {message.text}")
                if message.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda error: print(f"browser page error: {error.message}"))
        try:
            yield page
        except BaseException:
            # What the browser showed when a step failed, next to the other artifacts.
            page.screenshot(path=str(ARTIFACTS / "failure.png"), full_page=True)
            raise
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)
