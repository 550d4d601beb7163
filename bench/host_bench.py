# ruff: noqa: S608 - the queries bind their values; only table names are formatted in.
"""What Sleep Coach costs the household's Home Assistant host, run by `bench.bench`.

One simulated night with the real recorder (SQLite in memory, statistics compiled every
5 minutes as at home) for Sleep Coach and for a do-it-yourself set-up doing the same job;
the coach's timers while nothing happens; four children with two years of history each set
up at once is in `ha_bench` (freezegun, used here, stops `perf_counter`). Not collected
by the test suite.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.util import session_scope
from homeassistant.const import ATTR_ENTITY_ID
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.plugins import RecorderInstanceContextManager
from sqlalchemy import text

from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.long_term import DAY_STATISTICS, NIGHT_STATISTICS

from ._results import RESULTS
from .ha_bench import _entry

LONDON = ZoneInfo("Europe/London")
CRY = "binary_sensor.nursery_cry"
EVENING = "2024-06-01"
MORNING = "2024-06-02"
# The night the figures count: the second after set-up. The first also writes what the
# recorder keeps once (each kind of event's attributes, say); every later night is like it.
SECOND_EVENING = MORNING
STEP = timedelta(minutes=1)


def _local(day: str, clock: str) -> datetime:
    return datetime.fromisoformat(f"{day} {clock}").replace(tzinfo=LONDON)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load Sleep Coach from custom_components."""


@pytest.fixture
def enable_statistics() -> bool:
    """Compile statistics every 5 minutes, as the recorder does at home."""
    return True


@pytest.fixture
def mock_recorder_before_hass(
    freezer: FrozenDateTimeFactory, async_test_recorder: RecorderInstanceContextManager
) -> None:
    """Prepare the test recorder before `hass`, on the evening's clock.

    The recorder's five-minute statistics timer is armed when it starts: against the
    evening's clock it fires through the night as time is moved on.
    """
    freezer.move_to(_local(EVENING, "18:30"))
    # The test recorder logs every statement; the table is what this prints.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)


