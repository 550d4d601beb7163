"""The in-Home Assistant part of the benchmark, run by `bench.bench` as a pytest session.

Not collected by the test suite (it lives outside tests/ and its name has no test_ prefix).
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from homeassistant import block_async_io
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.helpers import event as event_helper
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.storage import STORAGE_DIR, Store
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry

# Imported before the `hass` fixture runs so the test plugin's own custom_components folder
# cannot shadow this integration.
import custom_components.sleep_coach  # noqa: F401
from custom_components.sleep_coach.const import CONF_CHILD_NAME, DOMAIN
from custom_components.sleep_coach.options import (
    CONF_BIRTH_DATE,
    CONF_CRY_SOURCES,
    CONF_MIN_CRY,
    with_defaults,
)

from ._results import RESULTS
from .history import stored_state, two_years

LONDON = ZoneInfo("Europe/London")
# Taken before the test harness replaces them with in-memory storage.
REAL_STORE_LOAD = Store._async_load  # noqa: SLF001
REAL_STORE_WRITE = Store._async_write_data  # noqa: SLF001
CRY = "binary_sensor.nursery_cry"
COACH_STATE = "sensor.mia_coach_state"
DIY_CRY = "binary_sensor.diy_cry"
DIY_TIMER = "timer.self_soothe"
WARM_UP_NIGHTS = 15
MEASURED_NIGHTS = 30
EPISODES_PER_NIGHT = 10
CHILDREN = 4


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load Sleep Coach from custom_components."""


def _entry(unique_id: str = "mia", **options: Any) -> MockConfigEntry:
    return MockConfigEntry(
        domain=DOMAIN,
        title="Mia",
        unique_id=unique_id,
        data={CONF_CHILD_NAME: "Mia"},
        options=with_defaults({CONF_CRY_SOURCES: [CRY], CONF_BIRTH_DATE: "2024-01-10", **options}),
    )


async def _time_change(hass: HomeAssistant, source: str, value: str, target: str) -> float:
    """Return seconds from setting `source` to `value` until `target`'s state is written."""
    seen = asyncio.Event()
    stamps: list[float] = []

    @callback
    def _written(_event: Event[EventStateChangedData]) -> None:
        stamps.append(time.perf_counter())
        seen.set()

    unsubscribe = async_track_state_change_event(hass, [target], _written)
    try:
        start = time.perf_counter()
        hass.states.async_set(source, value)
        await asyncio.wait_for(seen.wait(), 5)
    finally:
        unsubscribe()
    return stamps[0] - start


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def _set_up_diy(hass: HomeAssistant) -> None:
    """Build the do-it-yourself path: an automation starting a timer if three needs are on."""
    booleans = {name: {"initial": True} for name in ("fed", "dry", "safe")}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
    assert await async_setup_component(
        hass, "timer", {"timer": {"self_soothe": {"duration": "00:05:00"}}}
    )
    automation = {
        "alias": "Self-soothe wait",
        "triggers": [{"trigger": "state", "entity_id": DIY_CRY, "to": "on"}],
        "conditions": [
            {"condition": "state", "entity_id": f"input_boolean.{name}", "state": "on"}
            for name in booleans
        ],
        "actions": [{"action": "timer.start", "target": {"entity_id": DIY_TIMER}}],
    }
    assert await async_setup_component(hass, "automation", {"automation": [automation]})
    hass.states.async_set(DIY_CRY, "off")
    await hass.async_block_till_done()


