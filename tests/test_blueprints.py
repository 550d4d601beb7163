"""Tests for the shipped automation blueprints and their installer."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, HomeAssistant, ServiceCall, callback
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_mock_service,
)

from custom_components.sleep_coach.blueprint_installer import (
    SHIPPED_DIR,
    STORAGE_KEY,
    Outcome,
    async_install_blueprints,
    async_setup_blueprints,
    install_blueprints,
)
from custom_components.sleep_coach.const import DOMAIN
from custom_components.sleep_coach.transitions import reason_words
from custom_components.sleep_coach.words import async_load_words

from .conftest import CRY_SOURCE, LONDON, local

COACH_EVENT = "event.mia_coach_event"
NOTIFY = "automation/notify_on_duty_parent.yaml"
LIGHTS = "automation/nursery_lights.yaml"
NOISE = "automation/white_noise_during_wait.yaml"
PLAN = "automation/tonight_s_plan_at_bedtime.yaml"
SLEEP_WINDOW = "automation/time_for_the_next_sleep.yaml"
SHIPPED = {NOTIFY, LIGHTS, NOISE, PLAN, SLEEP_WINDOW}


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _installed(config_dir: Path, key: str) -> Path:
    domain, name = key.split("/")
    return config_dir / "blueprints" / domain / DOMAIN / name


def _shipped(key: str) -> bytes:
    return (SHIPPED_DIR / key).read_bytes()


@pytest.fixture
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """Give this test a config folder of its own, so nothing is written elsewhere."""
    hass.config.config_dir = str(tmp_path)
    return tmp_path


# The installer, without Home Assistant.


def test_installs_every_shipped_blueprint_when_missing(tmp_path: Path) -> None:
    outcomes, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})

    assert outcomes == dict.fromkeys(SHIPPED, Outcome.INSTALLED)
    for key in SHIPPED:
        content = (tmp_path / "automation" / DOMAIN / key.split("/")[1]).read_bytes()
        assert content == _shipped(key)
        assert manifest[key] == _digest(content)


def test_second_run_changes_nothing(tmp_path: Path) -> None:
    _, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})

    outcomes, again = install_blueprints(SHIPPED_DIR, tmp_path, manifest)

    assert outcomes == dict.fromkeys(SHIPPED, Outcome.CURRENT)
    assert again == manifest


def test_keeps_an_edited_copy_and_its_record(tmp_path: Path) -> None:
    _, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})
    edited = tmp_path / "automation" / DOMAIN / "nursery_lights.yaml"
    edited.write_text("# mine\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    # An older shipped version is recorded, so the shipped one counts as newer.
    written = {**manifest, LIGHTS: _digest(b"older")}

    outcomes, again = install_blueprints(SHIPPED_DIR, tmp_path, written)

    assert outcomes[LIGHTS] is Outcome.KEPT
    assert edited.read_text(encoding="utf-8").startswith("# mine\n")
    # The record still names what was written, so a reverted edit is updated later.
    assert again[LIGHTS] == _digest(b"older")


def test_keeps_a_copy_it_has_no_record_of(tmp_path: Path) -> None:
    theirs = tmp_path / "automation" / DOMAIN / "nursery_lights.yaml"
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(b"blueprint: {}\n")

    outcomes, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})

    assert outcomes[LIGHTS] is Outcome.KEPT
    assert theirs.read_bytes() == b"blueprint: {}\n"
    assert LIGHTS not in manifest


def test_updates_an_unedited_older_version(tmp_path: Path) -> None:
    older = b"blueprint: {name: older}\n"
    copy = tmp_path / "automation" / DOMAIN / "notify_on_duty_parent.yaml"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(older)

    outcomes, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {NOTIFY: _digest(older)})

    assert outcomes[NOTIFY] is Outcome.UPDATED
    assert copy.read_bytes() == _shipped(NOTIFY)
    assert manifest[NOTIFY] == _digest(_shipped(NOTIFY))


def test_restores_a_deleted_copy(tmp_path: Path) -> None:
    _, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})
    (tmp_path / "automation" / DOMAIN / "white_noise_during_wait.yaml").unlink()

    outcomes, _ = install_blueprints(SHIPPED_DIR, tmp_path, manifest)

    assert outcomes[NOISE] is Outcome.RESTORED
    assert outcomes[NOTIFY] is Outcome.CURRENT


def test_an_unwritable_folder_costs_only_the_blueprints(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A file where the folder should be: neither readable as a folder nor creatable.
    (tmp_path / "automation").mkdir()
    (tmp_path / "automation" / DOMAIN).write_text("not a folder", encoding="utf-8")

    outcomes, manifest = install_blueprints(SHIPPED_DIR, tmp_path, {})

    assert outcomes == dict.fromkeys(SHIPPED, Outcome.FAILED)
    assert manifest == {}
    assert "Could not install" in caplog.text


# The installer in Home Assistant.


async def test_install_waits_for_the_automation_integration(
    hass: HomeAssistant, config_dir: Path
) -> None:
    assert await async_install_blueprints(hass) == {}
    assert not (config_dir / "blueprints").exists()


async def test_install_records_logs_and_is_idempotent(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    config_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert await async_setup_component(hass, "automation", {})
    await hass.async_block_till_done()
    reloaded = async_capture_events(hass, "automation_reloaded")
    caplog.set_level(logging.INFO)

    assert await async_install_blueprints(hass) == dict.fromkeys(SHIPPED, Outcome.INSTALLED)

    assert hass_storage[STORAGE_KEY]["data"]["files"] == {
        key: _digest(_shipped(key)) for key in SHIPPED
    }
    assert (
        "Installed the blueprint blueprints/automation/sleep_coach/nursery_lights.yaml"
        in caplog.text
    )
    # The automation integration's own examples were not kept out by the new folder.
    assert (config_dir / "blueprints" / "automation" / "homeassistant").is_dir()

    caplog.clear()
    assert await async_install_blueprints(hass) == dict.fromkeys(SHIPPED, Outcome.CURRENT)
    await hass.async_block_till_done()
    assert "blueprint" not in caplog.text
    # New files need no reload: the automation editor lists the folder each time.
    assert reloaded == []


async def test_update_keeps_edits_and_reloads_automations(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    config_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    older = b"blueprint: {name: older}\n"
    edited = b"blueprint: {name: mine}\n"
    for key, content in ((NOTIFY, older), (LIGHTS, edited)):
        _installed(config_dir, key).parent.mkdir(parents=True, exist_ok=True)
        _installed(config_dir, key).write_bytes(content)
    hass_storage[STORAGE_KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": STORAGE_KEY,
        "data": {"files": {NOTIFY: _digest(older), LIGHTS: _digest(older)}},
    }
    # What the automation reload reads.
    (config_dir / "configuration.yaml").write_text("automation: []\n", encoding="utf-8")
    assert await async_setup_component(hass, "automation", {})
    await hass.async_block_till_done()
    reloaded = async_capture_events(hass, "automation_reloaded")
    caplog.set_level(logging.INFO)

    outcomes = await async_install_blueprints(hass)
    await hass.async_block_till_done()

    assert outcomes == {
        NOTIFY: Outcome.UPDATED,
        LIGHTS: Outcome.KEPT,
        NOISE: Outcome.INSTALLED,
        PLAN: Outcome.INSTALLED,
        SLEEP_WINDOW: Outcome.INSTALLED,
    }
    assert _installed(config_dir, NOTIFY).read_bytes() == _shipped(NOTIFY)
    assert _installed(config_dir, LIGHTS).read_bytes() == edited
    assert "Updated the blueprint" in caplog.text
    assert "Kept the blueprint blueprints/automation/sleep_coach/nursery_lights.yaml" in (
        caplog.text
    )
    # Automations built on the old version see the new one without a restart.
    assert len(reloaded) == 1


async def test_setup_installs_once_home_assistant_has_started(
    hass: HomeAssistant, config_dir: Path
) -> None:
    assert await async_setup_component(hass, "automation", {})
    hass.set_state(CoreState.starting)

    async_setup_blueprints(hass)
    await hass.async_block_till_done()
    assert not _installed(config_dir, NOTIFY).exists()

    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done()
    assert _installed(config_dir, NOTIFY).exists()


async def test_the_integration_installs_them(
    hass: HomeAssistant, config_dir: Path, mock_config_entry: MockConfigEntry
) -> None:
    assert await async_setup_component(hass, "automation", {})
    hass.states.async_set(CRY_SOURCE, "off")
    mock_config_entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(mock_config_entry.entry_id)
    await hass.async_block_till_done()

    for key in SHIPPED:
        assert _installed(config_dir, key).read_bytes() == _shipped(key)


# The blueprints, loaded and run by Home Assistant.


class CoachEvents:
    """Sets the state of a fake coach event entity as the integration would."""

    def __init__(self, hass: HomeAssistant) -> None:
        self._hass = hass
        self._times: Iterator[datetime] = (
            datetime(2024, 6, 1, 19, tzinfo=UTC) + timedelta(seconds=step)
            for step in itertools.count()
        )

    def fire(self, event_type: str, **attributes: Any) -> None:
        state = next(self._times).isoformat(timespec="milliseconds")
        self._hass.states.async_set(COACH_EVENT, state, {"event_type": event_type, **attributes})


@pytest.fixture
async def installed(hass: HomeAssistant, config_dir: Path) -> Path:
    """Install the blueprints the way the integration does."""
    await hass.async_add_executor_job(
        install_blueprints, SHIPPED_DIR, config_dir / "blueprints", {}
    )
    return config_dir


@pytest.fixture
def coach(hass: HomeAssistant) -> CoachEvents:
    """Mia's coach event entity, which has fired once already tonight."""
    events = CoachEvents(hass)
    events.fire("night_started")
    return events


