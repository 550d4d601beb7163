"""The needs checklist as a family sees it."""

from __future__ import annotations

from datetime import UTC

from custom_components.sleep_coach.coach import (
    DEFAULT_NEEDS,
    NeedRecord,
    NeedState,
    NeedStatus,
    checklist,
)

from .common import local, minutes


def test_checklist_shows_met_unmet_and_unknown_in_order() -> None:
    fed_at = local("2024-06-01 19:00").astimezone(UTC)
    dry_at = local("2024-06-01 19:30").astimezone(UTC)
    records = {
        "fed": NeedRecord(met=True, at=fed_at),
        "dry": NeedRecord(met=False, at=dry_at),
    }

    statuses = checklist(DEFAULT_NEEDS, records, local("2024-06-01 20:00"))

    assert list(statuses) == ["fed", "dry", "safe"]
    assert statuses["fed"] == NeedStatus(NeedState.MET, fed_at, fed_at + minutes(180))
    assert statuses["dry"] == NeedStatus(NeedState.UNMET, dry_at, None)
    assert statuses["safe"] == NeedStatus(NeedState.UNKNOWN, None, None)


def test_an_expired_need_is_unmet_and_a_flag_never_expires() -> None:
    fed_at = local("2024-06-01 19:00").astimezone(UTC)
    records = {
        "fed": NeedRecord(met=True, at=fed_at),
        "safe": NeedRecord(met=True, at=fed_at),
    }

    statuses = checklist(DEFAULT_NEEDS, records, local("2024-06-01 22:00"))

    assert statuses["fed"] == NeedStatus(NeedState.UNMET, fed_at, None)
    assert statuses["safe"] == NeedStatus(NeedState.MET, fed_at, None)
