"""The `sleep_coach/night` websocket command: everything the wall-tablet card draws.

One call returns, per child, what is happening right now (the coach state and its entities,
the needs checklist), tonight's timeline (episodes and marks inside the night window), the
day under way (its naps, when the baby woke and the next sleep window) and
the figures of the nights the core keeps (`nights_kept` of them) and, with a sleep-training
plan, where the child is in it and how each plan night went. The card calls it again
whenever one of the child's entities changes, so no subscription is needed: every change
the timeline shows also changes an entity.

The answer also carries the card's words (the translations' `card_*` texts) in the
`language` the card asks for, its user's language, with English for any text missing there:
the card, its editor, the dashboard strategy and the panel show no text of their own.

It is a websocket command, so only a logged-in user can read it; there is no HTTP view.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_NOT_FOUND
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util

from .coach import (
    NIGHTS_KEPT,
    EpisodeKind,
    Nap,
    OpenNap,
    PlanNightFigures,
    Position,
    latest_night_started,
    minutes,
    night_window,
    plan_summary,
)
from .compat import vol
from .const import DOMAIN
from .data import loaded_entries
from .formatting import iso
from .long_term import statistic_id
from .trends import today
from .words import async_load_words

if TYPE_CHECKING:
    from .data import SleepCoachConfigEntry
    from .runtime import ChildCoach

COMMAND: Final = "sleep_coach/night"
# The keys of the texts the card shows, sent along with every answer.
CARD_WORDS: Final = "card_"

# The nightly figures the dashboard graphs from long-term statistics (written by long_term).
STATISTIC_FIGURES: Final = ("cry_minutes", "episodes", "self_soothe_rate", "check_ins")
# And the daily figures of the naps, one row per day.
DAY_STATISTIC_FIGURES: Final = ("naps", "day_sleep_minutes", "nap_cry_minutes")


def send_child_not_found(connection: ActiveConnection, msg_id: int, entry_id: str) -> None:
    """Answer that no loaded child has `entry_id`, with the error's translation key."""
    # The frontend shows the error's translation; the message is its English form.
    connection.send_error(
        msg_id,
        ERR_NOT_FOUND,
        f"No loaded Sleep Coach child {entry_id}",
        translation_key="child_not_found",
        translation_domain=DOMAIN,
        translation_placeholders={"entry_id": entry_id},
    )


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register the websocket command (once, from `async_setup`)."""
    async_register_command(hass, websocket_night)


@websocket_command(
    {
        vol.Required("type"): COMMAND,
        vol.Optional("entry_id"): str,
        # The user's language (the frontend's `hass.language`); the instance's by default.
        vol.Optional("language"): str,
    }
)
@async_response
async def websocket_night(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Return tonight's picture of one child, or of every loaded child, and the card's words."""
    # First, so that no entry unloads between reading the entries and reading their children.
    words = await async_load_words(hass, msg.get("language"))
    entries = loaded_entries(hass)
    if (wanted := msg.get("entry_id")) is not None:
        entries = [entry for entry in entries if entry.entry_id == wanted]
        if not entries:
            send_child_not_found(connection, msg["id"], wanted)
            return
    registry = er.async_get(hass)
    connection.send_result(
        msg["id"],
        {
            "now": dt_util.utcnow().isoformat(),
            "nights_kept": NIGHTS_KEPT,
            "children": [child_json(registry, entry) for entry in entries],
            "words": words.starting_with(CARD_WORDS),
        },
    )


