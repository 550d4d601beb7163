"""The household's duty rota."""

from __future__ import annotations

from datetime import time

from custom_components.sleep_coach.coach import Rota, next_handover, on_duty

from .common import CONFIG, local

PARENTS = ["person.ana", "person.ben"]
ONE_AM = time(1)


def test_manual_leaves_it_to_the_family() -> None:
    assert on_duty(PARENTS, Rota.MANUAL, ONE_AM, local("2024-06-01 22:00"), CONFIG) is None
    assert next_handover(Rota.MANUAL, ONE_AM, local("2024-06-01 22:00"), CONFIG) is None


def test_no_parents_no_duty() -> None:
    assert on_duty([], Rota.ALTERNATE_NIGHTS, ONE_AM, local("2024-06-01 22:00"), CONFIG) is None


def test_alternate_nights_take_whole_nights_in_turn() -> None:
    first = on_duty(PARENTS, Rota.ALTERNATE_NIGHTS, ONE_AM, local("2024-06-01 22:00"), CONFIG)
    # The same night after midnight, and the next night.
    same = on_duty(PARENTS, Rota.ALTERNATE_NIGHTS, ONE_AM, local("2024-06-02 03:00"), CONFIG)
    other = on_duty(PARENTS, Rota.ALTERNATE_NIGHTS, ONE_AM, local("2024-06-02 22:00"), CONFIG)
    assert first == same
    assert {first, other} == set(PARENTS)
    # In the afternoon, the coming night's parent is on duty.
    afternoon = local("2024-06-02 15:00")
    assert on_duty(PARENTS, Rota.ALTERNATE_NIGHTS, ONE_AM, afternoon, CONFIG) == other
    assert next_handover(Rota.ALTERNATE_NIGHTS, ONE_AM, afternoon, CONFIG) == local(
        "2024-06-02 19:00"
    )


def test_a_split_night_hands_over_at_the_split_time() -> None:
    assert on_duty(PARENTS, Rota.SPLIT_NIGHT, ONE_AM, local("2024-06-01 23:59"), CONFIG) == (
        "person.ana"
    )
    assert on_duty(PARENTS, Rota.SPLIT_NIGHT, ONE_AM, local("2024-06-02 01:00"), CONFIG) == (
        "person.ben"
    )
    assert next_handover(Rota.SPLIT_NIGHT, ONE_AM, local("2024-06-01 22:00"), CONFIG) == local(
        "2024-06-02 01:00"
    )
    assert next_handover(Rota.SPLIT_NIGHT, ONE_AM, local("2024-06-02 02:00"), CONFIG) == local(
        "2024-06-02 19:00"
    )


def test_a_split_before_midnight_and_a_single_parent() -> None:
    split = time(23)
    assert on_duty(PARENTS, Rota.SPLIT_NIGHT, split, local("2024-06-01 23:30"), CONFIG) == (
        "person.ben"
    )
    alone = ["person.ana"]
    assert on_duty(alone, Rota.SPLIT_NIGHT, split, local("2024-06-01 23:30"), CONFIG) == (
        "person.ana"
    )
