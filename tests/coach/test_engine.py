"""The coaching cycle, rule by rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    CheckInDue,
    Coach,
    CoachState,
    Effect,
    Episode,
    EpisodeStarted,
    InputError,
    Mode,
    NeedsAttention,
    NeedSpec,
    NightEnded,
    NightStarted,
    Outcome,
    SelfSootheStarted,
    Settled,
    Signal,
    cry_time,
)

from .common import CONFIG, LONDON, configured, kinds, local, minutes, ready_coach


def settled(effects: Sequence[Effect]) -> Episode:
    """Return the one episode that settled among ``effects``."""
    (episode,) = [effect.episode for effect in effects if isinstance(effect, Settled)]
    return episode


def self_soothed_history(night: date, cry_minutes: list[float]) -> tuple[Episode, ...]:
    """Return self-soothed episodes on the nights before ``night``, one per cry time."""
    episodes = []
    for days_before, cry in enumerate(cry_minutes, start=1):
        start = datetime.combine(night - timedelta(days=days_before), datetime.min.time(), UTC)
        episodes.append(
            Episode(
                night=night - timedelta(days=days_before),
                start=start,
                end=start + minutes(cry),
                outcome=Outcome.SELF_SOOTHED,
                reasons=(),
                cry_time=minutes(cry),
                check_ins=0,
            )
        )
    return tuple(episodes)


def with_history(coach: Coach, history: tuple[Episode, ...]) -> Coach:
    """Return a coach like ``coach`` that remembers ``history``."""
    return Coach(coach.config, replace(coach.state, history=history))


class TestStart:
    def test_daytime_start_waits_for_the_night(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-01 12:00"))
        assert coach.status().mode is Mode.DAYTIME
        assert coach.next_wakeup() == local("2024-06-01 19:00")

    def test_night_start_cannot_hear_the_baby_yet(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-01 23:00"))
        status = coach.status()
        assert status.mode is Mode.NEEDS_ATTENTION
        assert status.reasons == ("source_unavailable",)
        assert status.night == date(2024, 6, 1)

    def test_night_begins_with_an_effect(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-01 12:00"))
        coach.cry(local("2024-06-01 12:00"), crying=False)
        effects = coach.tick(local("2024-06-01 19:00"))
        assert effects == [
            NightStarted(local("2024-06-01 19:00").astimezone(UTC), date(2024, 6, 1))
        ]
        assert coach.status().mode is Mode.IDLE

    def test_night_without_a_cry_source_needs_attention(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-01 12:00"))
        effects = coach.tick(local("2024-06-01 19:30"))
        assert kinds(effects) == ["night_started", "needs_attention"]
        assert effects[1] == NeedsAttention(
            local("2024-06-01 19:00").astimezone(UTC), ("source_unavailable",)
        )

    def test_times_are_kept_in_utc(self) -> None:
        coach = Coach.start(CONFIG, local("2024-06-01 12:00"))
        assert coach.state.clock.tzinfo is UTC


class TestDebounce:
    def test_short_cry_starts_no_episode(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        assert coach.next_wakeup() == local("2024-06-01 20:00:20")
        assert coach.cry(local("2024-06-01 20:00:19"), crying=False) == []
        assert coach.status().mode is Mode.IDLE

    def test_long_cry_starts_an_episode_at_its_first_signal(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        effects = coach.tick(local("2024-06-01 20:00:20"))
        start = local("2024-06-01 20:00").astimezone(UTC)
        assert effects == [
            EpisodeStarted(local("2024-06-01 20:00:20").astimezone(UTC), start, date(2024, 6, 1)),
            SelfSootheStarted(
                local("2024-06-01 20:00:20").astimezone(UTC), start, start + minutes(5)
            ),
        ]
        assert coach.status().episode_start == start

    def test_repeated_cry_reports_change_nothing(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:00:10"), crying=True)
        assert coach.next_wakeup() == local("2024-06-01 20:00:20")

    def test_zero_minimum_starts_at_once(self) -> None:
        coach = ready_coach(configured(min_cry=timedelta(0)))
        assert kinds(coach.cry(local("2024-06-01 20:00"), crying=True)) == [
            "episode_started",
            "self_soothe_started",
        ]

    def test_a_cry_counted_after_its_first_wait_is_due_for_a_check_in_at_once(self) -> None:
        # The wait counts from the cry's start, so it is over by the time the cry counts.
        coach = ready_coach(configured(min_cry=minutes(6)))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        effects = coach.tick(local("2024-06-01 20:06"))
        assert kinds(effects) == ["episode_started", "check_in_due"]
        assert coach.status().mode is Mode.CHECK_IN_DUE
        assert coach.status().deadline == local("2024-06-01 20:05")

    def test_crying_when_the_night_begins_counts_from_its_start(self) -> None:
        coach = ready_coach(at=local("2024-06-01 18:00"))
        coach.cry(local("2024-06-01 18:50"), crying=True)
        effects = coach.tick(local("2024-06-01 19:01"))
        assert kinds(effects) == ["night_started", "episode_started", "self_soothe_started"]
        assert effects[1] == EpisodeStarted(
            local("2024-06-01 19:00:20").astimezone(UTC),
            local("2024-06-01 19:00").astimezone(UTC),
            date(2024, 6, 1),
        )

    def test_daytime_crying_is_ignored(self) -> None:
        coach = ready_coach(at=local("2024-06-01 12:00"))
        assert coach.cry(local("2024-06-01 13:00"), crying=True) == []
        assert coach.tick(local("2024-06-01 14:00")) == []
        assert coach.status().mode is Mode.DAYTIME


class TestSelfSoothing:
    def test_quiet_for_the_settle_period_ends_the_episode(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:02"), crying=False)
        coach.cry(local("2024-06-01 20:04"), crying=True)  # a gap shorter than settle
        coach.cry(local("2024-06-01 20:04:30"), crying=False)
        assert coach.next_wakeup() == local("2024-06-01 20:07:30")
        episode = settled(coach.tick(local("2024-06-01 20:07:30")))
        assert episode.start == local("2024-06-01 20:00")
        assert episode.end == local("2024-06-01 20:04:30")
        assert episode.cry_time == minutes(2.5)
        assert episode.outcome is Outcome.SELF_SOOTHED
        assert episode.reasons == ()
        assert episode.check_ins == 0
        assert coach.status().mode is Mode.IDLE

    def test_deadline_while_crying_makes_a_check_in_due(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        effects = coach.tick(local("2024-06-01 20:06"))
        deadline = local("2024-06-01 20:05").astimezone(UTC)
        assert effects[-1] == CheckInDue(deadline, deadline)
        status = coach.status()
        assert status.mode is Mode.CHECK_IN_DUE
        assert status.deadline == deadline
        # Nothing is scheduled until the baby goes quiet or a parent comes.
        assert coach.next_wakeup() is None

    def test_deadline_while_quiet_waits_for_the_next_cry(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:04"), crying=False)
        assert coach.tick(local("2024-06-01 20:06")) == []
        assert coach.status().mode is Mode.SELF_SOOTHING
        effects = coach.cry(local("2024-06-01 20:06"), crying=True)
        assert kinds(effects) == ["check_in_due"]

    def test_waits_never_exceed_the_cap(self) -> None:
        coach = ready_coach(configured(waits=(minutes(20),), cap=minutes(12)))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.status().deadline == local("2024-06-01 20:12")

    def test_check_in_visit_and_next_waits(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:05"))
        assert kinds(coach.parent_arrived(local("2024-06-01 20:06"))) == ["parent_arrived"]
        assert coach.status().mode is Mode.ATTENDING
        assert coach.status().deadline is None
        effects = coach.parent_left(local("2024-06-01 20:08"))
        assert kinds(effects) == ["parent_left", "self_soothe_started"]
        assert coach.status().deadline == local("2024-06-01 20:18")  # the second wait: 10 min
        coach.tick(local("2024-06-01 20:18"))
        coach.parent_arrived(local("2024-06-01 20:19"))
        coach.parent_left(local("2024-06-01 20:20"))
        assert coach.status().deadline == local("2024-06-01 20:35")  # the third: 15 min
        coach.tick(local("2024-06-01 20:35"))
        coach.parent_arrived(local("2024-06-01 20:36"))
        coach.parent_left(local("2024-06-01 20:37"))
        assert coach.status().deadline == local("2024-06-01 20:52")  # the last repeats
        coach.cry(local("2024-06-01 20:40"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:43")))
        assert episode.outcome is Outcome.SETTLED_AFTER_CHECK_IN
        assert episode.check_ins == 3
        assert episode.cry_time == minutes(40)

    def test_parent_during_the_wait_is_an_early_intervention(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.parent_arrived(local("2024-06-01 20:02"))
        coach.cry(local("2024-06-01 20:03"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:06")))
        assert episode.outcome is Outcome.EARLY_INTERVENTION
        assert coach.status().mode is Mode.ATTENDING  # the parent is still there

    def test_episode_with_a_parent_already_there(self) -> None:
        coach = ready_coach()
        coach.parent_arrived(local("2024-06-01 20:00"))
        effects = coach.cry(local("2024-06-01 20:01"), crying=True)
        effects += coach.tick(local("2024-06-01 20:02"))
        assert kinds(effects) == ["episode_started"]
        assert coach.status().mode is Mode.ATTENDING
        coach.cry(local("2024-06-01 20:03"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:06")))
        assert episode.outcome is Outcome.EARLY_INTERVENTION
        assert episode.check_ins == 1

    def test_leaving_a_quiet_baby_starts_the_next_wait(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.parent_arrived(local("2024-06-01 20:01"))
        coach.cry(local("2024-06-01 20:02"), crying=False)
        assert kinds(coach.parent_left(local("2024-06-01 20:03"))) == [
            "parent_left",
            "self_soothe_started",
        ]
        episode = settled(coach.tick(local("2024-06-01 20:05")))
        assert episode.end == local("2024-06-01 20:02")

    def test_presence_reports_are_idempotent(self) -> None:
        coach = ready_coach()
        assert coach.parent_left(local("2024-06-01 20:00")) == []
        coach.parent_arrived(local("2024-06-01 20:01"))
        assert coach.parent_arrived(local("2024-06-01 20:02")) == []

    def test_presence_in_daytime_is_reported_but_changes_nothing(self) -> None:
        coach = ready_coach(at=local("2024-06-01 12:00"))
        assert kinds(coach.parent_arrived(local("2024-06-01 12:01"))) == ["parent_arrived"]
        assert coach.status().mode is Mode.DAYTIME
        assert kinds(coach.parent_left(local("2024-06-01 12:02"))) == ["parent_left"]


class TestNeeds:
    def test_unknown_need_means_attention(self) -> None:
        coach = ready_coach(needs=("dry", "safe"))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        effects = coach.tick(local("2024-06-01 20:01"))
        assert effects[-1] == NeedsAttention(local("2024-06-01 20:00:20").astimezone(UTC), ("fed",))
        assert coach.status().reasons == ("fed",)
        assert coach.status().deadline is None

    def test_every_unmet_need_is_a_reason(self) -> None:
        coach = ready_coach(needs=())
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.status().reasons == ("fed", "dry", "safe")

    def test_attended_need(self) -> None:
        coach = ready_coach(needs=("dry", "safe"))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.parent_arrived(local("2024-06-01 20:02"))
        coach.need(local("2024-06-01 20:10"), "fed", met=True)
        coach.cry(local("2024-06-01 20:20"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:23")))
        assert episode.outcome is Outcome.ATTENDED_NEED
        assert episode.reasons == ("fed",)

    def test_settled_before_the_parent_came(self) -> None:
        coach = ready_coach(needs=("dry", "safe"))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:01"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:04")))
        assert episode.outcome is Outcome.SETTLED_BEFORE_PARENT

    def test_a_need_expiring_during_the_wait_escalates_at_once(self) -> None:
        coach = ready_coach()
        coach.need(local("2024-06-01 19:00"), "fed", met=True)
        coach.need(local("2024-06-01 19:58"), "dry", met=True)
        coach.cry(local("2024-06-01 21:58"), crying=True)  # fed expires at 22:00
        assert coach.status().mode is Mode.IDLE
        coach.tick(local("2024-06-01 21:59"))
        assert coach.next_wakeup() == local("2024-06-01 22:00")
        effects = coach.tick(local("2024-06-01 22:01"))
        assert effects == [NeedsAttention(local("2024-06-01 22:00").astimezone(UTC), ("fed",))]

    def test_an_explicit_unmet_escalates(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        effects = coach.need(local("2024-06-01 20:02"), "safe", met=False)
        assert kinds(effects) == ["needs_attention"]
        assert coach.status().reasons == ("safe",)

    def test_confirming_a_need_during_the_wait_keeps_it(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.need(local("2024-06-01 20:02"), "fed", met=True) == []
        assert coach.status().mode is Mode.SELF_SOOTHING

    def test_custom_needs(self) -> None:
        config = configured(
            needs=(*CONFIG.needs, NeedSpec("room_ok"), NeedSpec("medicine", minutes(60)))
        )
        coach = ready_coach(config, needs=("fed", "dry", "safe", "room_ok"))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.status().reasons == ("medicine",)

    def test_a_need_confirmed_earlier_counts_from_then(self) -> None:
        coach = ready_coach(needs=("dry", "safe"))
        # Logged at 20:00, the feed was at 17:30: fed holds until 20:30 only.
        coach.need(local("2024-06-01 20:00"), "fed", met=True, since=local("2024-06-01 17:30"))
        coach.cry(local("2024-06-01 20:40"), crying=True)
        coach.tick(local("2024-06-01 20:41"))
        assert coach.status().reasons == ("fed",)
        assert coach.state.needs["fed"].at == local("2024-06-01 17:30")

    def test_a_need_confirmed_in_the_future_is_refused(self) -> None:
        coach = ready_coach()
        before = coach.state
        with pytest.raises(InputError) as caught:
            coach.need(local("2024-06-01 20:00"), "fed", met=True, since=local("2024-06-01 20:05"))
        assert caught.value.code == "need_in_future"
        assert coach.state == before

    def test_unknown_need_name_is_refused(self) -> None:
        coach = ready_coach()
        with pytest.raises(InputError) as caught:
            coach.need(local("2024-06-01 20:00"), "cuddled", met=True)
        assert caught.value.code == "need_unknown"
        assert caught.value.placeholders == {"need": "cuddled"}


class TestAge:
    def test_young_infant_needs_attention(self) -> None:
        coach = ready_coach(configured(birth_date=date(2024, 3, 1)))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.status().reasons == ("age",)

    def test_parent_for_a_young_infant_attends_a_need(self) -> None:
        coach = ready_coach(configured(birth_date=None))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.parent_arrived(local("2024-06-01 20:01"))
        coach.cry(local("2024-06-01 20:02"), crying=False)
        assert settled(coach.tick(local("2024-06-01 20:05"))).outcome is Outcome.ATTENDED_NEED

    def test_opt_in_allows_a_wait(self) -> None:
        coach = ready_coach(configured(birth_date=date(2024, 3, 1), allow_under_16_weeks=True))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.status().mode is Mode.SELF_SOOTHING


class TestConcern:
    def coach(self) -> Coach:
        # Self-soothed cry times of 1..5 minutes: p90 = 4.6 min, threshold 9.2 min.
        history = self_soothed_history(date(2024, 6, 1), [1, 2, 3, 4, 5])
        return with_history(ready_coach(configured(waits=(minutes(15),))), history)

    def test_crying_far_beyond_the_baseline_escalates_before_the_deadline(self) -> None:
        coach = self.coach()
        assert coach.baseline() is not None
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:05"), crying=False)
        coach.cry(local("2024-06-01 20:06"), crying=True)
        # 5 minutes cried; 4.2 more reach the threshold.
        assert coach.next_wakeup() == local("2024-06-01 20:10:12")
        effects = coach.tick(local("2024-06-01 20:11"))
        assert effects == [
            NeedsAttention(local("2024-06-01 20:10:12").astimezone(UTC), ("concern",))
        ]
        coach.parent_arrived(local("2024-06-01 20:12"))
        coach.cry(local("2024-06-01 20:13"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:16")))
        assert episode.outcome is Outcome.ATTENDED_CONCERN
        assert episode.reasons == ("concern",)

    def test_concern_stays_raised_after_the_parent_leaves(self) -> None:
        coach = self.coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:10"))
        coach.parent_arrived(local("2024-06-01 20:11"))
        effects = coach.parent_left(local("2024-06-01 20:12"))
        assert kinds(effects) == ["parent_left", "needs_attention"]

    def test_no_baseline_without_five_episodes(self) -> None:
        history = self_soothed_history(date(2024, 6, 1), [1, 2, 3, 4])
        coach = with_history(ready_coach(), history)
        assert coach.baseline() is None


class TestSourceUnavailable:
    def test_during_a_wait_it_escalates(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        effects = coach.source_unavailable(local("2024-06-01 20:02"))
        assert kinds(effects) == ["needs_attention"]
        assert coach.status().reasons == ("source_unavailable",)
        coach.parent_arrived(local("2024-06-01 20:03"))
        coach.cry(local("2024-06-01 20:04"), crying=False)
        episode = settled(coach.tick(local("2024-06-01 20:07")))
        assert episode.outcome is Outcome.ATTENDED_CONCERN
        assert episode.cry_time == minutes(2)

    def test_unavailable_source_never_settles_an_episode(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        coach.source_unavailable(local("2024-06-01 20:02"))
        assert coach.tick(local("2024-06-01 21:00")) == []
        assert coach.status().mode is Mode.NEEDS_ATTENTION

    def test_at_night_without_an_episode(self) -> None:
        coach = ready_coach()
        assert kinds(coach.source_unavailable(local("2024-06-01 20:00"))) == ["needs_attention"]
        assert coach.cry(local("2024-06-01 20:05"), crying=False) == []
        assert coach.status().mode is Mode.IDLE

    def test_parent_with_an_unheard_baby(self) -> None:
        coach = ready_coach()
        coach.source_unavailable(local("2024-06-01 20:00"))
        coach.parent_arrived(local("2024-06-01 20:01"))
        assert coach.status().mode is Mode.ATTENDING
        assert kinds(coach.parent_left(local("2024-06-01 20:02"))) == [
            "parent_left",
            "needs_attention",
        ]


class TestNightBoundaries:
    def test_night_ends_in_the_morning(self) -> None:
        coach = ready_coach()
        effects = coach.tick(local("2024-06-02 08:00"))
        assert effects == [NightEnded(local("2024-06-02 07:00").astimezone(UTC), date(2024, 6, 1))]
        assert coach.status().mode is Mode.DAYTIME

    def test_an_episode_keeps_the_night_open(self) -> None:
        coach = ready_coach(at=local("2024-06-02 06:00"))
        coach.cry(local("2024-06-02 06:58"), crying=True)
        coach.cry(local("2024-06-02 07:10"), crying=False)
        effects = coach.tick(local("2024-06-02 08:00"))
        assert kinds(effects) == ["settled", "night_ended"]
        assert effects[1].at == local("2024-06-02 07:13")

    def test_a_cry_pending_at_the_end_of_the_night_still_counts(self) -> None:
        coach = ready_coach(at=local("2024-06-02 06:00"))
        coach.cry(local("2024-06-02 06:59:50"), crying=True)
        effects = coach.tick(local("2024-06-02 07:00:30"))
        assert kinds(effects) == ["episode_started", "self_soothe_started"]
        assert coach.status().night == date(2024, 6, 1)

    def test_a_short_cry_at_the_end_of_the_night_ends_it(self) -> None:
        coach = ready_coach(at=local("2024-06-02 06:00"))
        coach.cry(local("2024-06-02 06:59:50"), crying=True)
        effects = coach.cry(local("2024-06-02 07:00:05"), crying=False)
        assert effects == [
            NightEnded(local("2024-06-02 07:00:05").astimezone(UTC), date(2024, 6, 1))
        ]

    def test_an_episode_outlasting_the_day_hands_over_to_the_next_night(self) -> None:
        coach = ready_coach(at=local("2024-06-02 06:00"))
        coach.cry(local("2024-06-02 06:30"), crying=True)  # a stuck sensor, say
        coach.parent_arrived(local("2024-06-02 06:40"))
        coach.cry(local("2024-06-02 19:30"), crying=False)
        effects = coach.tick(local("2024-06-02 20:00"))
        assert kinds(effects) == ["settled", "night_ended", "night_started"]
        assert effects[2] == NightStarted(
            local("2024-06-02 19:33").astimezone(UTC), date(2024, 6, 2)
        )


class TestFinish:
    def test_quiet_baby_ends_when_the_quiet_began(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:02"), crying=False)
        episode = settled(coach.finish(local("2024-06-01 20:03")))
        assert episode.end == local("2024-06-01 20:02")
        assert episode.outcome is Outcome.SELF_SOOTHED

    def test_crying_baby_ends_at_the_finish(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        episode = settled(coach.finish(local("2024-06-01 20:03")))
        assert episode.end == local("2024-06-01 20:03")
        assert episode.cry_time == minutes(3)

    def test_nothing_open_nothing_to_close(self) -> None:
        coach = ready_coach(at=local("2024-06-01 12:00"))
        assert coach.finish(local("2024-06-01 12:03")) == []

    def test_afterwards_the_coach_hears_nothing(self) -> None:
        coach = ready_coach(configured(min_cry=timedelta(0)))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        effects = coach.finish(local("2024-06-01 20:03"))
        assert kinds(effects) == ["settled", "needs_attention"]
        assert coach.status().reasons == ("source_unavailable",)


class TestTime:
    def test_time_must_not_go_backwards(self) -> None:
        coach = ready_coach()
        with pytest.raises(InputError) as caught:
            coach.tick(local("2024-06-01 18:59"))
        assert caught.value.code == "time_went_backwards"

    def test_time_needs_an_offset(self) -> None:
        with pytest.raises(InputError) as caught:
            ready_coach().tick(datetime(2024, 6, 1, 20))  # noqa: DTZ001
        assert caught.value.code == "time_not_aware"

    def test_effects_do_not_depend_on_ticks(self) -> None:
        def run(*, ticks: bool) -> list[Effect]:
            coach = ready_coach()
            effects: list[Effect] = []
            for minute, crying in ((60, True), (68, False), (69, True), (80, False)):
                if ticks:
                    effects += coach.tick(local("2024-06-01 20:00") + minutes(minute - 60.5))
                effects += coach.cry(local("2024-06-01 19:00") + minutes(minute), crying=crying)
            return effects + coach.tick(local("2024-06-01 22:00"))

        assert run(ticks=True) == run(ticks=False)


class TestMemory:
    def test_resumes_exactly_with_a_pending_deadline(self) -> None:
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        stored = coach.state.to_dict()
        resumed = Coach(CONFIG, CoachState.from_dict(stored))
        assert resumed.state == coach.state
        assert resumed.next_wakeup() == local("2024-06-01 20:05")
        assert resumed.tick(local("2024-06-01 20:06")) == coach.tick(local("2024-06-01 20:06"))

    def test_history_keeps_fifteen_nights(self) -> None:
        history = self_soothed_history(date(2024, 6, 1), [1] * 20)
        coach = with_history(ready_coach(), history)
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.cry(local("2024-06-01 20:01"), crying=False)
        coach.tick(local("2024-06-01 20:04"))
        nights = sorted({episode.night for episode in coach.state.history})
        assert nights[0] == date(2024, 5, 18)
        assert nights[-1] == date(2024, 6, 1)

    def test_baseline_in_daytime_is_for_the_coming_night(self) -> None:
        history = self_soothed_history(date(2024, 6, 2), [1, 1, 1, 1, 1])
        coach = with_history(ready_coach(at=local("2024-06-02 12:00")), history)
        baseline = coach.baseline()
        assert baseline is not None
        assert baseline.episodes == 5

    def test_recent_nights(self) -> None:
        coach = ready_coach(at=local("2024-05-01 12:00"))
        coach.tick(local("2024-06-01 21:00"))
        reports = coach.recent_nights()
        # Tonight and the 14 nights before it, so last night has its two full weeks.
        assert reports[0].figures.night == date(2024, 5, 18)
        assert reports[-1].figures.night == date(2024, 6, 1)
        assert len(reports) == 15


class TestPureFunctions:
    def test_snapshots_do_not_change(self) -> None:
        coach = ready_coach()
        before = coach.state
        assert kinds(coach.tick(local("2024-06-02 08:00"))) == ["night_ended"]
        assert before.night == date(2024, 6, 1)
        assert coach.state.night is None

    def test_cry_time_without_an_episode(self) -> None:
        assert cry_time(ready_coach().state, local("2024-06-01 20:00")) == timedelta(0)


def test_zone_of_the_test_configuration() -> None:
    assert CONFIG.zone == LONDON


class TestMoreTime:
    def check_in_due(self, needs: tuple[str, ...] = ("fed", "dry", "safe")) -> Coach:
        coach = ready_coach(needs=needs)
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:06"))
        return coach

    def test_a_parent_can_give_the_next_wait_from_a_check_in(self) -> None:
        coach = self.check_in_due()
        assert coach.status().mode is Mode.CHECK_IN_DUE
        assert coach.can_give_more_time()

        effects = coach.more_time(local("2024-06-01 20:07"))

        assert kinds(effects) == ["self_soothe_started"]
        assert coach.status().deadline == local("2024-06-01 20:17")
        assert not coach.can_give_more_time()

    def test_more_time_is_refused_outside_a_check_in(self) -> None:
        coach = ready_coach()
        assert coach.more_time(local("2024-06-01 20:00")) == []
        assert not coach.can_give_more_time()

    def test_an_unmet_need_still_calls_the_parent(self) -> None:
        coach = self.check_in_due()
        coach.need(local("2024-06-01 20:06:30"), "safe", met=False)
        assert not coach.can_give_more_time()
        # Asked anyway (say, from an older notification), the checklist calls the parent.
        assert kinds(coach.more_time(local("2024-06-01 20:07"))) == ["needs_attention"]
        assert coach.status().reasons == ("safe",)

    def test_a_need_expiring_by_the_time_of_the_answer_calls_the_parent(self) -> None:
        coach = ready_coach(at=local("2024-06-01 19:00"))
        coach.need(local("2024-06-01 19:00"), "fed", met=True, since=local("2024-06-01 17:06"))
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:05:30"))
        assert coach.status().mode is Mode.CHECK_IN_DUE
        # Fed runs out at 20:06, before the parent answers.
        effects = coach.more_time(local("2024-06-01 20:07"))
        assert kinds(effects) == ["needs_attention"]


class TestHistory:
    def test_closing_an_episode_forgets_nights_no_figure_needs(self) -> None:
        night = date(2024, 6, 1)
        # Written newest first: the coach puts it in time order.
        coach = with_history(ready_coach(), self_soothed_history(night, [3] * 14))
        assert [kept.night for kept in coach.state.history] == [
            night - timedelta(days=days) for days in range(14, 0, -1)
        ]
        coach.cry(local("2024-06-02 20:00"), crying=True)
        coach.cry(local("2024-06-02 20:01"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 20:05")))
        nights = [kept.night for kept in coach.state.history]
        assert night - timedelta(days=14) not in nights
        assert min(nights) == night - timedelta(days=13)
        assert coach.state.history[-1] == episode

    def test_an_episode_open_in_daytime_still_settles(self) -> None:
        # Only a stored state can hold one (a night ends after its last episode).
        coach = ready_coach()
        coach.cry(local("2024-06-01 20:00"), crying=True)
        coach.tick(local("2024-06-01 20:01"))
        assert coach.state.episode is not None
        morning = replace(
            coach.state,
            clock=local("2024-06-02 07:30").astimezone(UTC),
            night=None,
            signal=Signal.QUIET,
            signal_since=local("2024-06-02 07:29").astimezone(UTC),
        )
        daytime = Coach(coach.config, morning)
        episode = settled(daytime.tick(local("2024-06-02 07:40")))
        assert (episode.start, episode.end) == (
            local("2024-06-01 20:00"),
            local("2024-06-02 07:29"),
        )
        assert daytime.status().mode is Mode.DAYTIME
