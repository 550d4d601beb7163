"""Serve the wall-tablet card and add the "Sleep Coach" dashboard to the sidebar.

The card is a few plain ES modules in `frontend/` (see docs/decisions/0018): the card itself,
which the frontend loads and which imports its editor and the dashboard strategy with the
panel, a module they share, and the health visitor's report, loaded only when asked for. The
integration serves the whole folder under one URL that carries a content hash of every
module, `/sleep_coach/<hash>/`, with long cache headers: the modules' relative imports then
resolve inside the same versioned folder, so after an update that changes any module the
browser fetches them anew (never a new card with an old cached module), and until then
keeps every one cached.

It asks the frontend to load the card on every page, so the card and the dashboard strategy
exist without the family adding a resource. The sidebar entry is a custom panel that renders
the strategy's cards, so the dashboard needs no YAML and no stored Lovelace dashboard (see
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

FRONTEND_DIR: Final = Path(__file__).parent / "frontend"
# The module the frontend loads on every page and the panel loads; it imports the rest.
CARD_MODULE: Final = "sleep-coach-night-card.js"
# The folder is served below this, in a subfolder named after its version.
URL_ROOT: Final = "/sleep_coach"
PANEL_URL_PATH: Final = "sleep-coach"
PANEL_ELEMENT: Final = "sleep-coach-panel"
PANEL_TITLE: Final = "Sleep Coach"
PANEL_ICON: Final = "mdi:baby-face-outline"


def frontend_version(folder: Path = FRONTEND_DIR) -> str:
    """Return a short content hash over every module of `folder`, names included.

    A change to any module, even one only another module imports, changes it, and so the
    URL of every module: none is served stale from a browser's cache after an update.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.js")):
        content = path.read_bytes()
        digest.update(f"{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:12]


def folder_url(version: str) -> str:
    """Return the URL the frontend folder is served at in `version`."""
    return f"{URL_ROOT}/{version}"


async def async_setup_dashboard(hass: HomeAssistant) -> bool:
    """Serve the card, load it on every page and add the sidebar panel; once per start.

    Returns whether it did: without the frontend (a headless install, or unit tests that
    load only the integration) there is nothing to serve to.
    """
    if "frontend" not in hass.config.components:
        _LOGGER.debug("The frontend is not loaded: no card and no dashboard")
        return False
    folder = folder_url(await hass.async_add_executor_job(frontend_version))
    # Cached for long: the version in the URL changes whenever a module does.
    await hass.http.async_register_static_paths(
        [StaticPathConfig(folder, str(FRONTEND_DIR), cache_headers=True)]
    )
    url = f"{folder}/{CARD_MODULE}"
    frontend.add_extra_js_url(hass, url)
    await panel_custom.async_register_panel(
        hass,
        frontend_url_path=PANEL_URL_PATH,
        webcomponent_name=PANEL_ELEMENT,
        sidebar_title=PANEL_TITLE,
        sidebar_icon=PANEL_ICON,
        # The same URL as the extra module, so the browser loads the card's modules once.
        module_url=url,
        embed_iframe=False,
        require_admin=False,
        config={},
    )
    return True
