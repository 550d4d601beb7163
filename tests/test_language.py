"""Notifications, the night diary and errors speak the instance's language."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.translation import async_get_translations
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.sleep_coach.const import DOMAIN, EVENT_TRANSITION
from custom_components.sleep_coach.options import CONF_NOTIFY, CONF_PARENTS

from .conftest import CRY_SOURCE
from .test_night import move_to, set_state

ANA = "person.ana"


async def set_up_in(
    hass: HomeAssistant, language: str, options: dict[str, Any]
) -> tuple[MockConfigEntry, list[ServiceCall]]:
    """Set Mia up in an instance speaking `language`, with Ana's phone to notify."""
    hass.config.language = language
    calls = async_mock_service(hass, "notify", "mobile_app_ana")
    hass.states.async_set(ANA, "home", {"friendly_name": "Ana"})
    hass.states.async_set(CRY_SOURCE, "off")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id="mia",
        options=options | {CONF_PARENTS: [ANA], CONF_NOTIFY: {ANA: "notify.mobile_app_ana"}},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry, calls


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            (
                "Sleep Coach",
                "Mia braucht dich: länger nicht gefüttert, Windel länger nicht gewechselt, "
                "nicht als sicher markiert",
                ["Ich gehe rein"],
                "hat angefangen zu weinen",
            ),
        ),
        (
            "fr",
            (
                "Sleep Coach",
                "Mia a besoin de vous : pas nourri récemment, couche pas changée récemment, "
                "pas marqué en sécurité",
                ["J'y vais"],
                "a commencé à pleurer",
            ),
        ),
    ],
)
async def test_a_notification_and_the_diary_in_the_instance_s_language(
    hass: HomeAssistant,
    evening: FrozenDateTimeFactory,
    options: dict[str, Any],
    language: str,
    expected: tuple[str, str, list[str], str],
) -> None:
    title, message, buttons, diary = expected
    _entry, calls = await set_up_in(hass, language, options)
    transitions = async_capture_events(hass, EVENT_TRANSITION)

    # Nothing logged: every need is unknown, so a cry calls a parent at once.
    await move_to(hass, evening, "2024-06-01 20:00")
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, evening, "2024-06-01 20:00:30")

    (call,) = calls
    assert call.data["title"] == title
    assert call.data["message"] == message
    assert [action["title"] for action in call.data["data"]["actions"]] == buttons
    assert diary in [event.data["diary"] for event in transitions]


async def test_a_refusal_reads_in_the_instance_s_language(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    entry, _calls = await set_up_in(hass, "de", options)

    with pytest.raises(ServiceValidationError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "start_plan",
            {"config_entry": entry.entry_id, "method": "custom", "table": "3, 5; 10, 20"},
            blocking=True,
        )

    # Home Assistant's frontend shows the message of the error's key in the user's language.
    error = raised.value
    assert error.translation_domain == DOMAIN
    assert error.translation_key is not None
    assert error.translation_placeholders is not None
    messages = await async_get_translations(hass, "de", "exceptions", [DOMAIN])
    template = messages[f"component.{DOMAIN}.exceptions.{error.translation_key}.message"]
    assert template.format(**error.translation_placeholders) == (
        "Wartezeit 2 in Nacht 2 ist 20 Minuten lang und damit länger als die Obergrenze "
        "von 15 Minuten."
    )


async def test_a_new_language_is_spoken_from_then_on(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, options: dict[str, Any]
) -> None:
    entry, _calls = await set_up_in(hass, "en", options)
    transitions = async_capture_events(hass, EVENT_TRANSITION)

    hass.config.language = "fr"
    hass.bus.async_fire(EVENT_CORE_CONFIG_UPDATE)
    await hass.async_block_till_done()
    await move_to(hass, evening, "2024-06-01 19:00")

    assert entry.runtime_data.child.words.language == "fr"
    assert [event.data["diary"] for event in transitions] == ["la nuit a commencé"]

    # Another change of the configuration leaves the coach as it is.
    child = entry.runtime_data.child
    hass.bus.async_fire(EVENT_CORE_CONFIG_UPDATE)
    await hass.async_block_till_done()
    assert entry.runtime_data.child is child
