"""Fix flows for Sleep Coach's repair issues."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from homeassistant.components.repairs import RepairsFlow

from .compat import vol
from .config_flow import NEED_INPUT_SELECTOR, validate_options
from .options import NEED_ENTITY_OPTIONS, with_defaults

if TYPE_CHECKING:
    from homeassistant.components.repairs import RepairsFlowResult
    from homeassistant.core import HomeAssistant


class NeedEntityFixFlow(RepairsFlow):
    """Pick another entity for a need whose entity was deleted, or none."""

    def __init__(self, entry_id: str, need: str) -> None:
        """Fix the need `need` of the child of `entry_id`."""
        self.entry_id = entry_id
        self.need = need

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> RepairsFlowResult:
        """Ask for the replacement."""
        return await self.async_step_choose()

    async def async_step_choose(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Save the replacement; an empty field means Sleep Coach's own entities."""
        option = NEED_ENTITY_OPTIONS[self.need]
        entry = self.hass.config_entries.async_get_entry(self.entry_id)
        if entry is None:
            return self.async_abort(reason="child_removed")
        errors: dict[str, str] = {}
        if user_input is not None:
            options = with_defaults(entry.options)
            options[option] = user_input.get(option) or None
            validation = validate_options(self.hass, options, (option,))
            if not validation.errors:
                self.hass.config_entries.async_update_entry(entry, options=options)
                return self.async_create_entry(data={})
            errors = validation.errors
        return self.async_show_form(
            step_id="choose",
            data_schema=vol.Schema({vol.Optional(option): NEED_INPUT_SELECTOR}),
            errors=errors,
            description_placeholders={"child": entry.title, "need": self.need},
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the fix flow of an issue."""
    if data is None:
        # Only the need issue is fixable, and it always carries its data.
        raise ValueError(issue_id)
    return NeedEntityFixFlow(str(data["entry_id"]), str(data["need"]))
