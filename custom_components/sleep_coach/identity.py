"""A child's identity: fixed when the child is added, kept through every rename.

The identity is the entry's unique id and the child's part of its long-term statistic ids
(`sleep_coach:<child id>_<figure>`), so a renamed child keeps its nights. It is made from
the name the child was added with: lowercase letters, digits and `_`, with a number added
when another child has it already.

Entries of version 1.1 derived their unique id from the current name, and their statistic
ids from the unique id; version 1.2 stores the identity they had then.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Final

from homeassistant.util import slugify

from .const import CONF_CHILD_ID, DOMAIN

if TYPE_CHECKING:
    from homeassistant.config_entries import ConfigEntry
    from homeassistant.core import HomeAssistant

_LOGGER = logging.getLogger(__name__)

ENTRY_VERSION: Final = 1
ENTRY_MINOR_VERSION: Final = 2
# What `slugify` makes of a name with no letters or digits.
UNKNOWN_SLUG: Final = "unknown"
FALLBACK_ID: Final = "child"


def same_name(first: str, second: str) -> bool:
    """Tell whether two names are the same child's, regardless of case and spacing."""
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def child_id(entry: ConfigEntry) -> str:
    """Return a child's identity."""
    return str(entry.data[CONF_CHILD_ID])


def new_child_id(hass: HomeAssistant, name: str) -> str:
    """Return the identity of a child added now as `name`: unused by any other child."""
    base = slugify(name)
    if base in ("", UNKNOWN_SLUG):
        base = FALLBACK_ID
    taken = {
        entry.data.get(CONF_CHILD_ID, entry.unique_id)
        for entry in hass.config_entries.async_entries(DOMAIN)
    }
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def async_migrate_identity(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Store the identity of an entry from version 1.1; refuse one from a newer release."""
    if entry.version > ENTRY_VERSION:  # pragma: no cover
        # Newer releases refuse a downgrade before asking; 2025.4 asks (its run covers it).
        return False
    # The statistic ids version 1.1 wrote to: the unique id (the name, casefolded) as a
    # slug, or the entry id for a name of symbols only.
    slug = slugify(entry.unique_id or entry.title)
    identity = slugify(entry.entry_id) if slug == UNKNOWN_SLUG else slug
    hass.config_entries.async_update_entry(
        entry,
        data={**entry.data, CONF_CHILD_ID: identity},
        unique_id=identity,
        minor_version=ENTRY_MINOR_VERSION,
    )
    _LOGGER.debug("Migrated %s to entry version 1.2 (identity %s)", entry.title, identity)
    return True
