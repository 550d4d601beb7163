"""Voice: sentences in through Assist's default agent, the answer and its effect out."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import yaml
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import intent, llm
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.sleep_coach.coach import Mode
from custom_components.sleep_coach.const import CONF_CHILD_ID, CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.identity import ENTRY_MINOR_VERSION, ENTRY_VERSION
from custom_components.sleep_coach.options import (
    CONF_BIRTH_DATE,
    CONF_CRY_SOURCES,
    CONF_FED_ENTITY,
    with_defaults,
)
from custom_components.sleep_coach.runtime import ChildCoach
from custom_components.sleep_coach.sentence_installer import (
    FILE_NAME,
    SHIPPED_DIR,
    async_install_sentences,
    install_sentences,
)
from custom_components.sleep_coach.shipped_files import Outcome
from custom_components.sleep_coach.voice import (
    HANDLERS,
    SleepCoachIntent,
    find_child,
    words_language,
)

from .conftest import CRY_SOURCE, local

LANGUAGES = ("en", "de", "fr", "nl", "es", "it", "sv", "pl")
LEO_CRY = "binary_sensor.leo_cry"

# One sentence for every intent in every shipped language, with the child named "Mia",
# and the word each answer must hold (from that language's voice_* words).
EXAMPLES: dict[str, dict[str, str]] = {
    "en": {
        "SleepCoachLogNeed": "Mia had a feed",
        "SleepCoachParentArrived": "I'm going in to Mia",
        "SleepCoachParentLeft": "I've left Mia's room",
        "SleepCoachStatus": "is Mia all right?",
        "SleepCoachCrying": "how long has Mia been crying?",
        "SleepCoachGoIn": "when can I go in to Mia?",
        "SleepCoachLastNight": "how did Mia sleep last night?",
        "SleepCoachPlanNight": "what night of the plan is it for Mia?",
        "SleepCoachNextNap": "when is Mia's next nap?",
    },
    "de": {
        "SleepCoachLogNeed": "Mia wurde gefüttert",
        "SleepCoachParentArrived": "Ich gehe zu Mia",
        "SleepCoachParentLeft": "Ich habe Mias Zimmer verlassen",
        "SleepCoachStatus": "Ist mit Mia alles in Ordnung?",
        "SleepCoachCrying": "Wie lange weint Mia schon?",
        "SleepCoachGoIn": "Wann darf ich rein zu Mia?",
        "SleepCoachLastNight": "Wie hat Mia letzte Nacht geschlafen?",
        "SleepCoachPlanNight": "Welche Nacht des Plans ist es für Mia?",
        "SleepCoachNextNap": "Wann ist Mias nächstes Schläfchen?",
    },
    "fr": {
        "SleepCoachLogNeed": "Mia a mangé",
        "SleepCoachParentArrived": "je vais voir Mia",
        "SleepCoachParentLeft": "j'ai quitté la chambre de Mia",
        "SleepCoachStatus": "est-ce que Mia va bien ?",
        "SleepCoachCrying": "depuis combien de temps Mia pleure ?",
        "SleepCoachGoIn": "quand puis-je aller voir Mia ?",
        "SleepCoachLastNight": "comment Mia a dormi la nuit dernière ?",
        "SleepCoachPlanNight": "quelle nuit du programme pour Mia ?",
        "SleepCoachNextNap": "quand est la prochaine sieste de Mia ?",
    },
    "nl": {
        "SleepCoachLogNeed": "Mia heeft gegeten",
        "SleepCoachParentArrived": "ik ga naar Mia",
        "SleepCoachParentLeft": "ik heb de kamer van Mia verlaten",
        "SleepCoachStatus": "is alles goed met Mia?",
        "SleepCoachCrying": "hoe lang huilt Mia al?",
        "SleepCoachGoIn": "wanneer mag ik naar Mia?",
        "SleepCoachLastNight": "hoe heeft Mia vannacht geslapen?",
        "SleepCoachPlanNight": "welke nacht van het plan is het voor Mia?",
        "SleepCoachNextNap": "wanneer is het volgende dutje van Mia?",
    },
    "es": {
        "SleepCoachLogNeed": "Mia ha comido",
        "SleepCoachParentArrived": "voy a entrar a ver a Mia",
        "SleepCoachParentLeft": "he salido de la habitación de Mia",
        "SleepCoachStatus": "¿está bien Mia?",
        "SleepCoachCrying": "¿cuánto tiempo lleva Mia llorando?",
        "SleepCoachGoIn": "¿cuándo puedo entrar a ver a Mia?",
        "SleepCoachLastNight": "¿cómo durmió Mia anoche?",
        "SleepCoachPlanNight": "¿qué noche del plan es para Mia?",
        "SleepCoachNextNap": "¿cuándo es la próxima siesta de Mia?",
    },
    "it": {
        "SleepCoachLogNeed": "Mia ha mangiato",
        "SleepCoachParentArrived": "vado da Mia",
        "SleepCoachParentLeft": "sono uscito dalla stanza di Mia",
        "SleepCoachStatus": "Mia sta bene?",
        "SleepCoachCrying": "da quanto tempo piange Mia?",
        "SleepCoachGoIn": "quando posso andare da Mia?",
        "SleepCoachLastNight": "come ha dormito Mia stanotte?",
        "SleepCoachPlanNight": "che notte del piano è per Mia?",
        "SleepCoachNextNap": "quando è il prossimo pisolino di Mia?",
    },
    "sv": {
        "SleepCoachLogNeed": "Mia har ätit",
        "SleepCoachParentArrived": "jag går in till Mia",
        "SleepCoachParentLeft": "jag har lämnat Mias rum",
        "SleepCoachStatus": "mår Mia bra?",
        "SleepCoachCrying": "hur länge har Mia gråtit?",
        "SleepCoachGoIn": "när kan jag gå in till Mia?",
        "SleepCoachLastNight": "hur sov Mia i natt?",
        "SleepCoachPlanNight": "vilken natt i planen är det för Mia?",
        "SleepCoachNextNap": "när är Mias nästa tupplur?",
    },
    "pl": {
        "SleepCoachLogNeed": "Mia zjadła",
        "SleepCoachParentArrived": "idę do Mia",
        "SleepCoachParentLeft": "wyszłam z pokoju Mia",
        "SleepCoachStatus": "czy z Mia wszystko w porządku?",
        "SleepCoachCrying": "jak długo Mia płacze?",
        "SleepCoachGoIn": "kiedy mogę wejść do Mia?",
        "SleepCoachLastNight": "jak Mia spała ostatniej nocy?",
        "SleepCoachPlanNight": "która noc planu jest dla Mia?",
        "SleepCoachNextNap": "kiedy jest następna drzemka Mia?",
    },
}


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Give the test its own configuration folder (for custom_sentences)."""
    hass.config.config_dir = str(tmp_path)
    # The agent's reload reads the configuration's own sentences, if any.
    (tmp_path / "configuration.yaml").write_text("", encoding="utf-8")
    return tmp_path


