"""The words a family reads outside entities and forms, from the translations' `common` keys.

Notifications, the night diary in the logbook and the wall-tablet card speak the family's
language: the texts live in strings.json and translations/ under `common` (one flat key per
text, with `{placeholders}`), and every part that writes a sentence asks a `Words` for it.
A language without a text falls back to English. Log messages stay English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

CATEGORY: Final = "common"
FALLBACK_LANGUAGE: Final = "en"
_PREFIX: Final = f"component.{DOMAIN}.{CATEGORY}."


class Words:
    """The integration's texts in one language (with English for anything missing)."""

    def __init__(self, language: str, texts: Mapping[str, str]) -> None:
        """Hold `texts`, by key without the component prefix."""
        self.language = language
        self._texts = texts

    def __call__(self, key: str, **placeholders: object) -> str:
        """Return the text of `key` with its placeholders filled in."""
        return self._texts[key].format(**placeholders)

    def starting_with(self, prefix: str) -> dict[str, str]:
        """Return every text whose key starts with `prefix` (the card's, say), unfilled."""
        return {key: text for key, text in self._texts.items() if key.startswith(prefix)}


async def async_load_words(hass: HomeAssistant, language: str | None = None) -> Words:
    """Return the texts in `language` (by default, the instance's language)."""
    language = language or hass.config.language
    english = await async_get_translations(hass, FALLBACK_LANGUAGE, CATEGORY, [DOMAIN])
    texts = {key.removeprefix(_PREFIX): text for key, text in english.items()}
    if language != FALLBACK_LANGUAGE:
        own = await async_get_translations(hass, language, CATEGORY, [DOMAIN])
        texts |= {key.removeprefix(_PREFIX): text for key, text in own.items()}
    return Words(language, texts)