def child_json(registry: er.EntityRegistry, entry: SleepCoachConfigEntry) -> dict[str, Any]:
    """Return what the card shows about one child."""
    child = entry.runtime_data.child
    night = latest_night_started(child.coach.state.clock, child.config)
    start, end = night_window(night, child.config)
    status = child.status
    entities = entity_ids(registry, entry.entry_id)
    clock = child.coach.state.clock
    nights = child.nights_json(NIGHTS_KEPT)
    return {
        "entry_id": entry.entry_id,
        "name": child.child_name,
        "entities": entities,
        "status": {
            "mode": status.mode.value,
            "reasons": list(status.reasons),
            "deadline": _iso(status.deadline, child),
            "wait_started": _iso(status.wait_started, child),
            "episode_start": _iso(status.episode_start, child),
            "nap_start": _iso(status.nap_start, child),
            "nap_asleep": _iso(status.nap_asleep, child),
        },
        "checklist": [
            {
                "need": need,
                "state": line.state.value,
                "since": _iso(line.since, child),
                "expires": _iso(line.expires, child),
                **need_source(entry, entities, need),
            }
            for need, line in child.checklist().items()
        ],
        "night": {"date": night.isoformat(), "start": _iso(start, child), "end": _iso(end, child)},
        "episodes": _episodes(child, night.isoformat()),
        "marks": [
            {"kind": mark.kind.value, "at": _iso(mark.at, child)}
            for mark in child.timeline
            if start <= mark.at < end
        ],
        "nights": nights,
        # The nights whose window has ended: the long-term statistics have one row each.
        "nights_over": sum(
            1
            for played in nights
            if night_window(date.fromisoformat(str(played["night"])), child.config)[1] <= clock
        ),
        "statistics": {
            figure: statistic_id(entry, figure)
            for figure in (*STATISTIC_FIGURES, *DAY_STATISTIC_FIGURES)
        },
        "plan": plan_json(child),
        "day": day_json(child),
    }


def day_json(child: ChildCoach) -> dict[str, Any]:
    """Return the day the card shows: its naps, when the baby woke, the next sleep window.

    The day is today's in the daytime and, at night, the day before tonight (a day is dated
    like the night after it). ``naps`` are its naps in order, the one under way last with
    ``end: null``; ``awake_since`` and ``sleep_window`` are null at night and during a nap.
    """
    coach = child.coach
    state = coach.state
    day = coach.coming_night(state.clock)
    figures = today(child)
    window = coach.next_sleep_window()
    naps: list[dict[str, Any]] = [_nap_json(child, nap) for nap in state.day.naps if nap.day == day]
    if state.day.nap is not None and state.day.nap.day == day:
        naps.append(_nap_json(child, state.day.nap))
    return {
        "date": day.isoformat(),
        "awake_since": _iso(coach.awake_since(), child),
        "sleep_window": (
            None
            if window is None
            else {
                "earliest": _iso(window.earliest, child),
                "latest": _iso(window.latest, child),
                "learned": window.learned,
            }
        ),
        "naps": naps,
        "figures": (
            None
            if figures is None or figures.day != day
            else {
                "naps": figures.naps,
                "day_sleep_minutes": round(float(figures.day_sleep_minutes), 1),
                "median_minutes_to_fall_asleep": (
                    None
                    if figures.median_minutes_to_fall_asleep is None
                    else round(figures.median_minutes_to_fall_asleep, 1)
                ),
                "nap_cry_minutes": round(float(figures.nap_cry_minutes), 1),
            }
        ),
    }


def _nap_json(child: ChildCoach, nap: Nap | OpenNap) -> dict[str, Any]:
    # A nap under way has no end yet; its crying so far is that of its finished episodes.
    end, ended_by = (nap.end, nap.ended_by.value) if isinstance(nap, Nap) else (None, None)
    return {
        "start": _iso(nap.start, child),
        "end": _iso(end, child),
        "asleep": _iso(nap.asleep, child),
        "cry_minutes": round(sum(minutes(episode.cry_time) for episode in nap.episodes), 1),
        "ended_by": ended_by,
    }


