"""Voice: log a need, say a parent is going in or has left, and ask how a child is doing.

Each intent is a Home Assistant intent handler, so the default conversation agent matches
it with the sentences in ``sentences/<language>/sleep_coach.yaml`` (installed by
``sentence_installer``) and LLM-based agents see it as a tool of the Assist API. The
handlers only translate: logging goes through the child's runtime as a button, the card or
a service would, and every answer is a sentence from the translations' ``voice_*`` words in
the language the family spoke.

Nothing here can silence an alert or lengthen a wait: the only inputs are a need met and a
parent arriving or leaving (decision 0020).
"""

from __future__ import annotations

import inspect
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Final

from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import callback, split_entity_id
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import intent
from homeassistant.util import dt as dt_util

from .coach import Mode
from .compat import vol
from .data import loaded_entries
from .sentence_installer import async_setup_sentences
from .transitions import (
    clock_words,
    duration_words,
    nap_duration_words,
    plan_night_words,
    reason_words,
)
from .words import async_load_words

if TYPE_CHECKING:
    from datetime import datetime

    from homeassistant.core import HomeAssistant

    from .coach import Status
    from .runtime import ChildCoach
    from .words import Words

SLOT_CHILD: Final = "child"
SLOT_NEED: Final = "need"

INTENT_LOG_NEED: Final = "SleepCoachLogNeed"
INTENT_PARENT_ARRIVED: Final = "SleepCoachParentArrived"
INTENT_PARENT_LEFT: Final = "SleepCoachParentLeft"
INTENT_STATUS: Final = "SleepCoachStatus"
INTENT_CRYING: Final = "SleepCoachCrying"
INTENT_GO_IN: Final = "SleepCoachGoIn"
INTENT_LAST_NIGHT: Final = "SleepCoachLastNight"
INTENT_PLAN_NIGHT: Final = "SleepCoachPlanNight"
INTENT_NEXT_NAP: Final = "SleepCoachNextNap"

# The needs a family can log by voice: the checklist's own three.
VOICE_NEEDS: Final = ("fed", "dry", "safe")

# How a need mapped to one of the family's helpers is logged there, by the helper's domain,
# as the card does: the helper stays the truth and the coach reads it. Any other source
# (a sensor of another integration) is read-only; the need is logged with the coach.
HELPER_LOGGERS: Final[dict[str, tuple[str, bool]]] = {
    # domain: (service, takes a timestamp)
    "button": ("press", False),
    "input_boolean": ("turn_on", False),
    "input_button": ("press", False),
    "input_datetime": ("set_datetime", True),
    "switch": ("turn_on", False),
}

# What a name said may carry that the child's name does not: "Mia's room", "Mias Zimmer".
POSSESSIVE_ENDINGS: Final = ("'s", "\u2019s", "'", "\u2019", "s")


# Modes whose answer needs nothing but the child's name: the key of each one's words.
PLAIN_STATUS: Final = {
    Mode.CHECK_IN_DUE: "voice_status_check_in_due",
    Mode.ATTENDING: "voice_status_attending",
    Mode.DAYTIME: "voice_status_daytime",
}


# Finding the child ---------------------------------------------------------------------


def loaded_children(hass: HomeAssistant) -> list[ChildCoach]:
    """Return the coach of every loaded child, in the order the children were added."""
    return [entry.runtime_data.child for entry in loaded_entries(hass)]


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def find_child(children: list[ChildCoach], said: str | None) -> ChildCoach | None:
    """Return the child a name said means, or None when no child goes by it.

    The name is compared without case or extra spaces; a possessive ending the sentence
    left on it ("Mia's", "Mias") is tried off as well.
    """
    if said is None:
        return None
    by_name = {_fold(child.child_name): child for child in children}
    wanted = _fold(said)
    if wanted in by_name:
        return by_name[wanted]
    for ending in POSSESSIVE_ENDINGS:
        if wanted.endswith(ending) and (child := by_name.get(wanted.removesuffix(ending))):
            return child
    return None