async def _use_blueprint(hass: HomeAssistant, key: str, inputs: dict[str, Any]) -> None:
    name = key.split("/")[1]
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "under_test",
                "alias": "Under test",
                "use_blueprint": {"path": f"{DOMAIN}/{name}", "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    # A blueprint that does not load leaves the automation unavailable.
    state = hass.states.get("automation.under_test")
    assert state is not None
    assert state.state == "on"


@pytest.fixture
def child_device(hass: HomeAssistant) -> None:
    """Register Mia's device and event entity, as the integration does."""
    entry = MockConfigEntry(domain=DOMAIN, title="Mia")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={(DOMAIN, entry.entry_id)}, name="Mia"
    )
    er.async_get(hass).async_get_or_create(
        "event",
        DOMAIN,
        f"{entry.entry_id}-coach_event",
        suggested_object_id="mia_coach_event",
        device_id=device.id,
        config_entry=entry,
    )


@pytest.fixture
def phone(hass: HomeAssistant) -> str:
    """Register a phone with the Home Assistant app; return its device id."""
    entry = MockConfigEntry(domain="mobile_app", title="Parent phone")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "phone")}, name="Parent phone"
    )
    return device.id


@pytest.mark.usefixtures("installed", "child_device")
async def test_notify_on_duty_parent(hass: HomeAssistant, coach: CoachEvents, phone: str) -> None:
    app = async_mock_service(hass, "notify", "mobile_app_parent_phone")
    other = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(
        hass,
        NOTIFY,
        {"coach_event": COACH_EVENT, "notify_devices": [phone], "notify_action": "parents"},
    )

    coach.fire("episode_started")
    coach.fire("needs_attention", reasons=["fed", "safe"])
    await hass.async_block_till_done()

    assert len(app) == 1
    assert app[0].data["title"] == "Mia needs you"
    assert app[0].data["message"] == "Mia needs you: not fed recently, not marked safe."
    assert app[0].data["data"]["tag"] == f"sleep_coach_{COACH_EVENT}"
    assert app[0].data["data"]["push"] == {"interruption-level": "time-sensitive"}
    assert [call.data for call in other] == [
        {"title": "Mia needs you", "message": "Mia needs you: not fed recently, not marked safe."}
    ]

    coach.fire("check_in_due", deadline="2024-06-01T20:10:00+01:00")
    await hass.async_block_till_done()

    assert app[-1].data["message"] == "Mia is still crying: time for a check-in."
    assert len(other) == 2


