"""What each transition of the coach tells automations, the logbook and notifications.

Plain functions of the core's effects (no Home Assistant imports): the data an event
carries, and the night-diary sentence a family reads in the logbook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .coach import (
    CheckInDue,
    Effect,
    EffectKind,
    EpisodeStarted,
    Method,
    NeedsAttention,
    NightEnded,
    NightStarted,
    Outcome,
    PlanFinished,
    PlanNightStarted,
    Position,
    Reason,
    SelfSootheStarted,
    Settled,
    episode_json,
    minutes,
)

if TYPE_CHECKING:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from .coach import PlanEffect

# How each reason for attention reads in a sentence.
REASON_WORDS: Final = {
    "fed": "not fed recently",
    "dry": "nappy not changed recently",
    "safe": "not marked safe",
    Reason.AGE.value: "too young for a self-soothe wait",
    Reason.CONCERN.value: "crying far longer than usual",
    Reason.SOURCE_UNAVAILABLE.value: "the monitor cannot hear",
}

OUTCOME_WORDS: Final = {
    Outcome.SELF_SOOTHED: "settled without help",
    Outcome.EARLY_INTERVENTION: "settled with a parent who went in before the wait was over",
    Outcome.SETTLED_AFTER_CHECK_IN: "settled after a check-in",
    Outcome.ATTENDED_NEED: "settled once a need was met",
    Outcome.ATTENDED_CONCERN: "settled with a parent after a concern",
    Outcome.SETTLED_BEFORE_PARENT: "settled before anyone came",
}


METHOD_WORDS: Final = {
    Method.GRADUATED: "graduated waits",
    Method.FIXED: "fixed check-ins",
    Method.GRADUAL_RETREAT: "gradual retreat",
    Method.CUSTOM: "your own plan",
}

POSITION_WORDS: Final = {
    Position.BESIDE_COT: "a parent stays beside the cot",
    Position.HALFWAY: "a parent stays halfway to the door",
    Position.BY_DOOR: "a parent stays by the door",
    Position.OUTSIDE: "a parent waits outside the room",
}

# Transitions whose sentence needs no detail.
PLAIN_LINES: Final = {
    EffectKind.NIGHT_STARTED: "night started",
    EffectKind.NIGHT_ENDED: "night ended",
    EffectKind.EPISODE_STARTED: "started crying",
    EffectKind.CHECK_IN_DUE: "is still crying: time for a check-in",
    EffectKind.PARENT_ARRIVED: "has a parent with them",
    EffectKind.PARENT_LEFT: "was left to settle",
}


def effect_data(effect: Effect | PlanEffect, zone: ZoneInfo) -> dict[str, Any]:
    """Return the event data automations get: reasons, deadline, outcome as they apply."""
    data: dict[str, Any] = {"at": effect.at.astimezone(zone).isoformat()}
    match effect:
        case PlanNightStarted(night=night, plan_night=plan_night):
            data |= {
                "night": night.isoformat(),
                "method": plan_night.method.value,
                "plan_night": plan_night.number,
                "plan_nights": plan_night.nights,
                "waits_minutes": [minutes(wait) for wait in plan_night.waits],
                "position": None if plan_night.position is None else plan_night.position.value,
            }
        case PlanFinished(night=night, method=method, nights=nights):
            data |= {"night": night.isoformat(), "method": method.value, "plan_nights": nights}
        case NeedsAttention(reasons=reasons):
            data["reasons"] = list(reasons)
        case SelfSootheStarted(deadline=deadline) | CheckInDue(deadline=deadline):
            data["deadline"] = deadline.astimezone(zone).isoformat()
        case EpisodeStarted(start=start):
            data["episode_start"] = start.astimezone(zone).isoformat()
        case Settled(episode=episode):
            data |= episode_json(episode, zone)
        case NightStarted(night=night) | NightEnded(night=night):
            data["night"] = night.isoformat()
    return data


def reason_words(reasons: list[str] | tuple[str, ...]) -> str:
    """Return the reasons for attention as words, e.g. "not fed recently, not marked safe"."""
    return ", ".join(
        REASON_WORDS.get(reason, f"{reason.replace('_', ' ')} not met") for reason in reasons
    )


def _duration(duration: timedelta) -> str:
    whole = round(minutes(duration))
    return "less than a minute" if whole < 1 else f"{whole} min"


def _waits(waits: tuple[timedelta, ...]) -> str:
    return ", ".join(f"{minutes(wait):g}" for wait in waits) + " min"


def diary_line(effect: Effect | PlanEffect) -> str:
    """Return the night-diary sentence for a transition, to follow the child's name."""
    match effect:
        case PlanNightStarted(plan_night=plan_night):
            tonight = (
                POSITION_WORDS[plan_night.position]
                if plan_night.position is not None
                else f"waits of {_waits(plan_night.waits)}"
            )
            return (
                f"is on night {plan_night.number} of {plan_night.nights} of "
                f"{METHOD_WORDS[plan_night.method]}: {tonight}"
            )
        case PlanFinished(method=method, nights=nights):
            return f"finished the {nights} nights of {METHOD_WORDS[method]}"
        case SelfSootheStarted(wait_started=started, deadline=deadline):
            return f"cried, all needs met: giving {_duration(deadline - started)} to self-soothe"
        case NeedsAttention(reasons=reasons):
            return f"needs you: {reason_words(reasons)}"
        case Settled(episode=episode):
            return f"{OUTCOME_WORDS[episode.outcome]} after {_duration(episode.settle_time)}"
    return PLAIN_LINES[effect.kind]
