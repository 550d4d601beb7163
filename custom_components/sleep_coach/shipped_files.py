"""Copy files shipped with the integration into the config folder, never over a family's edits.

The blueprints and the voice sentences are both installed this way: each shipped file has a
copy in the config folder, and a store remembers the content hash of what was last written
for it. A missing copy is written; a copy still equal to what was written is replaced by a
newer shipped version; any other copy is the family's and is kept (decisions 0009, 0020).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.storage import Store
from homeassistant.util.file import write_utf8_file

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION = 1


class Outcome(StrEnum):
    """What happened to one shipped file's copy."""

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


class Manifest(TypedDict):
    """What the store holds: the hash of the content last written, per shipped file."""

    files: dict[str, str]


Copy = tuple[str, Path, Path]
"""A shipped file: its key in the manifest, the shipped file and where its copy goes."""


def digest(content: bytes) -> str:
    """Return the hash the manifest keeps of a file's content."""
    return hashlib.sha256(content).hexdigest()


def install_one(target: Path, content: bytes, written_before: str | None) -> Outcome:
    """Bring one copy up to date unless the family edited it."""
    try:
        current = target.read_bytes()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written atomically: a half-written copy would read as an edit and be kept forever.
        write_utf8_file(str(target), content, mode="wb")
        return Outcome.INSTALLED if written_before is None else Outcome.RESTORED
    current_digest = digest(current)
    if current_digest == digest(content):
        return Outcome.CURRENT
    if current_digest != written_before:
        return Outcome.KEPT
    write_utf8_file(str(target), content, mode="wb")
    return Outcome.UPDATED


def install_copies(
    copies: Iterable[Copy], written: dict[str, str]
) -> tuple[dict[str, Outcome], dict[str, str]]:
    """Install every copy; return each one's outcome and the new manifest.

    `written` maps each key to the hash of the content last written for it. Blocking: run
    it in the executor.
    """
    outcomes: dict[str, Outcome] = {}
    manifest = dict(written)
    for key, source, target in copies:
        try:
            content = source.read_bytes()
            outcome = install_one(target, content, written.get(key))
        except (OSError, HomeAssistantError) as err:
            # A read-only or full config folder costs the copy, never the coach.
            _LOGGER.warning("Could not install %s: %s", target, err)
            outcomes[key] = Outcome.FAILED
            continue
        outcomes[key] = outcome
        if outcome is not Outcome.KEPT:
            manifest[key] = digest(content)
    return outcomes, manifest


async def async_install(
    hass: HomeAssistant,
    storage_key: str,
    install: Callable[[dict[str, str]], tuple[dict[str, Outcome], dict[str, str]]],
) -> dict[str, Outcome]:
    """Run a blocking `install(written)` in the executor with the manifest of `storage_key`."""
    store: Store[Manifest] = Store(hass, STORAGE_VERSION, storage_key)
    stored = await store.async_load()
    written = stored["files"] if stored else {}
    outcomes, manifest = await hass.async_add_executor_job(install, written)
    if manifest != written:
        await store.async_save(Manifest(files=manifest))
    return outcomes