def plan_json(child: ChildCoach) -> dict[str, Any] | None:
    """Return the child's sleep-training plan as the card shows it; None without a plan.

    ``night`` of ``nights`` is the plan night under way (in daytime the coming one) and
    ``waits_minutes`` its waits, clipped to the cap; None while a gradual retreat keeps the
    parent in the room, where the night has no self-soothe deadline. A paused night is
    coached with the configured waits; these are the plan night's, which apply again on
    resuming. ``nights_played`` are the plan nights that are over, among the nights kept.
    """
    progress = child.plan
    tonight = child.tonight_plan()
    if progress is None or tonight is None:
        return None
    in_room = tonight.position is not None and tonight.position is not Position.OUTSIDE
    summary = (
        plan_summary(progress, [report.figures for report in child.recent_nights()])
        if progress.finished
        else None
    )
    return {
        "method": progress.plan.method.value,
        "first_night": progress.plan.first_night.isoformat(),
        "night": tonight.number,
        "nights": tonight.nights,
        "waits_minutes": None if in_room else [minutes(wait) for wait in tonight.waits],
        "position": None if tonight.position is None else tonight.position.value,
        "paused": progress.paused,
        "finished": progress.finished,
        "nights_played": [_plan_night_json(night) for night in child.plan_nights()],
        "summary": (
            None
            if summary is None
            else {
                "first": _plan_night_json(summary.first, figures=True),
                "last": _plan_night_json(summary.last, figures=True),
            }
        ),
    }


def _plan_night_json(night: PlanNightFigures, *, figures: bool = False) -> dict[str, Any]:
    played: dict[str, Any] = {
        "night": night.night.isoformat(),
        "number": night.number,
        "paused": night.paused,
        "episodes": night.episodes,
        "adherence": night.adherence,
    }
    if figures:
        played["median_settle_minutes"] = night.median_settle_minutes
        played["cry_minutes"] = night.cry_minutes
    return played


# Sleep Coach's own entity for a need no entity of the family's is mapped to, by need.
OWN_NEED_ENTITIES: Final = {"fed": "log_feed", "dry": "log_diaper_change", "safe": "safe"}


def need_source(
    entry: SleepCoachConfigEntry, entities: dict[str, str], need: str
) -> dict[str, Any]:
    """Return where a need is logged: its entity id and that entity's domain.

    A need mapped to one of the family's entities (an ``input_boolean``, an
    ``input_datetime``, a sensor of another integration) is logged there; any other need
    through Sleep Coach's own button or switch. None where the need has neither.
    """
    mapped = entry.runtime_data.settings.need_entities.get(need)
    entity_id = mapped or entities.get(OWN_NEED_ENTITIES.get(need, f"need_{need}"))
    return {
        "entity_id": entity_id,
        "domain": None if entity_id is None else entity_id.split(".", 1)[0],
        "mapped": mapped is not None,
    }


def entity_ids(registry: er.EntityRegistry, entry_id: str) -> dict[str, str]:
    """Map each of the child's entity keys (e.g. ``coach_state``) to its entity id.

    Found through the registry, so an entity the family renamed is still found.
    """
    prefix = f"{entry_id}_"
    return {
        entity.unique_id.removeprefix(prefix): entity.entity_id
        for entity in er.async_entries_for_config_entry(registry, entry_id)
        if entity.unique_id.startswith(prefix) and entity.disabled_by is None
    }


def _episodes(child: ChildCoach, night: str) -> list[dict[str, object]]:
    # Only the night's own: a nap's episodes (their `kind` says so) are no night wakings.
    episodes = [episode for episode in child.episodes_json([night]) if "kind" not in episode]
    open_episode = child.coach.state.episode
    if (
        open_episode is not None
        and open_episode.kind is EpisodeKind.NIGHT
        and open_episode.night.isoformat() == night
    ):
        # The open episode has no end and no outcome yet; the card draws it up to "now".
        episodes.append(
            {
                "start": _iso(open_episode.start, child),
                "end": None,
                "outcome": None,
                "reasons": list(open_episode.reasons),
                "phase": open_episode.phase.value,
                "night": night,
            }
        )
    return episodes


def _iso(moment: datetime | None, child: ChildCoach) -> str | None:
    # Local time with its offset, like the core's reports, so the card needs no time zone.
    return iso(moment, child.config.zone)