@pytest.fixture
async def assist(hass: HomeAssistant, config_dir: Path, evening: FrozenDateTimeFactory) -> None:
    """Load Assist's default agent and the intents, as a voice setup has them."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    await hass.async_block_till_done()


def _entry(name: str, child_id: str, options: dict[str, Any]) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title=name,
        unique_id=child_id,
        version=ENTRY_VERSION,
        minor_version=ENTRY_MINOR_VERSION,
        data={CONF_CHILD_NAME: name, CONF_CHILD_ID: child_id},
        options=options,
    )


async def _add(hass: HomeAssistant, entry: MockConfigEntry) -> ChildCoach:
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry.runtime_data.child  # type: ignore[no-any-return]


@pytest.fixture
async def mia(hass: HomeAssistant, assist: None, options: dict[str, Any]) -> ChildCoach:
    """Set Mia up, the family's only child, on a summer evening with a quiet monitor."""
    hass.states.async_set(CRY_SOURCE, "off")
    return await _add(hass, _entry("Mia", "mia", options))


@pytest.fixture
async def leo(hass: HomeAssistant, mia: ChildCoach) -> ChildCoach:
    """Add Leo, a second child with a monitor of his own."""
    hass.states.async_set(LEO_CRY, "off")
    options = with_defaults({CONF_CRY_SOURCES: [LEO_CRY], CONF_BIRTH_DATE: "2023-11-02"})
    return await _add(hass, _entry("Leo", "leo", options))