def names_words(words: Words, names: list[str]) -> str:
    """Return names as a spoken list: "Mia or Leo", "Mia, Leo or Ada"."""
    if len(names) == 1:
        return names[0]
    return words("voice_or", first=", ".join(names[:-1]), last=names[-1])


def words_language(language: str | None, hass: HomeAssistant) -> str:
    """Return the translations' language for a spoken language such as ``de-CH``."""
    return (language or hass.config.language).partition("-")[0]


# What the coach says -------------------------------------------------------------------


def _until(moment: datetime) -> timedelta:
    return max(moment - dt_util.utcnow(), timedelta())


def status_words(words: Words, child: ChildCoach) -> str:
    """Return where the child stands now: state, reasons and the wait's countdown."""
    status = child.status
    name, zone = child.child_name, child.config.zone
    match status.mode:
        case Mode.SELF_SOOTHING if status.deadline is not None:
            return words(
                "voice_status_self_soothing",
                child=name,
                time=clock_words(status.deadline, zone),
                duration=duration_words(words, _until(status.deadline)),
            )
        case Mode.NEEDS_ATTENTION:
            return words(
                "voice_status_needs_attention",
                child=name,
                reasons=reason_words(words, status.reasons),
            )
    if key := PLAIN_STATUS.get(status.mode):
        return words(key, child=name)
    if status.nap_start is not None:
        return words("voice_status_napping", child=name)
    return words("voice_status_idle", child=name)


def crying_words(words: Words, child: ChildCoach) -> str:
    """Return how long the child has been crying (the open episode's length)."""
    status = child.status
    name, zone = child.child_name, child.config.zone
    if status.episode_start is None:
        return words("voice_not_crying", child=name)
    placeholders: dict[str, Any] = {
        "child": name,
        "time": clock_words(status.episode_start, zone),
        "duration": nap_duration_words(words, dt_util.utcnow() - status.episode_start),
    }
    if not child.crying:
        return words("voice_crying_quiet_now", **placeholders)
    return words("voice_crying", **placeholders)


def go_in_words(words: Words, child: ChildCoach) -> str:
    """Return when a parent may go in: the self-soothe deadline, now, or no wait at all."""
    status = child.status
    name = child.child_name
    match status.mode:
        case Mode.SELF_SOOTHING if status.deadline is not None:
            return words(
                "voice_go_in_at",
                child=name,
                time=clock_words(status.deadline, child.config.zone),
                duration=duration_words(words, _until(status.deadline)),
            )
        case Mode.CHECK_IN_DUE:
            return words("voice_go_in_now", child=name)
        case Mode.NEEDS_ATTENTION:
            return words(
                "voice_go_in_needed", child=name, reasons=reason_words(words, status.reasons)
            )
        case Mode.ATTENDING:
            return words("voice_go_in_attending", child=name)
    return words("voice_go_in_no_wait", child=name)


def last_night_words(words: Words, child: ChildCoach) -> str:
    """Return last night's figures: wakings, crying, settled alone, a parent going in."""
    name = child.child_name
    last_night = child.coming_night() - timedelta(days=1)
    report = next(
        (report for report in child.recent_nights() if report.figures.night == last_night),
        None,
    )
    if report is None:
        return words("voice_last_night_none", child=name)
    figures = report.figures
    if figures.episodes == 0:
        return words("voice_last_night_slept_through", child=name)
    return words(
        "voice_last_night",
        child=name,
        wakings=figures.episodes,
        crying=nap_duration_words(words, timedelta(minutes=figures.cry_minutes)),
        self_soothed=figures.self_soothed,
        went_in=figures.interventions,
    )


def plan_words(words: Words, child: ChildCoach) -> str:
    """Return which night of the sleep-training plan it is, or that there is none."""
    name = child.child_name
    progress = child.plan
    plan_night = child.tonight_plan()
    if progress is None or plan_night is None:
        return words("voice_plan_none", child=name)
    method = words(f"method_{plan_night.method.value}")
    if progress.finished:
        return words("voice_plan_finished", child=name, nights=plan_night.nights, method=method)
    if progress.paused:
        return words(
            "voice_plan_paused",
            child=name,
            night=plan_night.number,
            nights=plan_night.nights,
            method=method,
        )
    return words("voice_plan_night", child=name, plan_night=plan_night_words(words, plan_night))


