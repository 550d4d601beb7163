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
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from homeassistant.core import callback
from homeassistant.helpers.start import async_at_started

from .const import DOMAIN
from .shipped_files import Outcome, async_install, install_copies

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

SHIPPED_DIR: Final = Path(__file__).parent / "sentences"
SENTENCES_FOLDER: Final = "custom_sentences"
FILE_NAME: Final = f"{DOMAIN}.yaml"
STORAGE_KEY: Final = f"{DOMAIN}.sentences"
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
    copies = [
        (source.parent.name, source, sentences_dir / source.parent.name / FILE_NAME)
        for source in sorted(shipped_dir.glob(f"*/{FILE_NAME}"))
    ]
    outcomes, manifest = install_copies(copies, written)
    for language, outcome in outcomes.items():
        if outcome is Outcome.KEPT:
            _LOGGER.info(
                "Kept the voice sentences %s, which were edited; delete them and restart "
                "to get the ones shipped with Sleep Coach",
                sentences_dir / language / FILE_NAME,
            )
    return outcomes, manifest


async def async_install_sentences(hass: HomeAssistant) -> dict[str, Outcome]:
    """Install or update the shipped sentences; return what happened to each language."""
    outcomes = await async_install(
        hass,
        STORAGE_KEY,
        partial(install_sentences, SHIPPED_DIR, Path(hass.config.path(SENTENCES_FOLDER))),
    )
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