async def say(hass: HomeAssistant, text: str, language: str = "en") -> str:
    """Say `text` to the default agent; return the spoken answer."""
    result = await conversation.async_converse(hass, text, None, Context(), language=language)
    speech: str = result.response.speech["plain"]["speech"]
    return speech


async def say_intent(hass: HomeAssistant, text: str, language: str) -> str | None:
    """Say `text`; return the name of the intent the default agent matched."""
    result = await conversation.async_converse(hass, text, None, Context(), language=language)
    matched = result.response.intent
    return None if matched is None else matched.intent_type


def _meet_every_need(child: ChildCoach) -> None:
    for need in ("fed", "dry", "safe"):
        child.log_need(need, met=True)


async def _cry(hass: HomeAssistant, freezer: FrozenDateTimeFactory, *, at: str) -> None:
    freezer.move_to(local(at))
    async_fire_time_changed(hass)
    hass.states.async_set(CRY_SOURCE, "on")
    await hass.async_block_till_done()
    # Past the minimum cry length, so an episode has started.
    freezer.tick(timedelta(seconds=30))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


# Installing the sentences ---------------------------------------------------------------


def test_every_language_ships_sentences_for_every_intent() -> None:
    intents = {intent_type for intent_type, _ in HANDLERS}
    for language in LANGUAGES:
        sentences = yaml.safe_load((SHIPPED_DIR / language / FILE_NAME).read_text("utf-8"))
        assert sentences["language"] == language
        assert set(sentences["intents"]) == intents, language
        assert set(EXAMPLES[language]) == intents


def test_installs_every_language_and_keeps_an_edited_copy(tmp_path: Path) -> None:
    outcomes, manifest = install_sentences(SHIPPED_DIR, tmp_path, {})
    assert outcomes == dict.fromkeys(LANGUAGES, Outcome.INSTALLED)
    for language in LANGUAGES:
        installed = tmp_path / language / FILE_NAME
        assert installed.read_bytes() == (SHIPPED_DIR / language / FILE_NAME).read_bytes()

    edited = tmp_path / "de" / FILE_NAME
    edited.write_text("language: de\n", encoding="utf-8")
    outcomes, again = install_sentences(SHIPPED_DIR, tmp_path, manifest)
    assert outcomes["de"] is Outcome.KEPT
    assert outcomes["en"] is Outcome.CURRENT
    assert edited.read_text(encoding="utf-8") == "language: de\n"
    assert again == manifest

    older = tmp_path / "fr" / FILE_NAME
    older.write_text("language: fr\n", encoding="utf-8")
    written = manifest | {"fr": _digest(b"language: fr\n")}
    outcomes, _ = install_sentences(SHIPPED_DIR, tmp_path, written)
    assert outcomes["fr"] is Outcome.UPDATED


def _digest(content: bytes) -> str:
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(content).hexdigest()


