"""What the family sees of naps: the day's entities, the card's answer, the nap state line."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.sleep_coach.coach import wake_window_for

from .conftest import CRY_SOURCE, local
from .test_dashboard import night_of
from .test_night import move_to, set_state, state_of

NAPPING = "binary_sensor.mia_napping"
AWAKE_SINCE = "sensor.mia_awake_since"
NEXT_FROM = "sensor.mia_next_sleep_from"
NEXT_BY = "sensor.mia_next_sleep_by"
NAPS = "sensor.mia_naps_today"
DAY_SLEEP = "sensor.mia_day_sleep_today"
TO_SLEEP = "sensor.mia_time_to_fall_asleep_today"
NAP_CRYING = "sensor.mia_crying_in_naps_today"
DAY_SENSORS = (NAPPING, AWAKE_SINCE, NEXT_FROM, NEXT_BY, NAPS, DAY_SLEEP, TO_SLEEP, NAP_CRYING)


def moment(hass: HomeAssistant, entity_id: str) -> Any:
    return dt_util.parse_datetime(state_of(hass, entity_id))


async def nap(hass: HomeAssistant, entry: MockConfigEntry, *, start: bool) -> None:
    """Start or end a nap, as the nap buttons and the sleep-state entity do."""
    child = entry.runtime_data.child
    if start:
        child.nap_started()
    else:
        child.nap_ended()
    await hass.async_block_till_done()


async def play_a_day(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entry: MockConfigEntry
) -> None:
    """Mia's 2 June: up at 07:00, a quiet nap 09:00-10:00, a nap 12:00-13:00 cried into."""
    await move_to(hass, freezer, "2024-06-02 07:00")
    await move_to(hass, freezer, "2024-06-02 09:00")
    await nap(hass, entry, start=True)
    await move_to(hass, freezer, "2024-06-02 09:03")  # quiet for the settle time: asleep
    await move_to(hass, freezer, "2024-06-02 10:00")
    await nap(hass, entry, start=False)
    await move_to(hass, freezer, "2024-06-02 12:00")
    await nap(hass, entry, start=True)
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-02 12:05")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-02 12:08")  # fell asleep when the crying stopped
    await move_to(hass, freezer, "2024-06-02 13:00")
    await nap(hass, entry, start=False)


async def test_the_day_s_entities_follow_the_naps(
    hass: HomeAssistant, evening: FrozenDateTimeFactory, loaded_entry: MockConfigEntry
) -> None:
    freezer = evening
    # The first evening: no night seen end yet, so no time the baby woke, no window.
    for entity_id in (AWAKE_SINCE, NEXT_FROM, NEXT_BY, TO_SLEEP):
        assert state_of(hass, entity_id) == "unknown"
    assert state_of(hass, NAPPING) == "off"
    assert state_of(hass, NAPS) == "0"

    await move_to(hass, freezer, "2024-06-02 07:00")
    assert moment(hass, AWAKE_SINCE) == local("2024-06-02 07:00")
    child = loaded_entry.runtime_data.child
    row = wake_window_for(child.config, local("2024-06-02 07:00"))
    assert row is not None
    assert moment(hass, NEXT_FROM) == local("2024-06-02 07:00") + row.shortest
    assert moment(hass, NEXT_BY) == local("2024-06-02 07:00") + row.longest
    assert hass.states.get(NEXT_FROM).attributes["learned"] is False

    await move_to(hass, freezer, "2024-06-02 09:00")
    await nap(hass, loaded_entry, start=True)
    assert state_of(hass, NAPPING) == "on"
    napping = hass.states.get(NAPPING).attributes
    assert napping["start"] == local("2024-06-02 09:00").astimezone(dt_util.UTC).isoformat()
    assert napping["asleep"] is None
    # During a nap the baby is not awake, and no window is ahead.
    for entity_id in (AWAKE_SINCE, NEXT_FROM, NEXT_BY):
        assert state_of(hass, entity_id) == "unknown"
    await move_to(hass, freezer, "2024-06-02 09:03")
    assert hass.states.get(NAPPING).attributes["asleep"] is not None

    await move_to(hass, freezer, "2024-06-02 10:00")
    await nap(hass, loaded_entry, start=False)
    assert state_of(hass, NAPPING) == "off"
    assert moment(hass, AWAKE_SINCE) == local("2024-06-02 10:00")
    assert moment(hass, NEXT_FROM) == local("2024-06-02 10:00") + row.shortest
    assert (state_of(hass, NAPS), state_of(hass, DAY_SLEEP)) == ("1", "60.0")
    assert (state_of(hass, TO_SLEEP), state_of(hass, NAP_CRYING)) == ("0.0", "0.0")

    await move_to(hass, freezer, "2024-06-02 12:00")
    await nap(hass, loaded_entry, start=True)
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-02 12:05")
    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-02 12:08")
    await move_to(hass, freezer, "2024-06-02 13:00")
    await nap(hass, loaded_entry, start=False)
    assert (state_of(hass, NAPS), state_of(hass, DAY_SLEEP)) == ("2", "115.0")
    assert (state_of(hass, TO_SLEEP), state_of(hass, NAP_CRYING)) == ("2.5", "5.0")

    # At night the figures are the day before tonight's, which is over; they stay put.
    await move_to(hass, freezer, "2024-06-02 19:00")
    written = {entity_id: hass.states.get(entity_id).last_updated for entity_id in DAY_SENSORS}
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-02 20:01")
    assert state_of(hass, NAPS) == "2"
    assert {entity_id: hass.states.get(entity_id).last_updated for entity_id in DAY_SENSORS} == (
        written
    )
    await set_state(hass, CRY_SOURCE, "off")

    # A new day starts with none.
    await move_to(hass, freezer, "2024-06-03 07:00")
    assert (state_of(hass, NAPS), state_of(hass, DAY_SLEEP)) == ("0", "0.0")
    assert state_of(hass, TO_SLEEP) == "unknown"
    assert moment(hass, AWAKE_SINCE) == local("2024-06-03 07:00")


