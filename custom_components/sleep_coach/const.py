"""Constants for the Sleep Coach integration."""

from typing import Final

DOMAIN: Final = "sleep_coach"

CONF_CHILD_NAME: Final = "name"
# The child's identity, fixed when the child is added: the entry's unique id and the
# child's part of its long-term statistic ids. A rename leaves it as it is.
CONF_CHILD_ID: Final = "child_id"

# Fired on every transition of a child's coach; the logbook shows it as a night diary.
EVENT_TRANSITION: Final = "sleep_coach_transition"
ATTR_ENTRY_ID: Final = "entry_id"
ATTR_CHILD: Final = "child"
ATTR_TYPE: Final = "type"
ATTR_DIARY: Final = "diary"
