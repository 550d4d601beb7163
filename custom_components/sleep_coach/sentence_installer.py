"""Install the shipped voice sentences where the default conversation agent reads them.

Each ``sentences/<language>/sleep_coach.yaml`` of this package is copied to
``<config>/custom_sentences/<language>/sleep_coach.yaml``, the folder Home Assistant's
default agent reads a family's own sentences from. As with the blueprints, a copy the
family edited is never overwritten: a store remembers the content hash of what was last
written, and only a copy still equal to it (or missing) is replaced by a newer shipped
version. When a copy changed, the agent is asked to reload its sentences
(docs/decisions/0020-voice.md).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.core import callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.storage import Store

from .blueprint_installer import BlueprintManifest, Outcome, _digest, _install_one
from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

SHIPPED_DIR: Final = Path(__file__).parent / "sentences"
SENTENCES_FOLDER: Final = "custom_sentences"
FILE_NAME: Final = f"{DOMAIN}.yaml"
STORAGE_KEY: Final = f"{DOMAIN}.sentences"
STORAGE_VERSION: Final = 1
CONVERSATION: Final = "conversation"

# Outcomes that wrote a file the agent may have read already.
_WRITTEN: Final = frozenset({Outcome.INSTALLED, Outcome.RESTORED, Outcome.UPDATED})


def install_sentences(
    shipped_dir: Path, sentences_dir: Path, written: dict[str, str]
) -> tuple[dict[str, Outcome], dict[str, str]]:
    """Install every shipped language's sentences; return each outcome and the new manifest.

    `written` maps a language such as ``de`` to the hash of the content last written for it.
    Blocking: run it in the executor.
    """
    outcomes: dict[str, Outcome] = {}
    manifest = dict(written)
    for source in sorted(shipped_dir.glob(f"*/{FILE_NAME}")):
        language = source.parent.name
        target = sentences_dir / language / FILE_NAME
        try:
            content = source.read_bytes()
            outcome = _install_one(target, content, written.get(language))
        except (OSError, HomeAssistantError) as err:
            # A read-only or full config folder costs the sentences, never the coach.
            _LOGGER.warning("Could not install the voice sentences %s: %s", target, err)
            outcomes[language] = Outcome.FAILED
            continue
        outcomes[language] = outcome
        if outcome is Outcome.KEPT:
            _LOGGER.info(
                "Kept the voice sentences %s, which were edited; delete them and restart "
                "to get the ones shipped with Sleep Coach",
                target,
            )
        else:
            manifest[language] = _digest(content)
    return outcomes, manifest


async def async_install_sentences(hass: HomeAssistant) -> dict[str, Outcome]:
    """Install or update the shipped sentences; return what happened to each language."""
    store: Store[BlueprintManifest] = Store(hass, STORAGE_VERSION, STORAGE_KEY)
    stored = await store.async_load()
    written = stored["files"] if stored else {}
    outcomes, manifest = await hass.async_add_executor_job(
        install_sentences, SHIPPED_DIR, Path(hass.config.path(SENTENCES_FOLDER)), written
    )
    if manifest != written:
        await store.async_save(BlueprintManifest(files=manifest))
    if not _WRITTEN.isdisjoint(outcomes.values()) and CONVERSATION in hass.config.components:
        # The default agent caches the sentences it read, by language; its reload clears
        # that cache, and each language loads again when next spoken.
        await hass.services.async_call(CONVERSATION, "reload", blocking=True)
    return outcomes


@callback
def async_setup_sentences(hass: HomeAssistant) -> None:
    """Install the shipped sentences once Home Assistant has started, never delaying it."""

    async def _async_install(hass: HomeAssistant) -> None:
        await async_install_sentences(hass)

    async_at_started(hass, _async_install)
