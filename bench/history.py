"""A store as a long-lived install (or an older release) might have left it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from custom_components.sleep_coach.coach import CoachState, Episode, Outcome, Signal

LONDON = ZoneInfo("Europe/London")
OUTCOMES = (
    Outcome.SELF_SOOTHED,
    Outcome.SELF_SOOTHED,
    Outcome.SETTLED_AFTER_CHECK_IN,
    Outcome.ATTENDED_NEED,
    Outcome.EARLY_INTERVENTION,
)


def two_years(tonight: date, *, nights: int = 730, per_night: int = 10) -> tuple[Episode, ...]:
    """Return `per_night` finished episodes for each of `nights` nights up to `tonight`.

    Tonight's episodes (before 21:00) are included, so a test can check the current night
    is kept.
    """
    episodes = []
    for back in range(nights - 1, -1, -1):
        night = tonight - timedelta(days=back)
        evening = datetime.combine(night, time(19, 30), LONDON)
        for index in range(per_night):
            start = evening + timedelta(minutes=6 * index)
            cry = timedelta(seconds=60 + 17 * index)
            outcome = OUTCOMES[(back + index) % len(OUTCOMES)]
            episodes.append(
                Episode(
                    night=night,
                    start=start.astimezone(UTC),
                    end=(start + cry).astimezone(UTC),
                    outcome=outcome,
                    reasons=("fed",) if outcome is Outcome.ATTENDED_NEED else (),
                    cry_time=cry,
                    check_ins=0 if outcome is Outcome.SELF_SOOTHED else 1,
                )
            )
    return tuple(episodes)


def stored_state(now: datetime, tonight: date, history: tuple[Episode, ...]) -> dict[str, Any]:
    """Return the stored core state of a child listening since two years, quiet at `now`."""
    started = datetime.combine(history[0].night, time(18), LONDON).astimezone(UTC)
    state = CoachState(
        clock=now.astimezone(UTC),
        started=started,
        night=tonight,
        signal=Signal.QUIET,
        signal_since=now.astimezone(UTC),
        parent_present=False,
        needs={},
        episode=None,
        history=history,
    )
    return state.to_dict()