@pytest.mark.usefixtures("installed", "child_device")
async def test_notify_words_every_reason_as_the_night_diary_does(
    hass: HomeAssistant, coach: CoachEvents
) -> None:
    calls = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(
        hass, NOTIFY, {"coach_event": COACH_EVENT, "notify_action": "notify.parents"}
    )
    reasons = ["fed", "dry", "safe", "age", "concern", "source_unavailable", "room_temperature"]

    coach.fire("needs_attention", reasons=reasons)
    coach.fire("needs_attention", reasons=[])
    await hass.async_block_till_done()

    assert [call.data["message"] for call in calls] == [
        f"Mia needs you: {reason_words(await async_load_words(hass, 'en'), reasons)}.",
        "Mia needs you.",
    ]


@pytest.mark.usefixtures("installed")
async def test_notify_ignores_what_is_no_new_event(hass: HomeAssistant, coach: CoachEvents) -> None:
    calls = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(hass, NOTIFY, {"coach_event": COACH_EVENT, "notify_action": "parents"})

    coach.fire("check_in_due")
    await hass.async_block_till_done()
    # Without a device, the child is named by the entity.
    assert [call.data["message"] for call in calls] == [
        f"{COACH_EVENT} is still crying: time for a check-in."
    ]
    last = hass.states.get(COACH_EVENT)
    assert last is not None

    # Renamed: the attributes change, the event does not.
    hass.states.async_set(COACH_EVENT, last.state, {**last.attributes, "friendly_name": "Mia"})
    # Reloaded or restarted: unavailable, then the last event restored.
    hass.states.async_set(COACH_EVENT, "unavailable", {})
    hass.states.async_set(COACH_EVENT, last.state, last.attributes)
    # Other events.
    coach.fire("self_soothe_started")
    coach.fire("settled")
    await hass.async_block_till_done()

    assert len(calls) == 1