def next_nap_words(words: Words, child: ChildCoach) -> str:
    """Return when the next sleep is due: the sleep window, from when the child woke."""
    name, zone = child.child_name, child.config.zone
    status: Status = child.status
    if status.nap_start is not None:
        return words("voice_nap_under_way", child=name, time=clock_words(status.nap_start, zone))
    if child.coach.state.night is not None:
        return words("voice_nap_night", child=name)
    awake = child.coach.awake_since()
    if awake is None:
        return words("voice_nap_unknown", child=name)
    placeholders: dict[str, Any] = {
        "child": name,
        "awake": clock_words(awake, zone),
        "awake_for": nap_duration_words(words, dt_util.utcnow() - awake),
    }
    window = child.coach.next_sleep_window()
    if window is None:
        return words("voice_nap_awake", **placeholders)
    placeholders |= {
        "earliest": clock_words(window.earliest, zone),
        "latest": clock_words(window.latest, zone),
    }
    return words(window_key(dt_util.utcnow(), window.earliest, window.latest), **placeholders)


def window_key(now: datetime, earliest: datetime, latest: datetime) -> str:
    """Return the words for the sleep window: still ahead, open now, or closed."""
    if now < earliest:
        return "voice_nap_window"
    if now <= latest:
        return "voice_nap_window_open"
    return "voice_nap_window_closed"


# The intents ---------------------------------------------------------------------------


class SleepCoachIntent(intent.IntentHandler, ABC):
    """An intent about one child; its docstring tells an LLM what it does."""

    def __init__(self, intent_type: str) -> None:
        """Handle `intent_type`; the class's docstring is its description for LLMs."""
        self.intent_type = intent_type
        self.description = inspect.getdoc(type(self))

    @property
    def slot_schema(self) -> dict[Any, Any] | None:
        """Return the slots: the child's name, optional with one child."""
        return {vol.Optional(SLOT_CHILD): cv.string}

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Find the child, act, and answer in the language spoken."""
        hass = intent_obj.hass
        words = await async_load_words(hass, words_language(intent_obj.language, hass))
        response = intent_obj.create_response()
        children = loaded_children(hass)
        said = intent_obj.slots.get(SLOT_CHILD, {}).get("value")
        said = said.strip() if isinstance(said, str) and said.strip() else None
        if not children:
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS, words("voice_no_children")
            )
        elif said is None and len(children) > 1:
            names = names_words(words, [child.child_name for child in children])
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS,
                words("voice_which_child", children=names),
            )
        elif (child := children[0] if said is None else find_child(children, said)) is None:
            names = names_words(words, [child.child_name for child in children])
            response.async_set_error(
                intent.IntentResponseErrorCode.NO_VALID_TARGETS,
                words("voice_unknown_child", child=said, children=names),
            )
        else:
            response.async_set_speech(await self.async_answer(intent_obj, words, child))
        return response

    @abstractmethod
    async def async_answer(self, intent_obj: intent.Intent, words: Words, child: ChildCoach) -> str:
        """Return what to say about `child` (and act first, for an input)."""


class QuestionIntent(SleepCoachIntent):
    """A question about one child, answered from what the coach knows; it changes nothing."""

    answer: ClassVar[Callable[[Words, ChildCoach], str]]
    """What to say, from the words and the child."""

    async def async_answer(self, intent_obj: intent.Intent, words: Words, child: ChildCoach) -> str:
        """Say the answer."""
        return type(self).answer(words, child)


class LogNeedIntent(SleepCoachIntent):
    """Log that a baby's need is met: fed (a feed), dry (a nappy change) or safe.

    Give `need` as fed, dry or safe and `child` as the child's name (it may be left out
    when the family has one child). Answers with the child's state after logging.
    """

    @property
    def slot_schema(self) -> dict[Any, Any] | None:
        """Return the slots: the need, and the child's name."""
        return {vol.Required(SLOT_NEED): vol.In(VOICE_NEEDS), vol.Optional(SLOT_CHILD): cv.string}

    async def async_answer(self, intent_obj: intent.Intent, words: Words, child: ChildCoach) -> str:
        """Log the need where the card would, then say so and how the child is now."""
        need: str = intent_obj.slots[SLOT_NEED]["value"]
        if need not in child.config.need_names:
            return words("voice_need_not_tracked", child=child.child_name, need=need)
        await async_log_need(intent_obj.hass, child, need)
        logged = words(f"voice_logged_{need}", child=child.child_name)
        return f"{logged} {status_words(words, child)}"


