"""The nap and wake-window options of a child's configuration."""

from __future__ import annotations

from datetime import timedelta

import pytest

from custom_components.sleep_coach.coach import (
    MAX_LONGEST_NAP,
    WAKE_WINDOWS,
    ChildConfig,
    ConfigError,
    NapConfigError,
    WakeWindow,
)

from .common import minutes


def test_defaults() -> None:
    config = ChildConfig()
    assert config.nap_waits == (minutes(3), minutes(5), minutes(7))
    assert config.nap_cap == minutes(10)
    assert config.nap_limit == minutes(10)
    assert config.longest_nap == timedelta(hours=3)
    assert config.wake_windows is None
    assert config.wake_table == WAKE_WINDOWS
    assert timedelta(hours=12) == MAX_LONGEST_NAP


def test_nap_waits_repeat_the_last_and_stay_under_both_caps() -> None:
    config = ChildConfig(nap_waits=(minutes(4), minutes(20)), nap_cap=minutes(12))
    assert [config.nap_wait(number) for number in range(3)] == [minutes(4)] + [minutes(12)] * 2
    lower = ChildConfig(nap_waits=(minutes(8),), nap_cap=minutes(12), cap=minutes(6))
    assert lower.nap_limit == minutes(6)
    assert lower.nap_wait(0) == minutes(6)


ROW = WakeWindow(0, minutes(60), minutes(90), (3, 4))


@pytest.mark.parametrize(
    ("changes", "code", "placeholders"),
    [
        ({"nap_waits": ()}, "nap_waits_invalid", {}),
        ({"nap_waits": (minutes(3), timedelta(0))}, "nap_waits_invalid", {}),
        ({"nap_cap": timedelta(0)}, "nap_cap_invalid", {}),
        ({"nap_cap": minutes(31)}, "nap_cap_too_long", {"cap": "31", "maximum": "30"}),
        ({"longest_nap": timedelta(0)}, "longest_nap_invalid", {"minutes": "0", "maximum": "720"}),
        (
            {"longest_nap": timedelta(hours=13)},
            "longest_nap_invalid",
            {"minutes": "780", "maximum": "720"},
        ),
        ({"wake_windows": ()}, "wake_windows_empty", {}),
        (
            {"wake_windows": (WakeWindow(1, minutes(60), minutes(90), (3, 4)),)},
            "wake_windows_order",
            {"row": "1"},
        ),
        (
            {"wake_windows": (ROW, WakeWindow(0, minutes(60), minutes(90), (3, 4)))},
            "wake_windows_order",
            {"row": "2"},
        ),
        (
            {"wake_windows": (WakeWindow(0, timedelta(0), minutes(90), (3, 4)),)},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
        (
            {"wake_windows": (ROW, WakeWindow(4, minutes(90), minutes(80), (3, 4)))},
            "wake_window_invalid",
            {"row": "2", "maximum": "720"},
        ),
        (
            {"wake_windows": (WakeWindow(0, minutes(60), timedelta(hours=13), (3, 4)),)},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
        (
            {"wake_windows": (WakeWindow(0, minutes(60), minutes(90), (-1, 4)),)},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
        (
            {"wake_windows": (WakeWindow(0, minutes(60), minutes(90), (4, 3)),)},
            "wake_window_invalid",
            {"row": "1", "maximum": "720"},
        ),
    ],
)
def test_rules(changes: dict[str, object], code: str, placeholders: dict[str, str]) -> None:
    with pytest.raises(NapConfigError) as caught:
        ChildConfig(**changes)  # type: ignore[arg-type]
    assert caught.value.code == code
    assert caught.value.placeholders == placeholders
    assert isinstance(caught.value, ConfigError)


def test_nap_codes_are_kept_apart_from_the_configuration_s() -> None:
    assert not set(NapConfigError.messages) & set(ConfigError.messages)


def test_a_longest_nap_of_twelve_hours_and_a_nap_cap_of_thirty_minutes_are_allowed() -> None:
    config = ChildConfig(longest_nap=MAX_LONGEST_NAP, nap_cap=minutes(30), cap=minutes(30))
    assert config.nap_limit == minutes(30)


def test_plain_options() -> None:
    config = ChildConfig.from_dict(
        {
            "nap_waits": [2, 4.5],
            "nap_cap": 8,
            "longest_nap": 150,
            "wake_windows": [
                {"from_months": 0, "min": 40, "max": 55},
                {"from_months": 6, "min": 135, "max": 165, "naps": [2, 3]},
                {"from_months": 20, "min": 300, "max": 330},
            ],
        }
    )
    assert config.nap_waits == (minutes(2), minutes(4.5))
    assert config.nap_cap == minutes(8)
    assert config.longest_nap == minutes(150)
    assert config.wake_table == (
        # Without "naps", the shipped table's typical naps for that age.
        WakeWindow(0, minutes(40), minutes(55), (4, 8)),
        WakeWindow(6, minutes(135), minutes(165), (2, 3)),
        WakeWindow(20, minutes(300), minutes(330), (1, 1)),
    )


def test_plain_options_keep_the_defaults() -> None:
    assert ChildConfig.from_dict({}) == ChildConfig()


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("nap_waits", 5),
        ("nap_waits", [True]),
        ("nap_cap", "10"),
        ("longest_nap", None),
        ("wake_windows", {"from_months": 0}),
        ("wake_windows", [[0, 40, 55]]),
        ("wake_windows", [{"from_months": 0, "min": 40}]),
        ("wake_windows", [{"from_months": 0, "min": 40, "max": 55, "note": "x"}]),
        ("wake_windows", [{"from_months": 0.5, "min": 40, "max": 55}]),
        ("wake_windows", [{"from_months": True, "min": 40, "max": 55}]),
        ("wake_windows", [{"from_months": 0, "min": "40", "max": 55}]),
        ("wake_windows", [{"from_months": 0, "min": 40, "max": 55, "naps": 3}]),
        ("wake_windows", [{"from_months": 0, "min": 40, "max": 55, "naps": [3]}]),
        ("wake_windows", [{"from_months": 0, "min": 40, "max": 55, "naps": [3, "4"]}]),
    ],
)
def test_bad_plain_options(option: str, value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        ChildConfig.from_dict({option: value})
    assert (caught.value.code, caught.value.placeholders) == ("option_invalid", {"option": option})


def test_plain_options_are_checked_as_rules() -> None:
    with pytest.raises(NapConfigError) as caught:
        ChildConfig.from_dict({"wake_windows": [{"from_months": 3, "min": 40, "max": 55}]})
    assert caught.value.code == "wake_windows_order"
