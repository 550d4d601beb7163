"""The card on a slow tablet: time to the panel's first meaningful render, and its bytes.

Run by `scripts/bench` after the rest (skip with `--no-browser`), in the end-to-end
environment: `python -m bench.card_bench [--runs N]`. Not a test: the figures depend on the
machine. It starts a real Home Assistant from the newest environment with two children on
the demo's baby monitor, Mia and Leo, each with the demo's three weeks of seeded nights
(demo/seed.py, through e2e/test_dashboard.py's helpers), and opens the "Sleep Coach" panel
in Debian's headless Chromium with the CPU slowed four times (Chrome DevTools Protocol,
`Emulation.setCPUThrottlingRate`), as on a cheap wall tablet.

Measured, from the navigation's start (`performance.now()` in the page):

- first meaningful render: every child's `sleep-coach-night-card` shows its state (each
  `section.child` has its `.state`), checked at every animation frame; on the way, when
  Home Assistant's frontend has its connection and states (`hass`), when the panel element
  exists, when it has drawn its frame (after the strategy's `sleep_coach/night` answer for
  every child) and when the night cards exist (after Home Assistant's card helpers);
  warm (the modules in the browser's cache, as on a wall tablet that reloads) and cold
  (the cache off, a first visit); and from the Overview already open, Home Assistant's
  frontend told to go to the panel as its menu does (the milestones from that moment);
  best, median and worst of `--runs` navigations each;
- the `sleep_coach/night` answers' JSON size in bytes: for every child (the strategy's),
  each child's own (each card's), the sum of what one load asks for, and the words in it;
- the bytes of Sleep Coach's modules loaded, and of all the page's scripts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from .table import mark, print_table

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "e2e"))

from test_dashboard import (  # noqa: E402 - e2e/ is not a package
    LEO,
    HomeAssistant,
    add_child,
    bootstrap,
    browser,
    call_ws,
    running_home_assistant,
    seed_nights,
    wait_for,
)

RUNS = 5
CPU_SLOWDOWN = 4
TARGET_RENDER_MS = 300
TARGET_PAYLOAD_BYTES = 50_000
LEO_BIRTH_DATE = "2024-01-10"
RENDER_TIMEOUT_MS = 60_000

# The milestones of a load, each the first frame its condition held, in ms since the
# navigation started; `render` is the first meaningful render. Installed in every page.
MILESTONES = """
(() => {
  const marks = {};
  window.__sleepCoachMarks = marks;
  const note = (name, reached) => {
    if (marks[name] === undefined && reached) marks[name] = performance.now();
  };
  const frame = () => {
    const app = document.querySelector("home-assistant");
    note("hass", app && app.hass && app.hass.states && app.hass.connection);
    const main = app && app.shadowRoot && app.shadowRoot.querySelector("home-assistant-main");
    const panel = main && main.shadowRoot && main.shadowRoot.querySelector("sleep-coach-panel");
    note("defined", customElements.get("sleep-coach-panel"));
    note("panel", panel);
    const root = panel && panel.shadowRoot;
    note("frame", root && root.querySelector("main"));
    const cards = root ? [...root.querySelectorAll("sleep-coach-night-card")] : [];
    note("cards", cards.length >= window.__sleepCoachChildren);
    const sections = cards.flatMap((card) =>
      card.shadowRoot ? [...card.shadowRoot.querySelectorAll("section.child")] : [],
    );
    note(
      "render",
      sections.length >= window.__sleepCoachChildren &&
        sections.every((section) => section.querySelector(".state")),
    );
    if (marks.render === undefined) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
"""
MILESTONE_NAMES = ("hass", "defined", "panel", "frame", "cards", "render")

PAYLOAD = """
async (entryIds) => {
  const hass = document.querySelector("home-assistant").hass;
  const bytes = (value) => new TextEncoder().encode(JSON.stringify(value)).length;
  const message = { type: "sleep_coach/night", language: hass.language };
  const all = await hass.callWS(message);
  const own = [];
  for (const entryId of entryIds) {
    own.push(bytes(await hass.callWS({ ...message, entry_id: entryId })));
  }
  const words = bytes(all.words || {});
  const children = all.children.map((child) => bytes(child));
  return { all: bytes(all), own, words, children };
}
"""

MODULES = """
() => {
  const scripts = performance.getEntriesByType("resource").filter((entry) =>
    entry.initiatorType === "script" || entry.name.endsWith(".js"));
  const ours = scripts.filter((entry) => new URL(entry.name).pathname.startsWith("/sleep_coach/"));
  const sum = (entries, key) => entries.reduce((total, entry) => total + entry[key], 0);
  return {
    ours: ours.map((entry) => [new URL(entry.name).pathname, entry.decodedBodySize]),
    ours_bytes: sum(ours, "decodedBodySize"),
    ours_transferred: sum(ours, "transferSize"),
    all_bytes: sum(scripts, "decodedBodySize"),
    all_transferred: sum(scripts, "transferSize"),
    all_count: scripts.length,
  };
}
"""


def set_up_children(ha: HomeAssistant, page: Page) -> list[str]:
    """Add Mia and Leo through the config flow and seed both with the demo's weeks."""
    children = [
        (bootstrap.DEMO_CHILD, add_child(ha, bootstrap.DEMO_CHILD, bootstrap.DEMO_BIRTH_DATE)),
        (LEO, add_child(ha, LEO, LEO_BIRTH_DATE)),
    ]
    page.goto(f"{ha.base_url}/sleep-coach")
    for name, entry_id in children:
        seed_nights(ha, page, entry_id, name)
    for name, _ in children:
        sensor = f"sensor.{name.lower()}_coach_state"
        wait_for(
            lambda sensor=sensor: ha.state(sensor) not in (None, "unavailable", "unknown"),
            f"{name}'s coach set up",
        )
    return [entry_id for _, entry_id in children]


class NightTraffic:
    """Counts the `sleep_coach/night` answers a load receives, and their bytes, over CDP."""

    def __init__(self, cdp: Any) -> None:
        """Listen to the page's websocket frames."""
        self.asked: set[int] = set()
        self.answers = 0
        self.bytes = 0
        cdp.on("Network.webSocketFrameSent", self._sent)
        cdp.on("Network.webSocketFrameReceived", self._received)

    def reset(self) -> None:
        """Start counting anew (a new load, a new connection)."""
        self.asked.clear()
        self.answers = 0
        self.bytes = 0

    @staticmethod
    def _messages(event: dict[str, Any]) -> list[Any]:
        try:
            data = json.loads(event["response"]["payloadData"])
        except (KeyError, ValueError):
            return []
        # Home Assistant may send several messages in one frame, as a list.
        return data if isinstance(data, list) else [data]

    def _sent(self, event: dict[str, Any]) -> None:
        for message in self._messages(event):
            if isinstance(message, dict) and message.get("type") == "sleep_coach/night":
                self.asked.add(message.get("id"))

    def _received(self, event: dict[str, Any]) -> None:
        for message in self._messages(event):
            if isinstance(message, dict) and message.get("id") in self.asked:
                self.answers += 1
                self.bytes += len(json.dumps(message.get("result"), separators=(",", ":")))


def navigate(
    page: Page, cdp: Any, url: str, children: int, slowdown: int = CPU_SLOWDOWN
) -> dict[str, float]:
    """Open the panel with the CPU slowed; return the load's milestones in ms."""
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(url, wait_until="commit")
    page.wait_for_function(
        "() => window.__sleepCoachMarks && window.__sleepCoachMarks.render !== undefined",
        timeout=RENDER_TIMEOUT_MS,
    )
    marks = page.evaluate("() => window.__sleepCoachMarks")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    # Let the rest of the page (graphs, refetches) settle before the next navigation.
    page.wait_for_timeout(1500)
    assert page.evaluate("() => window.__sleepCoachChildren") == children
    return {name: float(marks[name]) for name in MILESTONE_NAMES if name in marks}


# Home Assistant's own `navigate()`: the address changes and the app is told, no reload.
NAVIGATE_IN_APP = """
(path) => {
  const started = performance.now();
  history.pushState(null, "", path);
  window.dispatchEvent(new CustomEvent("location-changed", { detail: { replace: false } }));
  return started;
}
"""


def navigate_in_app(page: Page, cdp: Any, base_url: str, children: int) -> dict[str, float]:
    """Open the panel from the Overview, already loaded, as a tablet's menu does.

    The page starts at the Overview at full speed; with the CPU slowed, Home Assistant's
    frontend is told to go to the panel; the milestones count from that moment.
    """
    page.goto(f"{base_url}/lovelace/0", wait_until="commit")
    page.wait_for_function("() => window.__sleepCoachMarks && window.__sleepCoachMarks.hass")
    page.wait_for_timeout(1500)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    started = page.evaluate(NAVIGATE_IN_APP, "/sleep-coach")
    page.wait_for_function(
        "() => window.__sleepCoachMarks.render !== undefined", timeout=RENDER_TIMEOUT_MS
    )
    marks = page.evaluate("() => window.__sleepCoachMarks")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    page.wait_for_timeout(1500)
    return {
        name: float(marks[name]) - started
        for name in MILESTONE_NAMES
        if name in marks and marks[name] >= started
    }


def measure(runs: int) -> dict[str, Any]:
    """Set up Home Assistant and the children; measure the warm and cold loads and bytes."""
    with (
        running_home_assistant("card-bench") as ha,
        sync_playwright() as playwright,
        browser(playwright, ha) as page,
    ):
        entry_ids = set_up_children(ha, page)
        call_ws(page, {"type": "sleep_coach/night"})
        page.add_init_script(f"window.__sleepCoachChildren = {len(entry_ids)};\n{MILESTONES}")
        cdp = page.context.new_cdp_session(page)
        url = f"{ha.base_url}/sleep-coach"
        cdp.send("Network.enable")
        traffic = NightTraffic(cdp)
        # One unmeasured load fills the cache; then warm and cold loads alternate, so a slow
        # minute of the machine touches both alike.
        navigate(page, cdp, url, len(entry_ids))
        warm: list[dict[str, float]] = []
        cold: list[dict[str, float]] = []
        quick: list[dict[str, float]] = []
        in_app: list[dict[str, float]] = []
        modules: dict[str, Any] = {}
        on_load: dict[str, int] = {}
        for _ in range(runs):
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
            warm.append(navigate(page, cdp, url, len(entry_ids)))
            # The same load with the CPU at full speed: how much the slowdown costs.
            quick.append(navigate(page, cdp, url, len(entry_ids), slowdown=1))
            in_app.append(navigate_in_app(page, cdp, ha.base_url, len(entry_ids)))
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            traffic.reset()
            cold.append(navigate(page, cdp, url, len(entry_ids)))
            modules = page.evaluate(MODULES)
            on_load = {"answers": traffic.answers, "bytes": traffic.bytes}
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        payload = page.evaluate(PAYLOAD, entry_ids)
    return {
        "warm": warm,
        "cold": cold,
        "quick": quick,
        "in_app": in_app,
        "payload": payload,
        "modules": modules,
        "on_load": on_load,
    }


def _spread(samples: list[dict[str, float]], name: str) -> tuple[float, float, float]:
    values = [sample[name] for sample in samples if name in sample]
    return min(values), statistics.median(values), max(values)


def report(results: dict[str, Any], runs: int) -> None:
    """Print the figures as a table, each against its target, as bench/bench.py does."""
    rows: list[tuple[str, str, str, str, str]] = []
    loads = (
        ("warm", f"CPU /{CPU_SLOWDOWN}, cached"),
        ("cold", f"CPU /{CPU_SLOWDOWN}, cache off"),
        ("quick", "CPU at full speed, cached"),
        ("in_app", f"CPU /{CPU_SLOWDOWN}, from the Overview already open"),
    )
    for look, label in loads:
        best, median, worst = _spread(results[look], "render")
        slowed = look != "quick"
        rows.append(
            (
                f"First render, 2 children, {label} (best/median/worst)",
                f"{best:.0f} / {median:.0f} / {worst:.0f} ms ({runs} loads)",
                f"< {TARGET_RENDER_MS} ms" if slowed else "",
                f"{median / TARGET_RENDER_MS:.2f}x" if slowed else "",
                mark(met=median < TARGET_RENDER_MS) if slowed else "",
            )
        )
        # In the app, its connection and Sleep Coach's modules were there before.
        names = MILESTONE_NAMES[2:] if look == "in_app" else MILESTONE_NAMES
        labels = {"defined": "module"}
        medians = {name: _spread(results[look], name)[1] for name in names[:-1]}
        ours = [sample["render"] - sample["panel"] for sample in results[look]]
        rows.append(
            (
                "  on the way (medians)",
                ", ".join(
                    f"{labels.get(name, name)} {value:.0f}" for name, value in medians.items()
                )
                + f" ms; panel -> render {statistics.median(ours):.0f} ms",
                "",
                "",
                "",
            )
        )
    payload = results["payload"]
    on_load = results["on_load"]
    rows.extend(
        [
            (
                "sleep_coach/night, both children",
                f"{payload['all'] / 1e3:.1f} kB (words {payload['words'] / 1e3:.1f} kB; per"
                f" child {', '.join(f'{size / 1e3:.1f}' for size in payload['children'])} kB)",
                f"< {TARGET_PAYLOAD_BYTES / 1e3:.0f} kB",
                f"{payload['all'] / TARGET_PAYLOAD_BYTES:.2f}x",
                mark(met=payload["all"] < TARGET_PAYLOAD_BYTES),
            ),
            (
                "  one child's own answer (a card's refetch)",
                ", ".join(f"{size / 1e3:.1f}" for size in payload["own"]) + " kB",
                "",
                "",
                "",
            ),
            (
                "  received by one load (websocket frames)",
                f"{on_load['bytes'] / 1e3:.1f} kB in {on_load['answers']} answer"
                + ("" if on_load["answers"] == 1 else "s"),
                "",
                "",
                "",
            ),
        ]
    )
    modules = results["modules"]
    rows.extend(
        [
            (
                "Sleep Coach's modules loaded",
                f"{modules['ours_bytes'] / 1e3:.1f} kB in {len(modules['ours'])} modules"
                f" ({modules['ours_transferred'] / 1e3:.1f} kB over the wire, uncached)",
                "",
                "",
                "",
            ),
            (
                "  all the page's scripts",
                f"{modules['all_bytes'] / 1e6:.2f} MB in {modules['all_count']} files"
                f" ({modules['all_transferred'] / 1e6:.2f} MB over the wire, uncached)",
                "",
                "",
                "",
            ),
        ]
    )
    print_table(rows)
    print()
    print(
        "Milestones (ms since the navigation started): hass = Home Assistant's frontend has"
        " its connection and states; module = Sleep Coach's modules are loaded and the panel"
        " defined; panel = Home Assistant has made the panel element; frame = the strategy's"
        " answer for every child is in; cards = the night cards exist, drawn from that answer"
        " (Home Assistant's card helpers, for the graphs, load after). Up to the panel element"
        " the time is Home Assistant's frontend starting; from there it is Sleep Coach's."
    )


def main(argv: list[str] | None = None) -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="loads of each kind")
    args = parser.parse_args(argv)
    results = measure(args.runs)
    report(results, args.runs)


if __name__ == "__main__":
    main()