async def test_latency(hass: HomeAssistant) -> None:
    """Cry source change -> coach state written, against the automation + timer path."""
    await hass.config.async_set_time_zone("Europe/London")
    # The test harness runs the loop in debug mode; a real Home Assistant does not.
    hass.loop.set_debug(False)
    # A clock of our own, so simulated nights pass without waiting; perf_counter stays real.
    # Timers are armed against it too, so none fires early and runs in the background.
    clock = [datetime(2024, 6, 1, 19, 30, tzinfo=LONDON).astimezone(UTC)]

    def utcnow() -> datetime:
        return clock[0]

    def timestamp() -> float:
        return clock[0].timestamp()

    with (
        patch.object(dt_util, "utcnow", utcnow),
        patch.object(event_helper, "time", SimpleNamespace(time=timestamp)),
        patch.object(event_helper, "time_tracker_timestamp", timestamp),
    ):
        hass.states.async_set(CRY, "off")
        # The cry counts at once, like the automation's trigger, so both paths do the same.
        entry = _entry(**{CONF_MIN_CRY: 0.0})
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await _set_up_diy(hass)
        await hass.async_block_till_done()
        child = entry.runtime_data.child
        coach: list[float] = []
        diy: list[float] = []
        for night in range(WARM_UP_NIGHTS + MEASURED_NIGHTS):
            clock[0] = datetime(2024, 6, 1, 19, 30, tzinfo=LONDON).astimezone(UTC) + timedelta(
                days=night
            )
            for need in child.config.need_names:
                child.log_need(need, met=True)
            await hass.async_block_till_done()
            for _ in range(EPISODES_PER_NIGHT):
                clock[0] += timedelta(seconds=1)
                took = await _time_change(hass, CRY, "on", COACH_STATE)
                assert hass.states.get(COACH_STATE).state == "self_soothing"  # type: ignore[union-attr]
                # The rest of the coach's work (its other entities, events, the store) is
                # done before the automation's turn, so neither path's time holds the other's.
                await hass.async_block_till_done()
                diy_took = await _time_change(hass, DIY_CRY, "on", DIY_TIMER)
                assert hass.states.get(DIY_TIMER).state == "active"  # type: ignore[union-attr]
                if night >= WARM_UP_NIGHTS:
                    coach.append(took)
                    diy.append(diy_took)
                await hass.async_block_till_done()
                clock[0] += timedelta(seconds=60)
                hass.states.async_set(CRY, "off")
                hass.states.async_set(DIY_CRY, "off")
                await hass.services.async_call(
                    "timer", "cancel", {"entity_id": DIY_TIMER}, blocking=True
                )
                await hass.async_block_till_done()
                clock[0] += timedelta(minutes=3, seconds=1)
                # The monitor reports quiet again past the settle time, so the episode is
                # over before the next cry, as the coach's own wake-up ends it at home.
                hass.states.async_set(CRY, "off", force_update=True)
                await hass.async_block_till_done()
        RESULTS["coach_median"] = statistics.median(coach)
        RESULTS["coach_p99"] = _percentile(coach, 0.99)
        RESULTS["diy_median"] = statistics.median(diy)
        RESULTS["diy_p99"] = _percentile(diy, 0.99)
        RESULTS["latency_samples"] = len(coach)
        RESULTS["history_in_use"] = len(child.coach.state.history)
        assert await hass.config_entries.async_unload(entry.entry_id)


def _write_two_years(path: Path, key: str) -> int:
    """Write two years of episodes, as a release that kept every episode left them.

    Returns the file's size.
    """
    now = datetime(2024, 6, 1, 21, 0, tzinfo=LONDON)
    history = two_years(now.date())
    RESULTS["history_episodes"] = len(history)
    # In the current format (1.2); Home Assistant writes its files indented.
    data = {"state": stored_state(now, now.date(), history), "timeline": []}
    stored = {"version": 1, "minor_version": 2, "key": key, "data": data}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2), encoding="utf-8")
    return path.stat().st_size


async def _two_years_on_disk(hass: HomeAssistant, unique_id: str) -> tuple[MockConfigEntry, Path]:
    """Add a child whose store file holds two years of episodes."""
    entry = _entry(unique_id)
    key = f"{DOMAIN}.{entry.entry_id}"
    path = Path(hass.config.path(STORAGE_DIR, key))
    size = await hass.async_add_executor_job(_write_two_years, path, key)
    RESULTS["history_file_bytes"] = size
    hass.states.async_set(CRY, "off")
    entry.add_to_hass(hass)
    return entry, path


async def _set_up(hass: HomeAssistant, entry: MockConfigEntry) -> tuple[float, float]:
    """Return the seconds until the child is set up, and until its writes are on disk."""
    start = time.perf_counter()
    assert await hass.config_entries.async_setup(entry.entry_id)
    set_up = time.perf_counter() - start
    await hass.async_block_till_done()
    return set_up, time.perf_counter() - start