async def test_the_card_s_answer_brings_the_day(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    freezer = evening
    child = await night_of(hass, hass_ws_client, hass_admin_user)
    assert child["day"] == {
        "date": "2024-06-01",
        "awake_since": None,
        "sleep_window": None,
        "naps": [],
        "figures": {
            "naps": 0,
            "day_sleep_minutes": 0.0,
            "median_minutes_to_fall_asleep": None,
            "nap_cry_minutes": 0.0,
        },
    }
    assert child["statistics"]["naps"] == "sleep_coach:mia_naps"

    await move_to(hass, freezer, "2024-06-02 07:00")
    await move_to(hass, freezer, "2024-06-02 09:00")
    await nap(hass, loaded_entry, start=True)
    await set_state(hass, CRY_SOURCE, "on")
    await move_to(hass, freezer, "2024-06-02 09:01")
    child = await night_of(hass, hass_ws_client, hass_admin_user)
    # Crying while falling asleep is coached, and said to be in a nap; it is no night waking.
    assert child["status"]["nap_start"] == "2024-06-02T09:00:00+01:00"
    assert child["status"]["nap_asleep"] is None
    assert child["status"]["mode"] == "needs_attention"
    assert child["episodes"] == []
    assert child["day"]["naps"] == [
        {
            "start": "2024-06-02T09:00:00+01:00",
            "end": None,
            "asleep": None,
            "cry_minutes": 0.0,
            "ended_by": None,
        }
    ]
    assert child["day"]["awake_since"] is None
    assert child["day"]["sleep_window"] is None

    await set_state(hass, CRY_SOURCE, "off")
    await move_to(hass, freezer, "2024-06-02 09:05")
    await move_to(hass, freezer, "2024-06-02 10:00")
    await nap(hass, loaded_entry, start=False)
    child = await night_of(hass, hass_ws_client, hass_admin_user)
    day = child["day"]
    assert day["date"] == "2024-06-02"
    assert day["awake_since"] == "2024-06-02T10:00:00+01:00"
    window = loaded_entry.runtime_data.child.coach.next_sleep_window()
    assert window is not None
    assert day["sleep_window"] == {
        "earliest": window.earliest.astimezone(local("2024-06-02 10:00").tzinfo).isoformat(),
        "latest": window.latest.astimezone(local("2024-06-02 10:00").tzinfo).isoformat(),
        "learned": False,
    }
    (finished,) = day["naps"]
    assert finished == {
        "start": "2024-06-02T09:00:00+01:00",
        "end": "2024-06-02T10:00:00+01:00",
        "asleep": "2024-06-02T09:01:00+01:00",
        "cry_minutes": 1.0,
        "ended_by": "ended",
    }
    assert day["figures"]["naps"] == 1
    assert child["episodes"] == []


async def test_a_nap_that_reaches_the_longest_nap_says_so(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_admin_user: MockUser,
    evening: FrozenDateTimeFactory,
    loaded_entry: MockConfigEntry,
) -> None:
    freezer = evening
    hours = 3  # the longest nap by default
    await move_to(hass, freezer, "2024-06-02 07:00")
    await move_to(hass, freezer, "2024-06-02 12:00")
    await nap(hass, loaded_entry, start=True)
    await move_to(hass, freezer, f"2024-06-02 {12 + hours}:00")
    assert state_of(hass, NAPPING) == "off"
    child = await night_of(hass, hass_ws_client, hass_admin_user)
    (longest,) = child["day"]["naps"]
    assert longest["ended_by"] == "longest_nap"
    assert state_of(hass, DAY_SLEEP) == f"{hours * 60 - 0:.1f}"
