"""Sleep Coach's intents as tools of the Assist API for LLM-based conversation agents.

Since Home Assistant 2026 an integration offers its tools through this platform; earlier
releases list every registered intent handler as a tool themselves, so there the platform
is never loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.llm import LLMTools
from homeassistant.core import callback
from homeassistant.helpers import intent
from homeassistant.helpers.llm import LLM_API_ASSIST, IntentTool

from .const import DOMAIN
from .voice import SleepCoachIntent

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.llm import LLMContext, Tool


@callback
def async_get_tools(hass: HomeAssistant, llm_context: LLMContext, api_id: str) -> LLMTools | None:
    """Return a tool of every Sleep Coach intent, for the Assist API with a child loaded."""
    if api_id != LLM_API_ASSIST or not hass.config_entries.async_loaded_entries(DOMAIN):
        return None
    tools: list[Tool] = [
        IntentTool(f"{DOMAIN}__{handler.intent_type}", handler, integration=DOMAIN)
        for handler in intent.async_get(hass)
        if isinstance(handler, SleepCoachIntent)
    ]
    return LLMTools(tools=tools)