class Night:
    """Moves the clock in one-minute steps, as Home Assistant's own timers see it pass."""

    def __init__(self, hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
        """Start at 18:30 on the evening."""
        self.hass = hass
        self.freezer = freezer
        self.now = _local(EVENING, "18:30")
        freezer.move_to(self.now)

    async def until(self, day: str, clock: str) -> None:
        """Let time pass to `clock` on `day`, firing every timer due on the way."""
        target = _local(day, clock)
        while self.now < target:
            self.now = min(self.now + STEP, target)
            self.freezer.move_to(self.now)
            async_fire_time_changed(self.hass)
            await self.hass.async_block_till_done()

    async def set(self, entity_id: str, state: str) -> None:
        """Set a source's state and let everything hear it."""
        self.hass.states.async_set(entity_id, state)
        await self.hass.async_block_till_done()

    async def call(self, domain: str, service: str, entity_id: str) -> None:
        """Call a service on an entity, as a parent's tap does."""
        await self.hass.services.async_call(
            domain, service, {ATTR_ENTITY_ID: entity_id}, blocking=True
        )


# Each waking: (start, what happens). The night is 19:00-07:00 (the default).
WAKINGS = (
    ("20:10", "self_soothe"),
    ("21:40", "check_in"),
    ("23:20", "self_soothe"),
    ("01:30", "need_unmet"),
    ("03:30", "check_in"),
    ("05:15", "self_soothe"),
)


def _at(evening: str, clock: str, minutes: float) -> tuple[str, str]:
    """Return (day, HH:MM:SS) `minutes` after `clock` in the night after `evening`."""
    moment = _local(evening, clock) + timedelta(minutes=minutes)
    if clock < "12:00":
        moment += timedelta(days=1)
    return moment.date().isoformat(), moment.strftime("%H:%M:%S")


async def _drive_night(
    night: Night,
    evening: str,
    *,
    bedtime: Callable[[], Any],
    going_in: Callable[[], Any],
    left: Callable[[], Any],
    need: Callable[..., Any],
) -> None:
    """Bedtime, six wakings through the night, then on to the morning after it ended."""

    def at(clock: str, minutes: float = 0) -> tuple[str, str]:
        return _at(evening, clock, minutes)

    await night.until(*at("18:45"))
    await bedtime()
    for start, kind in WAKINGS:
        await night.until(*at(start, -1))
        if kind == "need_unmet":
            await need(met=False)
        await night.until(*at(start))
        await night.set(CRY, "on")
        if kind == "self_soothe":
            await night.until(*at(start, 2))
            await night.set(CRY, "off")
            continue
        # A check-in falls due after the 5-minute wait; a need unmet calls a parent at once.
        await night.until(*at(start, 7))
        await going_in()
        if kind == "need_unmet":
            await need(met=True)
        await night.until(*at(start, 9))
        await night.set(CRY, "off")
        await night.until(*at(start, 10))
        await left()
    await night.until(*at("07:15"))


def _rows(hass: HomeAssistant, entity_ids: list[str], statistic_ids: list[str]) -> dict[str, Any]:
    """Count what the recorder holds for these entities and statistics (in its thread)."""
    with session_scope(hass=hass, read_only=True) as session:

        def ids(name: str, values: list[str]) -> str:
            return ", ".join(f":{name}{index}" for index in range(len(values)))

        params = {f"e{i}": value for i, value in enumerate(entity_ids)}
        params |= {f"s{i}": value for i, value in enumerate(statistic_ids)}
        states = f"""
            SELECT s.state_id, s.attributes_id FROM states s
            JOIN states_meta m ON s.metadata_id = m.metadata_id
            WHERE m.entity_id IN ({ids("e", entity_ids)})"""
        state_rows = session.execute(text(states), params).all()
        by_entity = session.execute(
            text(
                f"""SELECT m.entity_id, COUNT(*)
                FROM states s JOIN states_meta m ON s.metadata_id = m.metadata_id
                WHERE m.entity_id IN ({ids("e", entity_ids)}) GROUP BY m.entity_id"""
            ),
            params,
        ).all()
        attributes = session.execute(
            text(
                f"""SELECT attributes_id, LENGTH(shared_attrs) FROM state_attributes
                WHERE attributes_id IN (SELECT attributes_id FROM ({states}))"""
            ),
            params,
        ).all()
        # Every event the recorder kept but its own: the set-up's, and the services called.
        events = session.execute(
            text(
                """SELECT e.event_id, t.event_type, e.data_id, LENGTH(d.shared_data)
                FROM events e JOIN event_types t ON e.event_type_id = t.event_type_id
                LEFT JOIN event_data d ON e.data_id = d.data_id
                WHERE t.event_type NOT LIKE 'recorder%'"""
            )
        ).all()
        counts: dict[str, Any] = {
            "events": {row[0]: row[1] for row in events},
            "event_data": {row[2]: row[3] or 0 for row in events if row[2] is not None},
            "states": {row[0] for row in state_rows},
            "attributes": {row[0]: row[1] for row in attributes},
            "by_entity": {row[0]: row[1] for row in by_entity},
        }
        for table in ("statistics", "statistics_short_term"):
            found = session.execute(
                text(
                    f"""SELECT t.id FROM {table} t
                    JOIN statistics_meta m ON t.metadata_id = m.id
                    WHERE m.statistic_id IN ({ids("s", statistic_ids)})"""
                ),
                params,
            ).all()
            counts[table] = {row[0] for row in found}
        return counts


async def _count(hass: HomeAssistant, entity_ids: list[str]) -> dict[str, Any]:
    await async_wait_recording_done(hass)
    # Sleep Coach's own long-term statistics are external, `sleep_coach:<child>_<figure>`.
    figures = (statistic.figure for statistic in (*NIGHT_STATISTICS, *DAY_STATISTICS))
    statistic_ids = [*entity_ids, *(f"{DOMAIN}:mia_{figure}" for figure in figures)]
    return await hass.async_add_executor_job(_rows, hass, entity_ids, statistic_ids)


def _record(
    prefix: str, before: dict[str, Any], after: dict[str, Any], cpu: float | None = None
) -> None:
    """Keep what the night added, under `prefix`."""
    added_attributes = {
        key: size for key, size in after["attributes"].items() if key not in before["attributes"]
    }
    RESULTS[f"{prefix}_states"] = len(after["states"] - before["states"])
    RESULTS[f"{prefix}_attribute_rows"] = len(added_attributes)
    RESULTS[f"{prefix}_attribute_bytes"] = sum(added_attributes.values())
    added_events = [kind for key, kind in after["events"].items() if key not in before["events"]]
    RESULTS[f"{prefix}_events"] = len(added_events)
    RESULTS[f"{prefix}_event_data_bytes"] = sum(
        size for key, size in after["event_data"].items() if key not in before["event_data"]
    )
    RESULTS[f"{prefix}_statistics"] = len(after["statistics"] - before["statistics"])
    RESULTS[f"{prefix}_short_term"] = len(
        after["statistics_short_term"] - before["statistics_short_term"]
    )
    if cpu is not None:
        RESULTS[f"{prefix}_cpu_seconds"] = cpu
    RESULTS[f"{prefix}_by_entity"] = {  # type: ignore[assignment]
        entity: rows - before["by_entity"].get(entity, 0)
        for entity, rows in after["by_entity"].items()
    }
    RESULTS[f"{prefix}_taps"] = sum(
        rows
        for entity, rows in RESULTS[f"{prefix}_by_entity"].items()  # type: ignore[attr-defined]
        if entity.split(".")[0] in TAPPED
    )


async def _mia_with_every_need_met(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> tuple[Night, MockConfigEntry]:
    """Set Mia up in London with her cry source quiet and fed, dry and safe logged."""
    await hass.config.async_set_time_zone("Europe/London")
    hass.loop.set_debug(False)
    night = Night(hass, freezer)
    hass.states.async_set(CRY, "off")
    entry = _entry()
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    await night.call("button", "press", "button.mia_log_feed")
    await night.call("button", "press", "button.mia_log_diaper_change")
    await night.call("switch", "turn_on", "switch.mia_safe")
    return night, entry


async def test_recorder_night_sleep_coach(
    recorder_mock: Recorder, hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """One night of Sleep Coach with the real recorder: rows written, CPU used."""
    night, entry = await _mia_with_every_need_met(hass, freezer)
    registry = er.async_get(hass)
    entities = [e.entity_id for e in er.async_entries_for_config_entry(registry, entry.entry_id)]

    async def fed_and_changed() -> None:
        # Fed and dry hold for 3 hours, so a parent logs them at bedtime and at each visit.
        # The DIY set-up's needs do not expire.
        await night.call("button", "press", "button.mia_log_feed")
        await night.call("button", "press", "button.mia_log_diaper_change")

    async def need(*, met: bool) -> None:
        await night.call("switch", "turn_on" if met else "turn_off", "switch.mia_safe")

    async def going_in() -> None:
        await night.call("button", "press", "button.mia_i_m_going_in")
        await fed_and_changed()

    async def left() -> None:
        await night.call("button", "press", "button.mia_i_ve_left_the_nursery")

    await _count_two_nights(
        "coach",
        night,
        entities,
        bedtime=fed_and_changed,
        going_in=going_in,
        left=left,
        need=need,
    )
    history = entry.runtime_data.child.coach.state.history
    outcomes = [
        episode.outcome.value for episode in history if episode.night.isoformat() == SECOND_EVENING
    ]
    RESULTS["coach_night_outcomes"] = outcomes  # type: ignore[assignment]
    RESULTS["coach_entities"] = sum(hass.states.get(entity) is not None for entity in entities)
    assert await hass.config_entries.async_unload(entry.entry_id)


async def _count_two_nights(
    prefix: str, night: Night, entities: list[str], **family: Callable[..., Any]
) -> None:
    """Drive two nights; keep what each added, and the second night's CPU."""
    before = await _count(night.hass, entities)
    await _drive_night(night, EVENING, **family)
    await night.until(SECOND_EVENING, "18:30")
    first = await _count(night.hass, entities)
    started = time.process_time()
    await _drive_night(night, SECOND_EVENING, **family)
    cpu = time.process_time() - started
    after = await _count(night.hass, entities)
    _record(f"{prefix}_first", before, first)
    _record(prefix, first, after, cpu)


DIY_NEEDS = ("fed", "dry", "safe")
# The entities a parent's taps write: Sleep Coach's buttons and switch, the DIY needs.
TAPPED = frozenset({"button", "switch", "input_boolean"})
# The night's window in templates: since 19:00 this evening, or yesterday's before 07:00.
NIGHT_START = (
    "{{ today_at('19:00') if now().hour >= 12 else today_at('19:00') - timedelta(days=1) }}"
)


async def _set_up_diy_night(hass: HomeAssistant) -> list[str]:
    """Set up a timer, three needs, two history_stats sensors and a counter, and automations."""
    booleans = {name: {"name": f"DIY {name}"} for name in DIY_NEEDS}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
    assert await async_setup_component(
        hass, "timer", {"timer": {"diy_self_soothe": {"duration": "00:05:00"}}}
    )
    assert await async_setup_component(hass, "counter", {"counter": {"diy_check_ins": {}}})
    stats = {"entity_id": CRY, "state": "on", "start": NIGHT_START, "end": "{{ now() }}"}
    sensors = [
        {"platform": "history_stats", "name": "DIY crying tonight", "type": "time", **stats},
        {"platform": "history_stats", "name": "DIY wakings tonight", "type": "count", **stats},
    ]
    assert await async_setup_component(hass, "sensor", {"sensor": sensors})
    needs_met = [
        {"condition": "state", "entity_id": f"input_boolean.{name}", "state": "on"}
        for name in DIY_NEEDS
    ]
    notify = {"action": "persistent_notification.create", "data": {"message": "Go in"}}
    automations = [
        {
            "id": "diy_cry",
            "alias": "DIY cry",
            "triggers": [{"trigger": "state", "entity_id": CRY, "to": "on", "for": 20}],
            "actions": [
                {
                    "choose": [
                        {
                            "conditions": needs_met,
                            "sequence": [
                                {
                                    "action": "timer.start",
                                    "target": {"entity_id": "timer.diy_self_soothe"},
                                }
                            ],
                        }
                    ],
                    "default": [notify],
                }
            ],
        },
        {
            "id": "diy_quiet",
            "alias": "DIY quiet",
            "triggers": [{"trigger": "state", "entity_id": CRY, "to": "off"}],
            "actions": [
                {"action": "timer.cancel", "target": {"entity_id": "timer.diy_self_soothe"}}
            ],
        },
        {
            "id": "diy_check_in",
            "alias": "DIY check-in due",
            "triggers": [
                {
                    "trigger": "event",
                    "event_type": "timer.finished",
                    "event_data": {"entity_id": "timer.diy_self_soothe"},
                }
            ],
            "actions": [
                {"action": "counter.increment", "target": {"entity_id": "counter.diy_check_ins"}},
                notify,
            ],
        },
        {
            "id": "diy_night",
            "alias": "DIY night starts",
            "triggers": [{"trigger": "time", "at": "19:00:00"}],
            "actions": [
                {"action": "counter.reset", "target": {"entity_id": "counter.diy_check_ins"}}
            ],
        },
    ]
    assert await async_setup_component(hass, "automation", {"automation": automations})
    await hass.async_block_till_done()
    return [
        *(f"input_boolean.{name}" for name in DIY_NEEDS),
        "timer.diy_self_soothe",
        "counter.diy_check_ins",
        "sensor.diy_crying_tonight",
        "sensor.diy_wakings_tonight",
        "automation.diy_cry",
        "automation.diy_quiet",
        "automation.diy_check_in_due",
        "automation.diy_night_starts",
    ]


# The history_stats sensors refresh every minute, and nothing unloads them.
@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_recorder_night_diy(
    recorder_mock: Recorder, hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The same night with the do-it-yourself set-up."""
    await hass.config.async_set_time_zone("Europe/London")
    hass.loop.set_debug(False)
    night = Night(hass, freezer)
    hass.states.async_set(CRY, "off")
    entities = await _set_up_diy_night(hass)
    for entity_id in entities:
        assert hass.states.get(entity_id) is not None, entity_id
    for name in DIY_NEEDS:
        await night.call("input_boolean", "turn_on", f"input_boolean.{name}")

    async def need(*, met: bool) -> None:
        await night.call("input_boolean", "turn_on" if met else "turn_off", "input_boolean.safe")

    async def nothing() -> None:
        """Tell the DIY set-up nothing: it does not hear a parent go in or out."""

    await _count_two_nights(
        "diy", night, entities, bedtime=nothing, going_in=nothing, left=nothing, need=need
    )
    RESULTS["diy_check_ins"] = float(hass.states.get("counter.diy_check_ins").state)  # type: ignore[union-attr]


class TimerCount:
    """Counts the event loop timers created while Sleep Coach's code is on the stack."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Wrap the loop's `call_at`."""
        self.created = 0
        self.counting = False
        self._call_at = hass.loop.call_at
        hass.loop.call_at = self._counted  # type: ignore[method-assign]

    def _counted(self, when: float, callback: Any, *args: Any, **kwargs: Any) -> Any:
        if self.counting and any(
            "custom_components/sleep_coach" in frame.filename
            for frame in traceback.extract_stack(limit=40)
        ):
            self.created += 1
        return self._call_at(when, callback, *args, **kwargs)


async def test_idle_hours(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Timers the coach sets while an hour passes with nothing happening, night and day."""
    night, entry = await _mia_with_every_need_met(hass, freezer)
    count = TimerCount(hass)
    woken: list[datetime] = []
    child = entry.runtime_data.child
    wake_up = child._async_wake_up  # noqa: SLF001

    @callback
    def counted_wake_up(now: datetime) -> None:
        woken.append(now)
        wake_up(now)

    with patch.object(child, "_async_wake_up", counted_wake_up):
        for name, start, end in (
            ("busy", (EVENING, "20:00"), (EVENING, "21:00")),
            ("night", (EVENING, "22:00"), (EVENING, "23:00")),
            ("day", (MORNING, "11:00"), (MORNING, "12:00")),
        ):
            await night.until(*start)
            # Whatever was set for earlier moments (the night ending, say) is behind us.
            await hass.async_block_till_done()
            count.created, count.counting = 0, True
            woken.clear()
            if name == "busy":
                # For comparison, an hour with one waking that self-soothes.
                await night.until(EVENING, "20:10")
                await night.set(CRY, "on")
                await night.until(EVENING, "20:12")
                await night.set(CRY, "off")
            await night.until(*end)
            count.counting = False
            RESULTS[f"idle_{name}_timers"] = count.created
            RESULTS[f"idle_{name}_wakeups"] = len(woken)
    assert await hass.config_entries.async_unload(entry.entry_id)
