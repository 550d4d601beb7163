"""Install the shipped automation blueprints into the config's blueprint folder.

Each blueprint in this package's ``blueprints/<domain>/`` folder is copied to
``<config>/blueprints/<domain>/sleep_coach/``, where the automation editor lists it. A copy
the family edited is never overwritten: a store remembers the content hash of what was last
written, and only a copy still equal to it (or missing) is replaced by a newer shipped
version (`shipped_files`, docs/decisions/0009-blueprints.md).
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final

from homeassistant.core import callback
from homeassistant.helpers.start import async_at_started

from .const import DOMAIN
from .shipped_files import Outcome, async_install, install_copies

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

SHIPPED_DIR: Final = Path(__file__).parent / "blueprints"
BLUEPRINT_FOLDER: Final = "blueprints"
STORAGE_KEY: Final = f"{DOMAIN}.blueprints"
AUTOMATION: Final = "automation"


# Outcomes that replaced a file the automation integration may have read (and cached), so
# automations built on it must be reloaded to see the new content.
_REPLACED: Final = frozenset({Outcome.RESTORED, Outcome.UPDATED})


_LOG_MESSAGES: Final = {
    Outcome.INSTALLED: "Installed the blueprint %s",
    Outcome.RESTORED: "Restored the blueprint %s, which had been deleted",
    Outcome.UPDATED: "Updated the blueprint %s to the version shipped with Sleep Coach",
    Outcome.KEPT: (
        "Kept the blueprint %s, which was edited; delete it and restart to get the version "
        "shipped with Sleep Coach"
    ),
}


def installed_path(key: str) -> PurePosixPath:
    """Return where a shipped blueprint goes, relative to the config's blueprint folder.

    `key` is its path in the package's blueprint folder, e.g. ``automation/x.yaml``; the
    copy goes to ``automation/sleep_coach/x.yaml``, beside the family's own blueprints.
    """
    shipped = PurePosixPath(key)
    return shipped.parent / DOMAIN / shipped.name


def install_blueprints(
    shipped_dir: Path, blueprint_dir: Path, written: dict[str, str]
) -> tuple[dict[str, Outcome], dict[str, str]]:
    """Install every shipped blueprint; return each one's outcome and the new manifest.

    `written` maps a shipped path such as ``automation/nursery_lights.yaml`` to the hash of
    the content last written for it. Blocking: run it in the executor.
    """
    keys = [source.relative_to(shipped_dir).as_posix() for source in shipped_dir.glob("*/*.yaml")]
    copies = [(key, shipped_dir / key, blueprint_dir / installed_path(key)) for key in sorted(keys)]
    return install_copies(copies, written)


async def async_install_blueprints(hass: HomeAssistant) -> dict[str, Outcome]:
    """Install or update the shipped blueprints; return what happened to each."""
    if AUTOMATION not in hass.config.components:
        # Nothing would use them; and waiting for the automation integration keeps its own
        # example blueprints, which it adds only to a missing folder, from being skipped.
        _LOGGER.debug("The automation integration is not loaded: no blueprints installed")
        return {}
    outcomes = await async_install(
        hass,
        STORAGE_KEY,
        partial(install_blueprints, SHIPPED_DIR, Path(hass.config.path(BLUEPRINT_FOLDER))),
    )
    for key, outcome in outcomes.items():
        if message := _LOG_MESSAGES.get(outcome):
            _LOGGER.info(message, f"{BLUEPRINT_FOLDER}/{installed_path(key)}")
    if not _REPLACED.isdisjoint(outcomes.values()):
        # The blueprint integration caches what it read; the automation reload clears that
        # cache and rebuilds only the automations whose configuration changed.
        await hass.services.async_call(AUTOMATION, "reload")
    return outcomes


@callback
def async_setup_blueprints(hass: HomeAssistant) -> None:
    """Install the shipped blueprints once Home Assistant has started.

    After start-up the automation integration is known to be loaded or not, and has already
    added its own example blueprints; installing never delays the start.
    """

    async def _async_install(hass: HomeAssistant) -> None:
        await async_install_blueprints(hass)

    async_at_started(hass, _async_install)
