"""Constants for the Sleep Coach integration."""

from typing import Final

DOMAIN: Final = "sleep_coach"

CONF_CHILD_NAME: Final = "name"
