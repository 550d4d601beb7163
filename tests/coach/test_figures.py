"""Nightly figures, rolling means, the trend and the concern baseline."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    ChildConfig,
    Episode,
    Outcome,
    RollingMeans,
    Trend,
    concern_baseline,
    night_figures,
    night_json,
    rolling_means,
    summarise_nights,
    trend,
)
from custom_components.sleep_coach.coach.baseline import tonight_baseline

from .common import LONDON, minutes

CONFIG = ChildConfig(time_zone="Europe/London")
NIGHT = date(2024, 6, 1)


def episode(
    night: date = NIGHT,
    *,
    start_minute: float = 0,
    cry: float = 2,
    settle: float = 4,
    outcome: Outcome = Outcome.SELF_SOOTHED,
    reasons: tuple[str, ...] = (),
    check_ins: int = 0,
) -> Episode:
    """Return an episode of ``night`` starting ``start_minute`` after 20:00 UTC."""
    start = datetime.combine(night, datetime.min.time(), UTC) + timedelta(hours=20)
    start += minutes(start_minute)
    return Episode(night, start, start + minutes(settle), outcome, reasons, minutes(cry), check_ins)


def test_a_night_without_episodes() -> None:
    figures = night_figures(NIGHT, [], CONFIG.need_names)
    assert figures.episodes == 0
    assert figures.cry_minutes == 0
    assert figures.self_soothe_rate is None
    assert figures.median_settle_minutes is None
    assert figures.longest_episode_minutes is None
    assert figures.first_waking is None
    assert figures.last_waking is None
    assert figures.needs_unmet == {"fed": 0, "dry": 0, "safe": 0}


def test_a_night_with_episodes() -> None:
    episodes = [
        episode(
            start_minute=200,
            cry=10,
            settle=12,
            outcome=Outcome.ATTENDED_NEED,
            reasons=("fed", "dry"),
            check_ins=1,
        ),
        episode(start_minute=0, cry=2, settle=4),
        episode(start_minute=100, cry=6, settle=9, outcome=Outcome.EARLY_INTERVENTION, check_ins=2),
        episode(
            start_minute=300,
            cry=8,
            settle=8,
            outcome=Outcome.SETTLED_BEFORE_PARENT,
            reasons=("concern",),
        ),
        episode(NIGHT + timedelta(days=1)),  # another night's
    ]
    figures = night_figures(NIGHT, episodes, CONFIG.need_names)
    assert figures.episodes == 4
    assert figures.cry_minutes == 26
    assert figures.self_soothed == 1
    assert figures.self_soothe_rate == 0.25
    assert figures.check_ins == 3
    assert figures.interventions == 2
    assert figures.early_interventions == 1
    assert figures.needs_unmet == {"fed": 1, "dry": 1, "safe": 0}
    assert figures.concerns == 1
    assert figures.median_settle_minutes == 8.5
    assert figures.longest_episode_minutes == 12
    assert figures.first_waking == episodes[1].start
    assert figures.last_waking == episodes[3].start


def test_rolling_means_pool_the_rate() -> None:
    nights = [
        night_figures(NIGHT, [episode()], CONFIG.need_names),
        night_figures(
            NIGHT, [episode(), episode(outcome=Outcome.ATTENDED_NEED)] * 2, CONFIG.need_names
        ),
        night_figures(NIGHT, [], CONFIG.need_names),
    ]
    rolling = rolling_means(nights)
    assert rolling.nights == 3
    assert rolling.episodes == pytest.approx(5 / 3)
    assert rolling.self_soothe_rate == 3 / 5
    assert rolling_means(nights[2:]).self_soothe_rate is None


def means(cry: float, rate: float | None) -> RollingMeans:
    """Return weekly means with the two figures the trend looks at."""
    return RollingMeans(7, 2, cry, rate, 0, 0, 0)


@pytest.mark.parametrize(
    ("recent", "previous", "expected"),
    [
        (means(40, 0.5), means(50, 0.5), Trend.IMPROVING),  # cry down exactly 20%
        (means(41, 0.5), means(50, 0.5), Trend.STEADY),
        (means(60, 0.5), means(50, 0.5), Trend.WORSENING),
        (means(5, 0.5), means(10, 0.5), Trend.IMPROVING),  # 50%, and exactly 5 minutes
        (means(6, 0.5), means(10, 0.5), Trend.STEADY),  # 40% but under 5 minutes
        (means(5, None), means(0, None), Trend.WORSENING),
        (means(50, 0.6), means(50, 0.5), Trend.IMPROVING),  # exactly 10 points
        (means(50, 0.41), means(50, 0.5), Trend.STEADY),
        (means(50, 0.4), means(50, 0.5), Trend.WORSENING),
        (means(40, 0.3), means(50, 0.5), Trend.STEADY),  # better and worse
        (means(40, 0.6), means(50, 0.5), Trend.IMPROVING),
        (means(50, 0.9), means(50, None), Trend.STEADY),
    ],
)
def test_trend_rule(recent: RollingMeans, previous: RollingMeans, expected: Trend) -> None:
    assert trend(recent, previous) is expected


def test_summary_of_a_fortnight() -> None:
    first = date(2024, 5, 1)
    nights = [first + timedelta(days=offset) for offset in range(15)]
    # The first week cries 20 minutes a night, the second 10.
    episodes = [
        episode(night, cry=20 if night < first + timedelta(days=7) else 10) for night in nights
    ]
    reports = summarise_nights(episodes, CONFIG, reversed(nights))
    assert [report.figures.night for report in reports] == nights
    assert [report.trend for report in reports] == [None] * 13 + [Trend.IMPROVING] * 2
    assert reports[6].rolling.cry_minutes == 20
    assert reports[6].rolling.nights == 7
    assert reports[0].rolling.nights == 1


def test_a_gap_in_the_nights_holds_the_trend_back() -> None:
    first = date(2024, 5, 1)
    nights = [first + timedelta(days=offset) for offset in range(16) if offset != 1]
    reports = summarise_nights([], CONFIG, nights)
    # May 15 still has the missing May 2 in its previous week; May 16 no longer does.
    assert [report.trend for report in reports][-2:] == [None, Trend.STEADY]
    assert reports[5].rolling.nights == 6


def test_night_json() -> None:
    (report,) = summarise_nights([episode(cry=2 / 3)], CONFIG, [NIGHT])
    data = night_json(report, LONDON)
    assert data["cry_minutes"] == 0.67
    assert data["first_waking"] == "2024-06-01T21:00:00+01:00"
    assert data["trend"] is None
    assert data["rolling_7_nights"] == {
        "nights": 1,
        "episodes": 1.0,
        "cry_minutes": 0.67,
        "self_soothe_rate": 1.0,
        "check_ins": 0.0,
        "interventions": 0.0,
        "early_interventions": 0.0,
    }


class TestBaseline:
    def test_needs_five_self_soothed_episodes_in_fourteen_nights(self) -> None:
        episodes = [episode(NIGHT - timedelta(days=days), cry=3) for days in (1, 2, 3, 14)]
        episodes += [
            episode(NIGHT - timedelta(days=15), cry=3),  # too old
            episode(NIGHT, cry=3),  # tonight does not count
            episode(NIGHT - timedelta(days=1), cry=3, outcome=Outcome.EARLY_INTERVENTION),
        ]
        assert concern_baseline(episodes, NIGHT) is None
        episodes.append(episode(NIGHT - timedelta(days=5), cry=3))
        baseline = concern_baseline(episodes, NIGHT)
        assert baseline is not None
        assert baseline.episodes == 5
        assert baseline.p90_cry_time == minutes(3)
        assert baseline.threshold == minutes(6)

    def test_tonight_baseline_answers_as_the_baseline_does(self) -> None:
        too_old = [episode(NIGHT - timedelta(days=days), cry=9) for days in (16, 15)]
        counted = [episode(NIGHT - timedelta(days=days), cry=days) for days in range(14, 0, -1)]
        tonight = [episode(NIGHT, cry=30), episode(NIGHT + timedelta(days=1), cry=30)]
        history = (*too_old, *counted, *tonight)
        expected = concern_baseline(history, NIGHT)
        assert expected is not None
        assert tonight_baseline(history, NIGHT) == expected
        # Later in the night, with more of tonight's episodes and the oldest forgotten, the
        # answer is the one the night started with.
        later = (*counted, *tonight, episode(NIGHT, cry=45))
        assert tonight_baseline(later, NIGHT) == expected
        # A history out of time order still gets the baseline's own answer.
        shuffled = (*tonight, *reversed(counted), *too_old)
        assert tonight_baseline(shuffled, NIGHT) == concern_baseline(shuffled, NIGHT)
        assert tonight_baseline((), NIGHT) is None

    def test_never_below_five_minutes(self) -> None:
        episodes = [episode(NIGHT - timedelta(days=days), cry=1) for days in range(1, 8)]
        baseline = concern_baseline(episodes, NIGHT)
        assert baseline is not None
        assert baseline.threshold == minutes(5)

    def test_ninetieth_percentile_interpolates(self) -> None:
        cries = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20]
        episodes = [episode(NIGHT - timedelta(days=1), cry=cry) for cry in cries]
        baseline = concern_baseline(episodes, NIGHT)
        assert baseline is not None
        assert baseline.p90_cry_time == minutes(10.1)
        assert baseline.threshold == minutes(20.2)
