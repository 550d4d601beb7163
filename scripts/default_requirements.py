"""Print the requirements of the integrations every Home Assistant start loads.

Home Assistant sets up a default set of integrations (frontend, conversation, camera, ...)
on every start, and its frontend needs them working. A real installation pip-installs their
requirements on first start; the development and end-to-end instances start with
--skip-pip, so scripts/setup installs these up front. Run with the environment's own
Python, after Home Assistant itself is installed.
"""

from __future__ import annotations

import json
from pathlib import Path

import homeassistant
from homeassistant import bootstrap

# What the demo configuration and the dashboard load besides the defaults, and what
# onboarding sets up when it finishes (its core-config step).
EXTRA = {
    "config",
    "history",
    "logbook",
    "recorder",
    "template",
    "panel_custom",
    "lovelace",
    "google_translate",
    "met",
    "radio_browser",
    "shopping_list",
}


def main() -> None:
    """Print one requirement per line, following each integration's dependencies.

    Both kinds: `dependencies` are set up first, `after_dependencies` are set up first when
    present, and an integration may import them either way (analytics imports hassio's
    client library, for one), so their requirements must be installed too.
    """
    components = Path(homeassistant.__file__).parent / "components"
    pending = set(bootstrap.DEFAULT_INTEGRATIONS) | set(bootstrap.CORE_INTEGRATIONS) | EXTRA
    seen: set[str] = set()
    requirements: set[str] = set()
    while pending:
        domain = pending.pop()
        manifest_path = components / domain / "manifest.json"
        if domain in seen or not manifest_path.exists():
            continue
        seen.add(domain)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        requirements.update(manifest.get("requirements", []))
        pending.update(manifest.get("dependencies", []))
        pending.update(manifest.get("after_dependencies", []))
    print("\n".join(sorted(requirements)))


if __name__ == "__main__":
    main()
