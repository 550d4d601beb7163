"""The `sleep_coach/report` websocket command: the health visitor's report of one child.

One call returns the figures of the last 14 or 30 nights, the sleep-training plan's progress,
the nights with a concern and the needs found unmet, the report page's words (the
translations' `report_*` texts and the card's names of outcomes, needs and methods) and two
CSV texts (nights and episodes) made here with the csv module, with headers in the user's
language. The core keeps only its last `nights_kept` nights of episodes, so a 30-night
report says how many of the nights asked for it holds (`nights_available`).

It is a websocket command, so only a logged-in user can read it; the page turns the CSV
texts into downloads itself, and there is no HTTP view.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import ERR_INVALID_FORMAT
from homeassistant.components.websocket_api.decorators import async_response, websocket_command
from homeassistant.core import HomeAssistant, callback

from .coach import NIGHTS_KEPT
from .compat import vol
from .const import DOMAIN
from .data import loaded_entries
from .websocket import plan_json, send_child_not_found
from .words import Words, async_load_words

if TYPE_CHECKING:
    from .data import SleepCoachConfigEntry

COMMAND: Final = "sleep_coach/report"
# The lengths a report may cover.
REPORT_NIGHTS: Final = (14, 30)
# The words the report page shows: its own and the card's names of things.
REPORT_WORDS: Final = ("report_", "card_")

# The nights' CSV: each column's figure of `night_json`, its header's word.
NIGHT_COLUMNS: Final = (
    ("night", "report_col_night"),
    ("episodes", "report_col_episodes"),
    ("cry_minutes", "report_col_cry_minutes"),
    ("self_soothed", "report_col_self_soothed"),
    ("self_soothe_rate", "report_col_self_soothe_rate"),
    ("check_ins", "report_col_check_ins"),
    ("interventions", "report_col_interventions"),
    ("early_interventions", "report_col_early_interventions"),
    ("median_settle_minutes", "report_col_median_settle_minutes"),
    ("longest_episode_minutes", "report_col_longest_episode_minutes"),
    ("first_waking", "report_col_first_waking"),
    ("last_waking", "report_col_last_waking"),
    ("concerns", "report_col_concerns"),
    ("needs_unmet", "report_col_needs_unmet"),
)
# The episodes' CSV: each column's field of `episode_json`, its header's word.
EPISODE_COLUMNS: Final = (
    ("night", "report_col_night"),
    ("start", "report_col_start"),
    ("end", "report_col_end"),
    ("outcome", "report_col_outcome"),
    ("reasons", "report_col_reasons"),
    ("cry_minutes", "report_col_cry_minutes"),
    ("settle_minutes", "report_col_settle_minutes"),
    ("check_ins", "report_col_check_ins"),
)


@callback
def async_setup_report(hass: HomeAssistant) -> None:
    """Register the websocket command (once, from `async_setup`)."""
    async_register_command(hass, websocket_report)


@websocket_command(
    {
        vol.Required("type"): COMMAND,
        vol.Required("entry_id"): str,
        vol.Optional("nights", default=REPORT_NIGHTS[0]): int,
        # The user's language (the frontend's `hass.language`); the instance's by default.
        vol.Optional("language"): str,
    }
)
@async_response
async def websocket_report(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Return the report of one child over the last 14 or 30 nights."""
    words = await async_load_words(hass, msg.get("language"))
    count = msg["nights"]
    if count not in REPORT_NIGHTS:
        connection.send_error(
            msg["id"],
            ERR_INVALID_FORMAT,
            f"A report covers 14 or 30 nights, not {count}",
            translation_key="report_nights_invalid",
            translation_domain=DOMAIN,
            translation_placeholders={"nights": str(count)},
        )
        return
    wanted = msg["entry_id"]
    entry = next((entry for entry in loaded_entries(hass) if entry.entry_id == wanted), None)
    if entry is None:
        send_child_not_found(connection, msg["id"], wanted)
        return
    connection.send_result(msg["id"], report_json(entry, count, words))


def report_json(entry: SleepCoachConfigEntry, count: int, words: Words) -> dict[str, Any]:
    """Return the report of the child's last `count` nights (as many as the core keeps)."""
    child = entry.runtime_data.child
    nights = child.nights_json(count)
    episodes = child.episodes_json(str(night["night"]) for night in nights)
    needs_unmet: dict[str, int] = {}
    for night in nights:
        for need, times in _mapping(night["needs_unmet"]).items():
            if times:
                needs_unmet[need] = needs_unmet.get(need, 0) + int(times)
    return {
        "entry_id": entry.entry_id,
        "name": child.child_name,
        "nights_asked": count,
        "nights_available": len(nights),
        "nights_kept": NIGHTS_KEPT,
        "nights": nights,
        "plan": plan_json(child),
        "concerns": [night for night in nights if _int(night["concerns"]) > 0],
        # How often each need was found unmet at a waking, over the nights; only those found.
        "needs_unmet": needs_unmet,
        "words": {
            key: text
            for prefix in REPORT_WORDS
            for key, text in words.starting_with(prefix).items()
        },
        "nights_csv": nights_csv(nights, words),
        "episodes_csv": episodes_csv(episodes, words),
    }


def nights_csv(nights: Sequence[Mapping[str, object]], words: Words) -> str:
    """Return the nights as CSV text: one header row in the user's words, one row a night."""
    rows = []
    for night in nights:
        row = dict(night)
        rate = night["self_soothe_rate"]
        row["self_soothe_rate"] = None if rate is None else round(float(str(rate)) * 100)
        row["needs_unmet"] = "; ".join(
            f"{_word(words, 'card_need_', need)}: {times}"
            for need, times in _mapping(night["needs_unmet"]).items()
            if times
        )
        rows.append(row)
    return _csv(NIGHT_COLUMNS, rows, words)


def episodes_csv(episodes: Iterable[Mapping[str, object]], words: Words) -> str:
    """Return the episodes as CSV text, with outcomes and reasons in the user's words."""
    rows = [
        {
            **episode,
            "outcome": _word(words, "card_outcome_", str(episode["outcome"])),
            "reasons": "; ".join(
                _word(words, "card_reason_", str(reason))
                for reason in _sequence(episode["reasons"])
            ),
        }
        for episode in episodes
    ]
    return _csv(EPISODE_COLUMNS, rows, words)


def _csv(
    columns: Sequence[tuple[str, str]], rows: Iterable[Mapping[str, object]], words: Words
) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(words(header) for _, header in columns)
    for row in rows:
        writer.writerow("" if row.get(field) is None else row[field] for field, _ in columns)
    return out.getvalue()


def _word(words: Words, prefix: str, value: str) -> str:
    # The word for a value (an outcome, a need...); the value itself where there is none.
    return words.starting_with(prefix).get(f"{prefix}{value}", value)


def _mapping(value: object) -> Mapping[str, int]:
    return value if isinstance(value, Mapping) else {}


def _sequence(value: object) -> Sequence[object]:
    return value if isinstance(value, (list, tuple)) else ()


def _int(value: object) -> int:
    return value if isinstance(value, int) else 0