@pytest.mark.usefixtures("installed", "child_device")
async def test_notify_two_events_in_the_same_millisecond(
    hass: HomeAssistant, coach: CoachEvents
) -> None:
    calls = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(hass, NOTIFY, {"coach_event": COACH_EVENT, "notify_action": "parents"})

    coach.fire("check_in_due")
    same_time = hass.states.get(COACH_EVENT)
    assert same_time is not None
    hass.states.async_set(
        COACH_EVENT, same_time.state, {"event_type": "needs_attention", "reasons": ["concern"]}
    )
    await hass.async_block_till_done()

    assert [call.data["message"] for call in calls] == [
        "Mia is still crying: time for a check-in.",
        "Mia needs you: crying far longer than usual.",
    ]


@pytest.mark.usefixtures("installed", "child_device")
async def test_notify_only_at_night(
    hass: HomeAssistant, coach: CoachEvents, freezer: FrozenDateTimeFactory
) -> None:
    await hass.config.async_set_time_zone("Europe/London")
    calls = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(
        hass,
        NOTIFY,
        {
            "coach_event": COACH_EVENT,
            "notify_action": "parents",
            "only_at_night": True,
            "night_start": "19:00:00",
            "night_end": "07:00:00",
        },
    )

    freezer.move_to(local("2024-06-01 14:00"))
    coach.fire("needs_attention", reasons=["dry"])
    await hass.async_block_till_done()
    assert calls == []

    freezer.move_to(datetime(2024, 6, 2, 2, 30, tzinfo=LONDON))
    coach.fire("needs_attention", reasons=["dry"])
    await hass.async_block_till_done()
    assert [call.data["message"] for call in calls] == [
        "Mia needs you: nappy not changed recently."
    ]


def _light_calls(calls: list[ServiceCall]) -> list[tuple[str, dict[str, Any]]]:
    return [(call.service, dict(call.data)) for call in calls]


def _capture(hass: HomeAssistant, *services: tuple[str, str]) -> list[ServiceCall]:
    """Stand in for several actions, recording their calls in one list, in order."""
    calls: list[ServiceCall] = []

    @callback
    def record(call: ServiceCall) -> None:
        calls.append(call)

    for domain, service in services:
        hass.services.async_register(domain, service, record)
    return calls


