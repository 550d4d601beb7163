"""What each transition of the coach tells automations, the logbook and notifications.

Plain functions of the core's effects: the data an event carries, and the night-diary
sentence a family reads in the logbook and in notifications, in the family's language.
"""

from __future__ import annotations

from datetime import UTC, tzinfo
from typing import TYPE_CHECKING, Any, Final

from .coach import (
    CheckInDue,
    Effect,
    EffectKind,
    EpisodeStarted,
    NapEnded,
    NapStarted,
    NeedsAttention,
    NightEnded,
    NightStarted,
    PlanFinished,
    PlanNightStarted,
    Reason,
    SelfSootheStarted,
    Settled,
    SleepWindowOpened,
    episode_json,
    minutes,
    nap_json,
    window_json,
)

if TYPE_CHECKING:
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from .coach import DayEffect, PlanEffect, PlanNight
    from .words import Words

# Transitions whose sentence needs no detail: the key of each one's words.
PLAIN_LINES: Final = {
    EffectKind.NIGHT_STARTED: "diary_night_started",
    EffectKind.NIGHT_ENDED: "diary_night_ended",
    EffectKind.EPISODE_STARTED: "diary_episode_started",
    EffectKind.CHECK_IN_DUE: "diary_check_in_due",
    EffectKind.PARENT_ARRIVED: "diary_parent_arrived",
    EffectKind.PARENT_LEFT: "diary_parent_left",
}
# Plan and day effects, kept apart from the core's `Effect`.
_KEPT_APART: Final = (PlanNightStarted, PlanFinished, NapStarted, NapEnded, SleepWindowOpened)
# Reasons for attention with words of their own; a family's own need reads "{need} not met".
NAMED_REASONS: Final = frozenset(
    {"fed", "dry", "safe", Reason.AGE, Reason.CONCERN, Reason.SOURCE_UNAVAILABLE}
)


MINUTES_PER_HOUR: Final = 60

# Every key `effect_data` and `announcement` can give an event. The event entity keeps
# them out of the recorder: the same transition is recorded once already, whole, as the
# logbook's `sleep_coach_transition` event, so the entity's history needs only its type.
EVENT_DATA_KEYS: Final = frozenset(
    {
        # Every transition, and the night or day it belongs to.
        "at",
        "night",
        "day",
        # A wait, an episode and its outcome (`episode_json`).
        "deadline",
        "reasons",
        "episode_start",
        "start",
        "end",
        "outcome",
        "cry_minutes",
        "settle_minutes",
        "check_ins",
        "kind",
        # A nap that ended (`nap_json`).
        "ended_by",
        "awake_since",
        "asleep",
        "awake_before_minutes",
        "minutes_to_fall_asleep",
        "falling_asleep_cry_minutes",
        "sleep_minutes",
        "episodes",
        # A sleep window that opened (`window_json`) and its notification.
        "earliest",
        "latest",
        "learned",
        "title",
        "message",
        # A plan's night.
        "method",
        "plan_night",
        "plan_nights",
        "waits_minutes",
        "position",
    }
)


def effect_data(effect: Effect | PlanEffect | DayEffect, zone: ZoneInfo) -> dict[str, Any]:
    """Return the event data automations get: reasons, deadline, outcome as they apply."""
    data: dict[str, Any] = {"at": effect.at.astimezone(zone).isoformat()}
    match effect:
        case NapStarted(day=day):
            data["day"] = day.isoformat()
        case NapEnded(nap=nap):
            data |= nap_json(nap, zone)
        case SleepWindowOpened():
            window = window_json(effect, zone)
            del window["opened"]  # the event's own "at"
            data |= window
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


def announcement(
    words: Words, child: str, effect: SleepWindowOpened, zone: tzinfo
) -> dict[str, str]:
    """Return the notification of an opened sleep window, in the words' language.

    The event carries it so a blueprint can send it as it is: blueprints have no
    translations of their own, and the integration knows the instance's language.
    """
    times = {
        "earliest": clock_words(effect.earliest, zone),
        "latest": clock_words(effect.latest, zone),
    }
    return {
        "title": words("notify_sleep_window_title", child=child),
        "message": words("notify_sleep_window", child=child, **times),
    }