def test_an_unwritable_folder_costs_only_the_sentences(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    outcomes, manifest = install_sentences(SHIPPED_DIR, blocked, {})
    assert set(outcomes.values()) == {Outcome.FAILED}
    assert manifest == {}
    assert "Could not install" in caplog.text


async def test_sentences_are_installed_and_the_agent_reloaded(
    hass: HomeAssistant, mia: ChildCoach, config_dir: Path
) -> None:
    for language in LANGUAGES:
        assert (config_dir / "custom_sentences" / language / FILE_NAME).is_file()
    # Nothing changed: the agent keeps what it read.
    with patch("homeassistant.core.ServiceRegistry.async_call") as call:
        outcomes = await async_install_sentences(hass)
    assert set(outcomes.values()) == {Outcome.CURRENT}
    call.assert_not_called()


async def test_no_sentences_without_assist(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    # Without the conversation integration nothing would read them.
    assert not (config_dir / "custom_sentences").exists()


# One child, in English -------------------------------------------------------------------


async def test_logging_needs_by_voice(hass: HomeAssistant, mia: ChildCoach) -> None:
    answer = await say(hass, "Mia had a feed")
    assert answer.startswith("Noted: Mia was fed.")
    assert mia.checklist()["fed"].state.value == "met"

    answer = await say(hass, "log a nappy change")
    assert answer.startswith("Noted: Mia has a clean nappy.")
    assert mia.checklist()["dry"].state.value == "met"

    answer = await say(hass, "Mia is safe")
    assert answer == "Noted: Mia is safe. It is daytime and Mia is not napping: nothing to coach."
    assert mia.checklist()["safe"].state.value == "met"


async def test_a_need_mapped_to_a_helper_is_logged_on_the_helper(
    hass: HomeAssistant, assist: None, options: dict[str, Any]
) -> None:
    assert await async_setup_component(
        hass,
        "input_datetime",
        {"input_datetime": {"last_feed": {"has_date": True, "has_time": True}}},
    )
    hass.states.async_set(CRY_SOURCE, "off")
    child = await _add(
        hass, _entry("Mia", "mia", options | {CONF_FED_ENTITY: "input_datetime.last_feed"})
    )
    answer = await say(hass, "Mia had a bottle")
    assert answer.startswith("Noted: Mia was fed.")
    await hass.async_block_till_done()
    state = hass.states.get("input_datetime.last_feed")
    assert state is not None
    assert state.attributes["timestamp"] == pytest.approx(local("2024-06-01 18:30").timestamp())
    assert child.checklist()["fed"].state.value == "met"


async def test_a_need_the_checklist_does_not_have(
    hass: HomeAssistant, assist: None, options: dict[str, Any]
) -> None:
    hass.states.async_set(CRY_SOURCE, "off")
    child = await _add(hass, _entry("Mia", "mia", options))
    config = dataclasses.replace(
        child.config, needs=tuple(need for need in child.config.needs if need.name != "safe")
    )
    with patch.object(child, "config", config):
        answer = await say(hass, "Mia is safe")
    assert answer == "Mia's checklist has no need called safe."


async def test_a_night_waking_by_voice(
    hass: HomeAssistant, mia: ChildCoach, evening: FrozenDateTimeFactory
) -> None:
    _meet_every_need(mia)
    assert await say(hass, "how long has Mia been crying?") == "Mia is not crying."
    assert await say(hass, "when can I go in?") == "Mia is not crying: no wait is running."

    await _cry(hass, evening, at="2024-06-01 20:00")
    status = mia.status
    assert status.mode is Mode.SELF_SOOTHING
    assert status.deadline is not None
    deadline = status.deadline.astimezone(mia.config.zone).strftime("%H:%M")

    answer = await say(hass, "is Mia all right?")
    assert answer.startswith("Mia is crying with every need met: time to self-soothe until ")
    assert deadline in answer
    answer = await say(hass, "when can I go in?")
    assert answer.startswith(f"You can go in to Mia at {deadline}, in ")

    evening.tick(timedelta(minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    answer = await say(hass, "how long has the baby been crying")
    assert answer.startswith("Mia has been crying for ")
    assert "since 20:00" in answer

    # The wait runs out: a check-in is due, and voice cannot put it off.
    evening.move_to(status.deadline + timedelta(seconds=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert await say(hass, "is Mia ok") == "Mia is still crying: time for a check-in."
    assert await say(hass, "when can I go in") == "You can go in to Mia now: the wait is over."

    assert await say(hass, "I'm going in to Mia") == "Noted: you are going in to Mia."
    assert mia.status.mode is Mode.ATTENDING
    assert await say(hass, "is the baby all right") == "A parent is with Mia."
    assert await say(hass, "when can I go in") == "A parent is with Mia already."

    hass.states.async_set(CRY_SOURCE, "off")
    await hass.async_block_till_done()
    answer = await say(hass, "I've left Mia's room")
    assert answer.startswith("Noted: you have left Mia's room. ")
    assert mia.status.mode is not Mode.ATTENDING
    answer = await say(hass, "how long has Mia been crying")
    assert answer.startswith(("Mia is quiet now; this waking began ", "Mia is not crying."))


async def test_a_need_unmet_sends_the_parent_in(
    hass: HomeAssistant, mia: ChildCoach, evening: FrozenDateTimeFactory
) -> None:
    mia.log_need("dry", met=True)
    mia.log_need("safe", met=True)
    await _cry(hass, evening, at="2024-06-01 21:00")
    assert await say(hass, "is Mia all right") == "Mia needs you: not fed recently."
    assert await say(hass, "when can I go in") == "Go in to Mia now: not fed recently."
    # Logging the feed by voice records it; the parent is still called to the baby.
    answer = await say(hass, "Mia has had a feed")
    assert answer.startswith("Noted: Mia was fed. Mia needs you")
    assert mia.checklist()["fed"].state.value == "met"


async def test_last_night_the_plan_and_the_next_nap(
    hass: HomeAssistant, mia: ChildCoach, evening: FrozenDateTimeFactory
) -> None:
    assert await say(hass, "how did Mia sleep last night") == (
        "I have no figures of last night for Mia."
    )
    assert await say(hass, "what night of the plan is it") == "Mia has no sleep-training plan."
    assert await say(hass, "when is the next nap") == (
        "I have not seen Mia wake up yet, so I cannot tell when the next nap is due."
    )

    await hass.services.async_call(
        DOMAIN,
        "start_plan",
        {"config_entry": mia.entry_id, "method": "graduated"},
        blocking=True,
    )
    assert await say(hass, "what night of the plan is it for Mia") == (
        "Tonight Mia is on night 1 of 7 of graduated waits: waits of 3, 5, 10 min."
    )

    _meet_every_need(mia)
    await _cry(hass, evening, at="2024-06-01 22:00")
    assert await say(hass, "when is Mia's next nap") == (
        "It is night-time: no nap for Mia until tomorrow."
    )
    hass.states.async_set(CRY_SOURCE, "off")
    await hass.async_block_till_done()

    # The next morning: the night is over, and its figures are in.
    evening.move_to(local("2024-06-02 08:00"))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    answer = await say(hass, "how did Mia sleep last night")
    assert answer.startswith("Mia last night: wakings 1, crying ")
    answer = await say(hass, "when is Mia's next nap")
    assert answer.startswith("Mia has been awake since 07:00")

    window = mia.coach.next_sleep_window()
    assert window is not None
    evening.move_to(window.earliest + timedelta(minutes=1))
    assert (await say(hass, "when is the next nap")).startswith(
        "Mia has been awake since 07:00: time for a nap now, by "
    )
    evening.move_to(window.latest + timedelta(minutes=1))
    assert "the nap window closed at" in await say(hass, "when is the next nap")

    await hass.services.async_call(
        DOMAIN, "pause_plan", {"config_entry": mia.entry_id}, blocking=True
    )
    assert await say(hass, "what night of the plan is it") == (
        "Mia's plan is paused at night 2 of 7 of graduated waits."
    )


async def test_a_quiet_night_and_a_nap(
    hass: HomeAssistant, mia: ChildCoach, evening: FrozenDateTimeFactory
) -> None:
    evening.move_to(local("2024-06-02 09:00"))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert await say(hass, "how was last night") == "Mia slept through last night."
    assert await say(hass, "how is Mia") == (
        "It is daytime and Mia is not napping: nothing to coach."
    )
    await hass.services.async_call(
        DOMAIN, "start_nap", {"config_entry": mia.entry_id}, blocking=True
    )
    assert await say(hass, "how is Mia") == "Mia is napping quietly."
    assert await say(hass, "when is the next nap") == "Mia has been napping since 09:00."


async def test_awake_without_a_window(hass: HomeAssistant, mia: ChildCoach) -> None:
    with (
        patch.object(type(mia.coach), "next_sleep_window", return_value=None),
        patch.object(type(mia.coach), "awake_since", return_value=local("2024-06-01 16:30")),
    ):
        assert await say(hass, "when is the next nap") == (
            "Mia has been awake since 16:30, for 2 h 0 min."
        )


async def test_a_finished_plan(hass: HomeAssistant, mia: ChildCoach) -> None:
    progress = mia.coach.state.plan
    assert progress is None
    await hass.services.async_call(
        DOMAIN, "start_plan", {"config_entry": mia.entry_id, "method": "graduated"}, blocking=True
    )
    finished = dataclasses.replace(mia.coach.state.plan, finished=True)  # type: ignore[type-var]
    with patch.object(type(mia), "plan", property(lambda _self: finished)):
        assert await say(hass, "what night of the plan is it") == (
            "Mia has finished the 7 nights of graduated waits."
        )


# Several children, and names --------------------------------------------------------------


async def test_several_children_ask_which(
    hass: HomeAssistant, mia: ChildCoach, leo: ChildCoach
) -> None:
    assert await say(hass, "is the baby all right") == "Which child: Mia or Leo?"
    assert await say(hass, "log a feed") == "Which child: Mia or Leo?"
    assert mia.checklist()["fed"].state.value != "met"

    assert await say(hass, "log a feed for Leo") == (
        "Noted: Leo was fed. It is daytime and Leo is not napping: nothing to coach."
    )
    assert leo.checklist()["fed"].state.value == "met"
    assert mia.checklist()["fed"].state.value != "met"
    assert await say(hass, "is leo ok") == (
        "It is daytime and Leo is not napping: nothing to coach."
    )


async def test_a_child_that_does_not_exist(hass: HomeAssistant, mia: ChildCoach) -> None:
    assert await say(hass, "is Max all right") == "I don't know a child called Max. I know Mia."
    assert await say(hass, "Max had a feed") == "I don't know a child called Max. I know Mia."
    assert mia.checklist()["fed"].state.value != "met"


async def test_no_child_set_up(hass: HomeAssistant, assist: None) -> None:
    assert await async_setup_component(hass, DOMAIN, {})
    response = await intent.async_handle(hass, "test", "SleepCoachStatus", {}, language="en")
    assert response.speech["plain"]["speech"] == "No child is set up in Sleep Coach yet."


def test_names_are_found_without_case_and_possessives() -> None:
    class Child:
        def __init__(self, name: str) -> None:
            self.child_name = name

    mia, lea_rose = Child("Mia"), Child("Lea Rose")
    children: list[Any] = [mia, lea_rose]
    assert find_child(children, "mia") is mia
    assert find_child(children, "Mias") is mia
    assert find_child(children, "Mia\u2019s") is mia
    assert find_child(children, "lea  rose") is lea_rose
    assert find_child(children, "Max") is None
    assert find_child(children, None) is None


async def test_the_language_spoken(hass: HomeAssistant) -> None:
    assert words_language("de-CH", hass) == "de"
    assert words_language(None, hass) == hass.config.language


# German, and every language ------------------------------------------------------------------


async def test_german(hass: HomeAssistant, mia: ChildCoach, evening: FrozenDateTimeFactory) -> None:
    answer = await say(hass, "Mia wurde gefüttert", "de")
    assert answer.startswith("Notiert: Mia wurde gefüttert.")
    assert mia.checklist()["fed"].state.value == "met"
    assert (await say(hass, "Ich habe Mia gewickelt", "de")).startswith(
        "Notiert: Mia hat eine frische Windel."
    )
    assert (await say(hass, "Mia ist sicher", "de")).startswith("Notiert: Mia ist sicher.")

    await _cry(hass, evening, at="2024-06-01 20:00")
    deadline = mia.status.deadline
    assert deadline is not None
    clock = deadline.astimezone(mia.config.zone).strftime("%H:%M")
    answer = await say(hass, "Ist mit Mia alles in Ordnung?", "de")
    assert answer.startswith(
        f"Mia weint, alle Bedürfnisse sind erfüllt: Zeit zum Selbstberuhigen bis {clock} Uhr"
    )
    assert (await say(hass, "Wann darf ich rein?", "de")).startswith(
        f"Du kannst um {clock} Uhr zu Mia gehen"
    )
    assert (await say(hass, "Wie lange weint Mia schon?", "de")).startswith(
        "Mia weint seit 20:00 Uhr"
    )
    assert await say(hass, "Ich gehe rein zu Mia", "de") == "Notiert: Du gehst zu Mia."
    assert mia.status.mode is Mode.ATTENDING
    assert (await say(hass, "Ich habe Mias Zimmer verlassen", "de")).startswith(
        "Notiert: Du hast das Zimmer von Mia verlassen."
    )
    assert await say(hass, "Wie hat Mia letzte Nacht geschlafen?", "de") == (
        "Ich habe keine Zahlen zur letzten Nacht von Mia."
    )
    assert await say(hass, "Welche Nacht des Plans ist es?", "de") == (
        "Mia hat keinen Schlaftrainingsplan."
    )
    assert await say(hass, "Wann ist Mias nächstes Schläfchen?", "de") == (
        "Es ist Nacht: Bis morgen kein Schläfchen für Mia."
    )


async def test_german_with_several_children(
    hass: HomeAssistant, mia: ChildCoach, leo: ChildCoach
) -> None:
    assert await say(hass, "Ist mit dem Baby alles in Ordnung?", "de") == (
        "Welches Kind: Mia oder Leo?"
    )
    assert await say(hass, "Wie geht es Max?", "de") == (
        "Ich kenne kein Kind namens Max. Ich kenne Mia oder Leo."
    )


@pytest.mark.parametrize("language", LANGUAGES)
async def test_every_intent_in_every_language(
    hass: HomeAssistant, mia: ChildCoach, language: str
) -> None:
    for intent_type, sentence in EXAMPLES[language].items():
        assert await say_intent(hass, sentence, language) == intent_type, (language, sentence)


# Tools for LLM-based agents, and what voice cannot do -----------------------------------------


async def test_the_intents_are_tools_of_the_assist_api(
    hass: HomeAssistant, mia: ChildCoach
) -> None:
    await async_setup_component(hass, "llm", {})
    fields = {field.name for field in dataclasses.fields(llm.LLMContext)}
    context = llm.LLMContext(
        **{
            key: value
            for key, value in {
                "platform": "test",
                "context": Context(),
                "user_prompt": None,
                "language": "en",
                "assistant": conversation.DOMAIN,
                "device_id": None,
            }.items()
            if key in fields
        }
    )
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, context)
    names = {tool.name for tool in api.tools}
    for intent_type, _ in HANDLERS:
        assert any(name.endswith(intent_type) for name in names), intent_type
    tool = next(tool for tool in api.tools if tool.name.endswith("SleepCoachStatus"))
    assert tool.description.startswith("Tell whether the baby is all right")


def test_voice_cannot_silence_an_alert_or_lengthen_a_wait() -> None:
    handlers = dict(HANDLERS)
    assert set(handlers) == {
        "SleepCoachLogNeed",
        "SleepCoachParentArrived",
        "SleepCoachParentLeft",
        "SleepCoachStatus",
        "SleepCoachCrying",
        "SleepCoachGoIn",
        "SleepCoachLastNight",
        "SleepCoachPlanNight",
        "SleepCoachNextNap",
    }
    for handler in handlers.values():
        assert issubclass(handler, SleepCoachIntent)
        source = Path(__file__).parent.parent / "custom_components" / DOMAIN / "voice.py"
        assert "more_time" not in source.read_text(encoding="utf-8")


async def test_no_tools_for_another_api_or_without_a_child(hass: HomeAssistant) -> None:
    tools = pytest.importorskip("custom_components.sleep_coach.llm", exc_type=ImportError)
    context: Any = None
    assert tools.async_get_tools(hass, context, "another_api") is None
    assert tools.async_get_tools(hass, context, llm.LLM_API_ASSIST) is None
