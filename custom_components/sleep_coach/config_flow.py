"""Config flow for Sleep Coach: one entry per child."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.helpers.selector import TextSelector

from .compat import vol
from .const import CONF_CHILD_NAME, DOMAIN

USER_SCHEMA = vol.Schema({vol.Required(CONF_CHILD_NAME): TextSelector()})


def child_unique_id(name: str) -> str:
    """Identify a child by name regardless of case and surrounding spaces."""
    return " ".join(name.split()).casefold()


class SleepCoachConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up the coach for a child."""

    VERSION = 1

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the child's name."""
        errors: dict[str, str] = {}
        if user_input is not None:
            name = " ".join(user_input[CONF_CHILD_NAME].split())
            if not name:
                errors[CONF_CHILD_NAME] = "name_required"
            else:
                await self.async_set_unique_id(child_unique_id(name))
                self._abort_if_unique_id_configured()
                return self.async_create_entry(title=name, data={CONF_CHILD_NAME: name})
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, user_input),
            errors=errors,
        )