@pytest.mark.usefixtures("installed")
async def test_nursery_lights_dim_and_restore(hass: HomeAssistant, coach: CoachEvents) -> None:
    assert await async_setup_component(hass, "scene", {})
    calls = async_mock_service(hass, "light", "turn_on")
    calls_off = async_mock_service(hass, "light", "turn_off")
    hass.states.async_set("light.nursery", "on", {"brightness": 200, "color_mode": "brightness"})
    await _use_blueprint(
        hass,
        LIGHTS,
        {"coach_event": COACH_EVENT, "lights": ["light.nursery"], "crying_brightness": 5},
    )

    coach.fire("episode_started")
    await hass.async_block_till_done()

    assert _light_calls(calls) == [
        ("turn_on", {"entity_id": ["light.nursery"], "brightness_pct": 5, "transition": 2})
    ]

    # The light as the mocked action would have left it.
    hass.states.async_set("light.nursery", "on", {"brightness": 13, "color_mode": "brightness"})
    coach.fire("settled", outcome="self_soothed")
    await hass.async_block_till_done()

    assert calls[-1].data["entity_id"] == "light.nursery"
    assert calls[-1].data["brightness"] == 200
    assert calls_off == []


@pytest.mark.usefixtures("installed")
@pytest.mark.parametrize(
    ("after_settled", "service", "data"),
    [
        ("brightness", "turn_on", {"brightness_pct": 40, "transition": 0}),
        ("off", "turn_off", {"transition": 0}),
        # The state before the crying was lost in a restart.
        ("restore", "turn_off", {"transition": 0}),
    ],
)
async def test_nursery_lights_after_settling(
    hass: HomeAssistant,
    coach: CoachEvents,
    after_settled: str,
    service: str,
    data: dict[str, Any],
) -> None:
    assert await async_setup_component(hass, "scene", {})
    calls = _capture(hass, ("light", "turn_on"), ("light", "turn_off"))
    lights = ["light.nursery", "light.nursery_lamp"]
    await _use_blueprint(
        hass,
        LIGHTS,
        {
            "coach_event": COACH_EVENT,
            "lights": lights,
            "after_settled": after_settled,
            "settled_brightness": 40,
            "transition": 0,
        },
    )

    coach.fire("settled", outcome="settled_before_parent")
    coach.fire("parent_arrived")
    await hass.async_block_till_done()

    assert _light_calls(calls) == [(service, {"entity_id": lights, **data})]


@pytest.mark.usefixtures("installed")
async def test_white_noise_during_the_wait(hass: HomeAssistant, coach: CoachEvents) -> None:
    calls = _capture(
        hass,
        ("switch", "turn_on"),
        ("switch", "turn_off"),
        ("media_player", "volume_set"),
        ("media_player", "play_media"),
        ("media_player", "media_play"),
        ("media_player", "media_stop"),
    )
    await _use_blueprint(
        hass,
        NOISE,
        {
            "coach_event": COACH_EVENT,
            "noise_switches": ["switch.noise_machine"],
            "noise_players": ["media_player.nursery_speaker"],
            "media_content_id": "media-source://media_source/local/white_noise.mp3",
            "volume": 25,
        },
    )

    def run() -> list[tuple[str, str, dict[str, Any]]]:
        ran = [(call.domain, call.service, dict(call.data)) for call in calls]
        calls.clear()
        return ran

    coach.fire("episode_started")
    coach.fire("self_soothe_started", deadline="2024-06-01T20:05:00+01:00")
    await hass.async_block_till_done()
    speaker = ["media_player.nursery_speaker"]
    assert run() == [
        ("switch", "turn_on", {"entity_id": ["switch.noise_machine"]}),
        ("media_player", "volume_set", {"entity_id": speaker, "volume_level": 0.25}),
        (
            "media_player",
            "play_media",
            {
                "entity_id": speaker,
                "media_content_id": "media-source://media_source/local/white_noise.mp3",
                "media_content_type": "music",
            },
        ),
    ]

    for stop in ("settled", "parent_arrived", "check_in_due", "needs_attention", "night_ended"):
        coach.fire(stop)
        await hass.async_block_till_done()
        assert run() == [
            ("switch", "turn_off", {"entity_id": ["switch.noise_machine"]}),
            ("media_player", "media_stop", {"entity_id": speaker}),
        ], stop

    coach.fire("parent_left")
    await hass.async_block_till_done()
    assert run() == []