def reason_words(words: Words, reasons: list[str] | tuple[str, ...]) -> str:
    """Return the reasons for attention as words, e.g. "not fed recently, not marked safe"."""
    return ", ".join(
        words(f"reason_{reason}")
        if reason in NAMED_REASONS
        else words("reason_custom", need=reason.replace("_", " "))
        for reason in reasons
    )


def duration_words(words: Words, duration: timedelta) -> str:
    """Return a duration as words, in whole minutes ("less than a minute" under one)."""
    whole = round(minutes(duration))
    return (
        words("duration_under_a_minute") if whole < 1 else words("duration_minutes", minutes=whole)
    )


def nap_duration_words(words: Words, duration: timedelta) -> str:
    """Return a nap's length as words: "45 min", or "1 h 20 min" from an hour on."""
    whole = round(minutes(duration))
    if whole < MINUTES_PER_HOUR:
        return duration_words(words, duration)
    hours, rest = divmod(whole, MINUTES_PER_HOUR)
    return words("duration_hours_minutes", hours=hours, minutes=rest)


def clock_words(moment: datetime, zone: tzinfo) -> str:
    """Return a moment as the home's wall-clock time, e.g. "13:10"."""
    return moment.astimezone(zone).strftime("%H:%M")


def waits_words(words: Words, waits: tuple[timedelta, ...]) -> str:
    """Return waits as words, e.g. "3, 5, 10 min"."""
    return words("waits_minutes", waits=", ".join(f"{minutes(wait):g}" for wait in waits))


def plan_night_words(words: Words, plan_night: PlanNight) -> str:
    """Return tonight's plan night: "night 3 of 7 of graduated waits: waits of 10, 12, 15 min"."""
    tonight = (
        words(f"position_{plan_night.position.value}")
        if plan_night.position is not None
        else words("plan_tonight_waits", waits=waits_words(words, plan_night.waits))
    )
    return words(
        "plan_night",
        night=plan_night.number,
        nights=plan_night.nights,
        method=words(f"method_{plan_night.method.value}"),
        tonight=tonight,
    )


def _kept_apart_line(words: Words, effect: PlanEffect | DayEffect, zone: tzinfo) -> str:
    """Return the sentence of a plan or day effect (kept apart from `Effect` in the core)."""
    match effect:
        case PlanNightStarted(plan_night=plan_night):
            return words("diary_plan_night_started", plan_night=plan_night_words(words, plan_night))
        case PlanFinished(method=method, nights=nights):
            return words(
                "diary_plan_finished", nights=nights, method=words(f"method_{method.value}")
            )
        case NapStarted():
            return words("diary_nap_started")
    if isinstance(effect, NapEnded):
        nap = effect.nap
        return words(
            "diary_nap_ended",
            duration=nap_duration_words(words, nap.end - nap.start),
            sleep=nap_duration_words(words, nap.sleep),
        )
    return words(
        "diary_sleep_window_opened",
        earliest=clock_words(effect.earliest, zone),
        latest=clock_words(effect.latest, zone),
    )


def diary_line(words: Words, effect: Effect | PlanEffect | DayEffect, zone: tzinfo = UTC) -> str:
    """Return the diary sentence for a transition, to follow the child's name.

    Times (of a sleep window) are the home's wall-clock times in `zone`.
    """
    if isinstance(effect, _KEPT_APART):
        return _kept_apart_line(words, effect, zone)
    match effect:
        case SelfSootheStarted(wait_started=started, deadline=deadline):
            return words(
                "diary_self_soothe_started", duration=duration_words(words, deadline - started)
            )
        case NeedsAttention(reasons=reasons):
            return words("diary_needs_attention", reasons=reason_words(words, reasons))
        case Settled(episode=episode):
            return words(
                "diary_settled",
                outcome=words(f"outcome_{episode.outcome.value}"),
                duration=duration_words(words, episode.settle_time),
            )
    return words(PLAIN_LINES[effect.kind])