async def test_two_years_of_history(hass: HomeAssistant, tmp_path: Path) -> None:
    """Set up from a store file holding two years of episodes: time, memory, size written."""
    await hass.config.async_set_time_zone("Europe/London")
    hass.loop.set_debug(False)
    hass.config.config_dir = str(tmp_path)
    now = datetime(2024, 6, 1, 21, 0, tzinfo=LONDON).astimezone(UTC)
    with (
        patch.object(dt_util, "utcnow", lambda: now),
        # Real files, read and written in the executor as Home Assistant does; the test
        # harness would keep them in memory and deep-copy them on every load.
        patch.object(Store, "_async_load", REAL_STORE_LOAD),
        patch.object(Store, "_async_write_data", REAL_STORE_WRITE),
    ):
        # The integration itself (services, blueprints, dashboard) is set up once for every
        # child; the figures are the child's.
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        entry, path = await _two_years_on_disk(hass, "mia")
        RESULTS["load_seconds"], RESULTS["load_written_seconds"] = await _set_up(hass, entry)
        child = entry.runtime_data.child
        RESULTS["history_kept"] = len(child.coach.state.history)
        RESULTS["store_bytes"] = (await hass.async_add_executor_job(path.stat)).st_size
        assert await hass.config_entries.async_unload(entry.entry_id)
        await hass.async_block_till_done()

        # For comparison: the same set-up without a store file.
        empty = _entry("mia_empty")
        empty.add_to_hass(hass)
        RESULTS["load_empty_seconds"], _ = await _set_up(hass, empty)
        assert await hass.config_entries.async_unload(empty.entry_id)
        await hass.async_block_till_done()

        # The same again under tracemalloc, for the memory the loaded coach holds.
        entry_again, _ = await _two_years_on_disk(hass, "mia_again")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        await _set_up(hass, entry_again)
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        added = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
        RESULTS["load_memory_bytes"] = added
        assert await hass.config_entries.async_unload(entry_again.entry_id)


@pytest.fixture
def blocking_calls() -> Generator[list[str]]:
    """Enable Home Assistant's blocking-I/O detector; yield what it reported."""
    reported: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "blocking call" in record.getMessage().lower():
                reported.append(record.getMessage())

    handler = Catch()
    logger = logging.getLogger("homeassistant.util.loop")
    logger.addHandler(handler)
    block_async_io.enable()
    try:
        yield reported
    finally:
        logger.removeHandler(handler)
        calls = block_async_io._BLOCKED_CALLS.calls  # noqa: SLF001
        for blocking_call in calls:
            setattr(blocking_call.object, blocking_call.function, blocking_call.original_func)
        calls.clear()


LATER_STARTS = 5


@pytest.fixture
def config_in_memory(tmp_path: Path) -> Generator[Path]:
    """Return a configuration folder in memory (tmpfs) where there is one, else on disk.

    This machine's disk takes seconds, at times, to sync a burst of writes, and the reads
    after it wait; in memory the figure is Sleep Coach's, not the disk's.
    """
    shm = Path("/dev/shm")  # noqa: S108 - a folder of our own, removed after
    if not shm.is_dir():
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="sleep_coach_bench_"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


async def test_four_children_start_up(
    hass: HomeAssistant, config_in_memory: Path, blocking_calls: list[str]
) -> None:
    """Four children, each with two years of history, set up together."""
    await hass.config.async_set_time_zone("Europe/London")
    hass.loop.set_debug(False)
    hass.config.config_dir = str(config_in_memory)
    now = datetime(2024, 6, 1, 21, 0, tzinfo=LONDON)
    with (
        patch.object(dt_util, "utcnow", lambda: now.astimezone(UTC)),
        patch.object(Store, "_async_load", REAL_STORE_LOAD),
        patch.object(Store, "_async_write_data", REAL_STORE_WRITE),
    ):
        assert await async_setup_component(hass, DOMAIN, {})
        await hass.async_block_till_done()
        entries: list[MockConfigEntry] = []
        for index in range(CHILDREN):
            entry, _ = await _two_years_on_disk(hass, f"child{index}")
            entries.append(entry)
        # The first start reads each file of two years' episodes and writes back the
        # last 15 nights; every start after it reads what the coach keeps. Both are timed,
        # the later start several times: at times this machine's file reads stall for a
        # second or more in the executor while the event loop waits, idle.
        starts: list[float] = []
        for _ in range(1 + LATER_STARTS):
            start = time.perf_counter()
            results = await asyncio.gather(
                *(hass.config_entries.async_setup(entry.entry_id) for entry in entries)
            )
            starts.append(time.perf_counter() - start)
            await hass.async_block_till_done()
            assert all(results)
            for entry in entries:
                assert await hass.config_entries.async_unload(entry.entry_id)
            await hass.async_block_till_done()
        RESULTS["four_children_first_seconds"] = starts[0]
        RESULTS["four_children_seconds"] = statistics.median(starts[1:])
        RESULTS["four_children_best_seconds"] = min(starts[1:])
        RESULTS["four_children_worst_seconds"] = max(starts[1:])
        paths = [Path(hass.config.path(STORAGE_DIR, f"{DOMAIN}.{e.entry_id}")) for e in entries]
        sizes = await hass.async_add_executor_job(lambda: [path.stat().st_size for path in paths])
        RESULTS["four_children_store_bytes"] = sum(sizes)
    RESULTS["blocking_calls"] = len(blocking_calls)
    RESULTS["blocking_call_messages"] = blocking_calls  # type: ignore[assignment]