@pytest.mark.usefixtures("installed")
async def test_white_noise_resumes_the_players_or_runs_switches_alone(
    hass: HomeAssistant, coach: CoachEvents
) -> None:
    calls = async_mock_service(hass, "media_player", "media_play")
    switch_calls = async_mock_service(hass, "switch", "turn_off")
    await _use_blueprint(
        hass, NOISE, {"coach_event": COACH_EVENT, "noise_players": ["media_player.hatch"]}
    )

    coach.fire("self_soothe_started")
    coach.fire("settled")
    await hass.async_block_till_done()

    assert [dict(call.data) for call in calls] == [{"entity_id": ["media_player.hatch"]}]
    # No switch was chosen, so none is turned off.
    assert switch_calls == []


@pytest.mark.usefixtures("installed", "child_device")
async def test_tonight_s_plan_at_bedtime(
    hass: HomeAssistant, coach: CoachEvents, phone: str
) -> None:
    app = async_mock_service(hass, "notify", "mobile_app_parent_phone")
    other = async_mock_service(hass, "notify", "parents")
    await _use_blueprint(
        hass,
        PLAN,
        {"coach_event": COACH_EVENT, "notify_devices": [phone], "notify_action": "parents"},
    )

    coach.fire("episode_started")
    coach.fire(
        "plan_night_started",
        method="graduated",
        plan_night=3,
        plan_nights=7,
        waits_minutes=[10.0, 12.0, 15.0],
        position=None,
    )
    coach.fire(
        "plan_night_started",
        method="gradual_retreat",
        plan_night=4,
        plan_nights=10,
        waits_minutes=[5.0, 10.0, 15.0],
        position="halfway",
    )
    coach.fire("plan_finished", method="custom", plan_nights=5)
    await hass.async_block_till_done()

    assert [call.data["message"] for call in app] == [
        "Night 3 of 7 of graduated waits: waits of 10, 12, 15 min.",
        "Night 4 of 10 of gradual retreat: a parent stays halfway to the door.",
        "Mia finished the 5 nights of your own plan.",
    ]
    assert {call.data["title"] for call in app} == {"Mia: tonight's plan"}
    assert app[0].data["data"]["tag"] == f"sleep_coach_plan_{COACH_EVENT}"
    assert len(other) == 3


async def _sleep_window_messages(
    hass: HomeAssistant, coach: CoachEvents, phone: str, title: str, message: str
) -> list[ServiceCall]:
    app = async_mock_service(hass, "notify", "mobile_app_parent_phone")
    inputs: dict[str, Any] = {"coach_event": COACH_EVENT, "notify_devices": [phone]}
    await _use_blueprint(hass, SLEEP_WINDOW, inputs)
    coach.fire("nap_ended")
    coach.fire(
        "sleep_window_opened",
        awake_since="2024-06-02T10:00:00+01:00",
        earliest="2024-06-02T12:00:00+01:00",
        latest="2024-06-02T12:30:00+01:00",
        learned=False,
        title=title,
        message=message,
    )
    await hass.async_block_till_done()
    return app


@pytest.mark.usefixtures("installed", "child_device", "london")
async def test_time_for_the_next_sleep(hass: HomeAssistant, coach: CoachEvents, phone: str) -> None:
    other = async_mock_service(hass, "notify", "parents")
    message = "Time to start Mia's nap routine: the next sleep is due between 12:00 and 12:30."
    app = await _sleep_window_messages(hass, coach, phone, "Mia: time for the next sleep", message)
    assert [call.data["title"] for call in app] == ["Mia: time for the next sleep"]
    assert [call.data["message"] for call in app] == [message]
    assert app[0].data["data"]["tag"] == f"sleep_coach_sleep_window_{COACH_EVENT}"
    assert other == []


@pytest.mark.usefixtures("installed", "child_device", "london")
async def test_time_for_the_next_sleep_sends_the_words_of_the_event(
    hass: HomeAssistant, coach: CoachEvents, phone: str
) -> None:
    """The integration words the event in the instance's language; the blueprint sends it."""
    message = (
        "Zeit für das Schlafritual von Mia: der nächste Schlaf ist zwischen 12:00 und 12:30 fällig."
    )
    app = await _sleep_window_messages(
        hass, coach, phone, "Mia: Zeit für den nächsten Schlaf", message
    )
    assert [call.data["title"] for call in app] == ["Mia: Zeit für den nächsten Schlaf"]
    assert [call.data["message"] for call in app] == [message]
