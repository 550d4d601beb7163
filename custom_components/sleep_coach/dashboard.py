"""Serve the wall-tablet card and add the "Sleep Coach" dashboard to the sidebar.

The integration serves its own dependency-free card file (and the report module beside it,
which the card loads when a family asks for the health visitor's report) and asks the
frontend to load the card on every page, so the card and the dashboard strategy exist
without the family adding a resource. The sidebar entry is a custom panel that renders the
strategy's cards, so the dashboard needs no YAML and no stored Lovelace dashboard (see
docs/decisions/0008).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Final

from homeassistant.components import frontend, panel_custom
from homeassistant.core import HomeAssistant

from .compat import StaticPathConfig

_LOGGER = logging.getLogger(__name__)

CARD_FILE: Final = Path(__file__).parent / "frontend" / "sleep-coach-night-card.js"
CARD_URL: Final = "/sleep_coach/sleep-coach-night-card.js"
# The health visitor's report, which the card loads from beside itself when asked for it.
REPORT_FILE: Final = CARD_FILE.parent / "sleep-coach-report.js"
REPORT_URL: Final = "/sleep_coach/sleep-coach-report.js"
PANEL_URL_PATH: Final = "sleep-coach"
PANEL_ELEMENT: Final = "sleep-coach-panel"
PANEL_TITLE: Final = "Sleep Coach"
PANEL_ICON: Final = "mdi:baby-face-outline"


def _versioned_url() -> str:
    # The content hash in the query makes browsers fetch a changed card after an update,
    # while an unchanged one stays cached.
    digest = hashlib.sha256(CARD_FILE.read_bytes()).hexdigest()[:12]
    return f"{CARD_URL}?v={digest}"


async def async_setup_dashboard(hass: HomeAssistant) -> bool:
    """Serve the card, load it on every page and add the sidebar panel; once per start.

    Returns whether it did: without the frontend (a headless install, or unit tests that
    load only the integration) there is nothing to serve to.
    """
    if "frontend" not in hass.config.components:
        _LOGGER.debug("The frontend is not loaded: no card and no dashboard")
        return False
    await hass.http.async_register_static_paths(
        [
            StaticPathConfig(CARD_URL, str(CARD_FILE), cache_headers=True),
            # Without a version in its URL, so not cached for long: a changed report is
            # fetched after an update.
            StaticPathConfig(REPORT_URL, str(REPORT_FILE), cache_headers=False),
        ]
    )
    url = await hass.async_add_executor_job(_versioned_url)
    frontend.add_extra_js_url(hass, url)
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL_PATH,
        webcomponent_name=PANEL_ELEMENT,
        sidebar_title=PANEL_TITLE,
        sidebar_icon=PANEL_ICON,
        # The same URL as the extra module, so the browser loads the file only once.
        module_url=url,
        embed_iframe=False,
        require_admin=False,
        config={},
    )
    return True