async def async_log_need(hass: HomeAssistant, child: ChildCoach, need: str) -> None:
    """Log `need` as met: on the family's own helper when it is mapped to one, and with the coach.

    The helper's state reaches the coach like any change of it; the coach is told at once
    as well, so the answer already counts the need.
    """
    mapped = child.settings.need_entities.get(need)
    if mapped is not None and (logger := HELPER_LOGGERS.get(split_entity_id(mapped)[0])):
        service, stamped = logger
        data: dict[str, Any] = {ATTR_ENTITY_ID: mapped}
        if stamped:
            data["timestamp"] = dt_util.utcnow().timestamp()
        await hass.services.async_call(
            split_entity_id(mapped)[0], service, data, blocking=True, context=None
        )
    child.log_need(need, met=True)


class ParentArrivedIntent(SleepCoachIntent):
    """Record that a parent is going in to the baby's room now (a check-in or attending).

    `child` is the child's name (it may be left out when the family has one child).
    """

    async def async_answer(self, intent_obj: intent.Intent, words: Words, child: ChildCoach) -> str:
        """Mark the parent in the nursery and say so."""
        child.parent_arrived()
        return words("voice_arrived", child=child.child_name)


class ParentLeftIntent(SleepCoachIntent):
    """Record that the parent has left the baby's room; the coach follows the baby again.

    `child` is the child's name (it may be left out when the family has one child).
    """

    async def async_answer(self, intent_obj: intent.Intent, words: Words, child: ChildCoach) -> str:
        """Mark the parent gone and say where the child stands now."""
        child.parent_left()
        left = words("voice_left", child=child.child_name)
        return f"{left} {status_words(words, child)}"


class StatusIntent(QuestionIntent):
    """Tell whether the baby is all right: quiet, self-soothing (until when), or needs a parent.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = status_words


class CryingIntent(QuestionIntent):
    """Tell how long the baby has been crying in the waking under way.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = crying_words


class GoInIntent(QuestionIntent):
    """Tell when a parent can go in to the baby: the end of the self-soothe wait, or now.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = go_in_words


class LastNightIntent(QuestionIntent):
    """Tell how the baby slept last night: wakings, crying, settled alone, parent went in.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = last_night_words


class PlanNightIntent(QuestionIntent):
    """Tell which night of the sleep-training plan it is tonight, and its waits.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = plan_words


class NextNapIntent(QuestionIntent):
    """Tell when the baby's next nap is due (the sleep window) and since when it is awake.

    `child` is the child's name (it may be left out when the family has one child).
    """

    answer = next_nap_words


HANDLERS: Final[tuple[tuple[str, type[SleepCoachIntent]], ...]] = (
    (INTENT_LOG_NEED, LogNeedIntent),
    (INTENT_PARENT_ARRIVED, ParentArrivedIntent),
    (INTENT_PARENT_LEFT, ParentLeftIntent),
    (INTENT_STATUS, StatusIntent),
    (INTENT_CRYING, CryingIntent),
    (INTENT_GO_IN, GoInIntent),
    (INTENT_LAST_NIGHT, LastNightIntent),
    (INTENT_PLAN_NIGHT, PlanNightIntent),
    (INTENT_NEXT_NAP, NextNapIntent),
)


def voice_handlers() -> list[SleepCoachIntent]:
    """Return a handler of every Sleep Coach intent."""
    return [handler(intent_type) for intent_type, handler in HANDLERS]


@callback
def async_setup_voice(hass: HomeAssistant) -> None:
    """Register the intents and install the sentences for the default conversation agent."""
    for handler in voice_handlers():
        intent.async_register(hass, handler)
    async_setup_sentences(hass)
