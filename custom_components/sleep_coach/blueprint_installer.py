"""Install the shipped automation blueprints into the config's blueprint folder.

Each blueprint in this package's ``blueprints/<domain>/`` folder is copied to
``<config>/blueprints/<domain>/sleep_coach/``, where the automation editor lists it. A copy
the family edited is never overwritten: a store remembers the content hash of what was last
written, and only a copy still equal to it (or missing) is replaced by a newer shipped
version (see docs/decisions/0009-blueprints.md).
"""

from __future__ import annotations

import hashlib
import logging
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final, TypedDict

from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.storage import Store
from homeassistant.util.file import write_utf8_file

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

SHIPPED_DIR: Final = Path(__file__).parent / "blueprints"
BLUEPRINT_FOLDER: Final = "blueprints"
STORAGE_KEY: Final = f"{DOMAIN}.blueprints"
STORAGE_VERSION: Final = 1
AUTOMATION: Final = "automation"


class Outcome(StrEnum):
    """What happened to one shipped blueprint."""

    INSTALLED = "installed"
    """There was no copy: the shipped version was written."""
    RESTORED = "restored"
    """The copy this integration wrote had been deleted: the shipped version was written."""
    UPDATED = "updated"
    """The copy was an unedited earlier version: the shipped version replaced it."""
    CURRENT = "current"
    """The copy already is the shipped version."""
    KEPT = "kept"
    """The copy differs from anything this integration wrote: it is the family's, kept."""
    FAILED = "failed"
    """The copy could not be read or written; tried again at the next start."""


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


class BlueprintManifest(TypedDict):
    """What the store holds: the hash of the content last written, per shipped path."""

    files: dict[str, str]


def installed_path(key: str) -> PurePosixPath:
    """Return where a shipped blueprint goes, relative to the config's blueprint folder.

    `key` is its path in the package's blueprint folder, e.g. ``automation/x.yaml``; the
    copy goes to ``automation/sleep_coach/x.yaml``, beside the family's own blueprints.
    """
    shipped = PurePosixPath(key)
    return shipped.parent / DOMAIN / shipped.name


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _install_one(target: Path, content: bytes, written_before: str | None) -> Outcome:
    """Bring one copy up to date unless the family edited it."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written atomically: a half-written copy would read as an edit and be kept forever.
        write_utf8_file(str(target), content, mode="wb")
        return Outcome.INSTALLED if written_before is None else Outcome.RESTORED
    current_digest = _digest(current)
    if current_digest == _digest(content):
        return Outcome.CURRENT
    if current_digest != written_before:
        return Outcome.KEPT
    write_utf8_file(str(target), content, mode="wb")
    return Outcome.UPDATED


def install_blueprints(
    shipped_dir: Path, blueprint_dir: Path, written: dict[str, str]
) -> tuple[dict[str, Outcome], dict[str, str]]:
    """Install every shipped blueprint; return each one's outcome and the new manifest.

    `written` maps a shipped path such as ``automation/nursery_lights.yaml`` to the hash of
    the content last written for it. Blocking: run it in the executor.
    """
    outcomes: dict[str, Outcome] = {}
    manifest = dict(written)
    for source in sorted(shipped_dir.glob("*/*.yaml")):
        key = source.relative_to(shipped_dir).as_posix()
        target = blueprint_dir / installed_path(key)
        try:
            content = source.read_bytes()
            outcome = _install_one(target, content, written.get(key))
        except (OSError, HomeAssistantError) as err:
            # A read-only or full config folder costs the blueprints, never the coach.
            _LOGGER.warning("Could not install the blueprint %s: %s", target, err)
            outcomes[key] = Outcome.FAILED
            continue
        outcomes[key] = outcome
        if outcome is not Outcome.KEPT:
            manifest[key] = _digest(content)
    return outcomes, manifest


async def async_install_blueprints(hass: HomeAssistant) -> dict[str, Outcome]:
    """Install or update the shipped blueprints; return what happened to each."""
    if AUTOMATION not in hass.config.components:
        # Nothing would use them; and waiting for the automation integration keeps its own
        # example blueprints, which it adds only to a missing folder, from being skipped.
        _LOGGER.debug("The automation integration is not loaded: no blueprints installed")
        return {}
    store: Store[BlueprintManifest] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
    stored = await store.async_load()
    written = stored["files"] if stored else {}
    outcomes, manifest = await hass.async_add_executor_job(
        install_blueprints, SHIPPED_DIR, Path(hass.config.path(BLUEPRINT_FOLDER)), written
    )
    for key, outcome in outcomes.items():
        if message := _LOG_MESSAGES.get(outcome):
            _LOGGER.info(message, f"{BLUEPRINT_FOLDER}/{installed_path(key)}")
    if manifest != written:
        await store.async_save(BlueprintManifest(files=manifest))
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
