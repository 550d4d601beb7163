"""A child's configuration: defaults, rules and plain options."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from custom_components.sleep_coach.coach import MAX_CAP, ChildConfig, ConfigError, NeedSpec

from .common import minutes


def test_defaults() -> None:
    config = ChildConfig()
    assert config.time_zone == "UTC"
    assert (config.night_start, config.night_end) == (time(19), time(7))
    assert config.min_cry == timedelta(seconds=20)
    assert config.settle == minutes(3)
    assert config.waits == (minutes(5), minutes(10), minutes(15))
    assert config.cap == minutes(15)
    assert config.need_names == ("fed", "dry", "safe")
    assert [need.window for need in config.needs] == [timedelta(hours=3)] * 2 + [None]
    assert config.birth_date is None
    assert not config.allow_under_16_weeks
    assert minutes(30) == MAX_CAP


def test_waits_repeat_the_last_and_stay_under_the_cap() -> None:
    config = ChildConfig(waits=(minutes(5), minutes(20)), cap=minutes(12))
    assert [config.wait(number) for number in range(4)] == [minutes(5)] + [minutes(12)] * 3


@pytest.mark.parametrize(
    ("birth_date", "allow", "at", "expected"),
    [
        (None, False, "2024-06-01T12:00:00+00:00", True),
        (None, True, "2024-06-01T12:00:00+00:00", False),
        # 16 weeks old from the start of June 1 in London (23:00 UTC the evening before).
        (date(2024, 2, 10), False, "2024-05-31T22:59:59+00:00", True),
        (date(2024, 2, 10), False, "2024-05-31T23:00:00+00:00", False),
        (date(2024, 2, 11), False, "2024-06-01T12:00:00+00:00", True),
        (date(2024, 2, 11), True, "2024-06-01T12:00:00+00:00", False),
        # A birth date at the end of the calendar is a baby under 16 weeks, never an error.
        (date(9999, 12, 1), False, "9999-12-31T12:00:00+00:00", True),
    ],
)
def test_age_rule(birth_date: date | None, allow: bool, at: str, expected: bool) -> None:
    config = ChildConfig(
        time_zone="Europe/London", birth_date=birth_date, allow_under_16_weeks=allow
    )
    assert config.age_needs_attention(datetime.fromisoformat(at)) is expected


@pytest.mark.parametrize(
    ("changes", "code", "placeholders"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone_invalid", {"time_zone": "Mars/Olympus"}),
        ({"time_zone": "../etc"}, "time_zone_invalid", {"time_zone": "../etc"}),
        ({"night_end": time(19)}, "night_window_empty", {"time": "19:00"}),
        ({"min_cry": timedelta(seconds=-1)}, "min_cry_invalid", {}),
        ({"settle": timedelta(0)}, "settle_invalid", {}),
        ({"waits": ()}, "waits_invalid", {}),
        ({"waits": (minutes(5), timedelta(0))}, "waits_invalid", {}),
        ({"cap": timedelta(0)}, "cap_invalid", {}),
        ({"cap": minutes(30.5)}, "cap_too_long", {"cap": "30.5", "maximum": "30"}),
        ({"needs": (NeedSpec("Fed"),)}, "need_name_invalid", {"need": "Fed"}),
        ({"needs": (NeedSpec("fed"), NeedSpec("fed"))}, "need_name_taken", {"need": "fed"}),
        ({"needs": (NeedSpec("concern"),)}, "need_name_taken", {"need": "concern"}),
        ({"needs": (NeedSpec("fed", timedelta(0)),)}, "need_window_invalid", {"need": "fed"}),
    ],
)
def test_rules(changes: dict[str, object], code: str, placeholders: dict[str, str]) -> None:
    with pytest.raises(ConfigError) as caught:
        ChildConfig(**changes)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.placeholders == placeholders


def test_cap_of_thirty_minutes_is_allowed() -> None:
    assert ChildConfig(cap=MAX_CAP).cap == MAX_CAP


def test_error_message_is_readable() -> None:
    with pytest.raises(ConfigError, match="the cap must be at most 30 minutes, not 45"):
        ChildConfig(cap=minutes(45))


def test_from_dict_reads_every_option() -> None:
    config = ChildConfig.from_dict(
        {
            "time_zone": "America/New_York",
            "night_start": "20:30",
            "night_end": "06:15",
            "min_cry": 0.5,
            "settle": 2,
            "waits": [3, 6],
            "cap": 10,
            "fed_window": 150,
            "dry_window": 240,
            "custom_needs": [{"name": "room_ok"}, {"name": "medicine", "window": 60}],
            "birth_date": "2024-01-31",
            "allow_under_16_weeks": True,
        }
    )
    assert config == ChildConfig(
        time_zone="America/New_York",
        night_start=time(20, 30),
        night_end=time(6, 15),
        min_cry=timedelta(seconds=30),
        settle=minutes(2),
        waits=(minutes(3), minutes(6)),
        cap=minutes(10),
        needs=(
            NeedSpec("fed", minutes(150)),
            NeedSpec("dry", minutes(240)),
            NeedSpec("safe"),
            NeedSpec("room_ok"),
            NeedSpec("medicine", minutes(60)),
        ),
        birth_date=date(2024, 1, 31),
        allow_under_16_weeks=True,
    )


def test_from_dict_keeps_defaults() -> None:
    assert ChildConfig.from_dict({}) == ChildConfig()
    assert ChildConfig.from_dict({"birth_date": None}) == ChildConfig()


@pytest.mark.parametrize(
    ("options", "code", "option"),
    [
        ({"bedtime": "19:00"}, "option_unknown", "bedtime"),
        ({"time_zone": 1}, "option_invalid", "time_zone"),
        ({"night_start": "7pm"}, "option_invalid", "night_start"),
        ({"night_start": "25:00"}, "option_invalid", "night_start"),
        ({"min_cry": True}, "option_invalid", "min_cry"),
        ({"settle": "3"}, "option_invalid", "settle"),
        ({"settle": float("nan")}, "option_invalid", "settle"),
        ({"cap": 1e300}, "option_invalid", "cap"),
        ({"waits": 5}, "option_invalid", "waits"),
        ({"waits": [5, None]}, "option_invalid", "waits"),
        ({"fed_window": None}, "option_invalid", "fed_window"),
        ({"custom_needs": {"name": "x"}}, "option_invalid", "custom_needs"),
        ({"custom_needs": ["room_ok"]}, "option_invalid", "custom_needs"),
        ({"custom_needs": [{"name": "x", "kind": "flag"}]}, "option_invalid", "custom_needs"),
        ({"custom_needs": [{"window": 5}]}, "option_invalid", "custom_needs"),
        ({"birth_date": "yesterday"}, "option_invalid", "birth_date"),
        ({"allow_under_16_weeks": "yes"}, "option_invalid", "allow_under_16_weeks"),
    ],
)
def test_from_dict_refuses_bad_options(options: dict[str, object], code: str, option: str) -> None:
    with pytest.raises(ConfigError) as caught:
        ChildConfig.from_dict(options)
    assert caught.value.code == code
    assert caught.value.placeholders == {"option": option}


def test_from_dict_applies_the_rules() -> None:
    with pytest.raises(ConfigError) as caught:
        ChildConfig.from_dict({"cap": 31})
    assert caught.value.code == "cap_too_long"
