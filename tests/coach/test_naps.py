"""Naps, rule by rule: falling asleep, wakings, waits, the longest nap and the night."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from custom_components.sleep_coach.coach import (
    DAY_EFFECTS_KEPT,
    CheckInDue,
    ChildConfig,
    Coach,
    CoachState,
    DayEffect,
    Effect,
    Episode,
    EpisodeKind,
    EpisodeStarted,
    Method,
    Mode,
    Nap,
    NapEnd,
    NapEnded,
    NapStarted,
    NeedsAttention,
    NightStarted,
    Outcome,
    Plan,
    PlanNightStarted,
    SelfSootheStarted,
    Settled,
    SleepWindowOpened,
)

from .common import CONFIG, configured, local, minutes

DAY = date(2024, 6, 2)
NEEDS = ("fed", "dry", "safe")


def utc(text: str) -> datetime:
    """Return a London wall-clock time as an aware UTC datetime."""
    return local(text).astimezone(UTC)


def day_coach(config: ChildConfig = CONFIG, at: str = "2024-06-02 06:00") -> Coach:
    """Return a coach that heard the end of the night of 1 June; every need met at ``at``.

    Fed and dry hold for 3 hours from ``at`` (by default until 09:00).
    """
    coach = Coach.start(config, local(at))
    coach.cry(local(at), crying=False)
    for name in NEEDS:
        coach.need(local(at), name, met=True)
    coach.tick(local("2024-06-02 07:00"))
    return coach


def fresh(coach: Coach, at: str) -> None:
    """Confirm every need at ``at``."""
    for name in NEEDS:
        coach.need(local(at), name, met=True)


def settled(effects: Sequence[object]) -> Episode:
    (episode,) = [effect.episode for effect in effects if isinstance(effect, Settled)]
    return episode


def ended(effects: Sequence[object]) -> Nap:
    (nap,) = [effect.nap for effect in effects if isinstance(effect, NapEnded)]
    return nap


class TestStartAndEnd:
    def test_a_nap_starts_in_the_daytime(self) -> None:
        coach = day_coach()
        assert coach.status().mode is Mode.DAYTIME
        effects = coach.nap_started(local("2024-06-02 08:30"))
        assert effects == [NapStarted(utc("2024-06-02 08:30"), DAY)]
        status = coach.status()
        assert status.mode is Mode.IDLE
        assert status.nap_start == utc("2024-06-02 08:30")
        assert status.nap_asleep is None
        assert status.night is None

    def test_a_nap_cannot_start_at_night_or_twice(self) -> None:
        coach = day_coach()
        coach.tick(local("2024-06-02 20:00"))
        assert coach.nap_started(local("2024-06-02 20:00")) == []
        assert coach.state.day.nap is None
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:30"))
        assert coach.nap_started(local("2024-06-02 08:35")) == []
        assert coach.state.day.nap is not None
        assert coach.state.day.nap.start == utc("2024-06-02 08:30")

    def test_ending_no_nap_changes_nothing(self) -> None:
        coach = day_coach()
        before = coach.state
        assert coach.nap_ended(local("2024-06-02 08:30")) == []
        assert coach.state.day.nap is None
        assert coach.state.day.naps == before.day.naps

    def test_quiet_for_the_settle_time_is_falling_asleep(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 09:00"))
        assert coach.next_wakeup() == utc("2024-06-02 09:03")
        coach.tick(local("2024-06-02 09:03"))
        assert coach.status().nap_asleep == utc("2024-06-02 09:00")
        nap = ended(coach.nap_ended(local("2024-06-02 10:30")))
        assert nap.ended_by is NapEnd.ENDED
        assert nap.asleep == utc("2024-06-02 09:00")
        assert nap.time_to_fall_asleep == timedelta(0)
        assert nap.sleep == minutes(90)
        assert nap.episodes == ()
        assert coach.state.day.naps == (nap,)
        assert coach.status().mode is Mode.DAYTIME

    def test_a_short_cry_delays_falling_asleep(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:02"), crying=True)
        coach.cry(local("2024-06-02 09:02:10"), crying=False)  # too short for an episode
        coach.tick(local("2024-06-02 09:10"))
        assert coach.status().nap_asleep == utc("2024-06-02 09:02:10")

    def test_daytime_crying_after_a_nap_is_ignored_again(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 09:00"))
        coach.nap_ended(local("2024-06-02 10:00"))
        assert coach.cry(local("2024-06-02 10:30"), crying=True) == []
        assert coach.tick(local("2024-06-02 10:40")) == []
        assert coach.status().mode is Mode.DAYTIME

    def test_a_parent_in_the_nursery_during_a_nap_is_attending(self) -> None:
        coach = day_coach()
        coach.parent_arrived(local("2024-06-02 08:58"))
        assert coach.status().mode is Mode.DAYTIME
        coach.nap_started(local("2024-06-02 09:00"))
        assert coach.status().mode is Mode.ATTENDING
        coach.parent_left(local("2024-06-02 09:01"))
        assert coach.status().mode is Mode.IDLE


class TestFailTowardAttention:
    def test_an_unheard_nap_needs_attention(self) -> None:
        coach = day_coach()
        coach.source_unavailable(local("2024-06-02 08:00"))
        effects = coach.nap_started(local("2024-06-02 09:00"))
        assert effects[-1] == NeedsAttention(utc("2024-06-02 09:00"), ("source_unavailable",))
        assert coach.status().reasons == ("source_unavailable",)
        # The coach cannot tell that the baby fell asleep.
        coach.tick(local("2024-06-02 10:00"))
        assert coach.status().nap_asleep is None

    def test_a_young_baby_always_calls_a_parent_in_a_nap(self) -> None:
        coach = day_coach(configured(birth_date=date(2024, 3, 1)))
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:10"), crying=True)
        effects = coach.tick(local("2024-06-02 09:11"))
        assert effects[-1] == NeedsAttention(utc("2024-06-02 09:10:20"), ("age",))

    def test_an_unmet_need_calls_a_parent_in_a_nap(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 09:00"))  # fed and dry ran out at 09:00
        coach.cry(local("2024-06-02 09:10"), crying=True)
        effects = coach.tick(local("2024-06-02 09:11"))
        assert kinds(effects) == ["episode_started", "needs_attention"]
        assert coach.status().reasons == ("fed", "dry")

    def test_a_need_running_out_during_a_nap_wait_escalates(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 08:58"))
        coach.cry(local("2024-06-02 08:58"), crying=True)
        coach.tick(local("2024-06-02 08:58:30"))
        assert coach.status().mode is Mode.SELF_SOOTHING
        effects = coach.tick(local("2024-06-02 09:00"))
        assert effects == [NeedsAttention(utc("2024-06-02 09:00"), ("fed", "dry"))]

    def test_crying_far_beyond_normal_is_a_concern_in_a_nap(self) -> None:
        coach = day_coach(configured(nap_waits=(minutes(10),), nap_cap=minutes(10)))
        history = tuple(
            Episode(
                night=DAY - timedelta(days=days),
                start=utc("2024-06-01 21:00") - timedelta(days=days),
                end=utc("2024-06-01 21:02") - timedelta(days=days),
                outcome=Outcome.SELF_SOOTHED,
                reasons=(),
                cry_time=minutes(2),
                check_ins=0,
            )
            for days in range(1, 6)
        )
        coach = Coach(coach.config, _with_history(coach.state, history))
        fresh(coach, "2024-06-02 09:00")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:00"), crying=True)
        effects = coach.tick(local("2024-06-02 09:06"))
        # Twice the 90th percentile is 4 minutes, so the 5-minute floor applies.
        assert effects[-1] == NeedsAttention(utc("2024-06-02 09:05"), ("concern",))


def _with_history(state: CoachState, history: tuple[Episode, ...]) -> CoachState:
    data = state.to_dict()
    data["history"] = [episode.to_dict() for episode in history]
    return CoachState.from_dict(data)


def naps_ended(coach: Coach) -> list[NapEnded]:
    """Return the naps-ended effects kept since the last call (windows are left out)."""
    return [effect for effect in coach.take_day_effects() if isinstance(effect, NapEnded)]


def kinds(effects: Sequence[Effect | DayEffect]) -> list[str]:
    return [effect.kind.value for effect in effects]


class TestFallingAsleepAndWakings:
    def test_crying_at_the_start_is_falling_asleep(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:00"), crying=True)
        effects = coach.tick(local("2024-06-02 09:00:20"))
        start = utc("2024-06-02 09:00")
        assert effects == [
            EpisodeStarted(utc("2024-06-02 09:00:20"), start, DAY),
            SelfSootheStarted(utc("2024-06-02 09:00:20"), start, start + minutes(3)),
        ]
        coach.cry(local("2024-06-02 09:02"), crying=False)
        assert coach.status().nap_asleep is None
        episode = settled(coach.tick(local("2024-06-02 09:05")))
        assert episode.kind is EpisodeKind.FALLING_ASLEEP
        assert episode.outcome is Outcome.SELF_SOOTHED
        assert episode.night == DAY
        assert coach.status().nap_asleep == utc("2024-06-02 09:02")
        nap = ended(coach.nap_ended(local("2024-06-02 10:02")))
        assert nap.time_to_fall_asleep == minutes(2)
        assert nap.falling_asleep_episodes == (episode,)
        assert nap.wakings == ()
        assert nap.sleep == minutes(60)

    def test_crying_when_the_nap_starts_counts_from_its_start(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.cry(local("2024-06-02 08:55"), crying=True)
        coach.nap_started(local("2024-06-02 09:00"))
        effects = coach.tick(local("2024-06-02 09:01"))
        assert effects[0] == EpisodeStarted(
            utc("2024-06-02 09:00:20"), utc("2024-06-02 09:00"), DAY
        )

    def test_a_waking_after_falling_asleep_is_not_sleep(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:40"), crying=True)
        coach.cry(local("2024-06-02 09:42"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 09:45")))
        assert episode.kind is EpisodeKind.NAP_WAKING
        assert episode.outcome is Outcome.SELF_SOOTHED
        nap = ended(coach.nap_ended(local("2024-06-02 10:00")))
        assert nap.wakings == (episode,)
        assert nap.sleep == minutes(58)
        assert nap.awake_before == minutes(120)  # awake from 07:00, asleep at 09:00

    def test_ending_a_nap_while_falling_asleep_is_a_nap_without_sleep(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:00"), crying=True)
        coach.tick(local("2024-06-02 09:01"))
        effects = coach.nap_ended(local("2024-06-02 09:02"))
        assert kinds(effects) == ["settled", "nap_ended"]
        episode = settled(effects)
        assert episode.kind is EpisodeKind.FALLING_ASLEEP
        assert episode.end == utc("2024-06-02 09:02")
        nap = ended(effects)
        assert nap.asleep is None
        assert nap.sleep == timedelta(0)
        assert nap.time_to_fall_asleep is None
        assert nap.awake_before is None
        # The baby has been awake since the morning all along.
        assert coach.awake_since() == utc("2024-06-02 07:00")

    def test_ending_a_nap_in_a_quiet_spell_ends_the_episode_when_it_began(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:00"), crying=True)
        coach.cry(local("2024-06-02 09:02"), crying=False)
        effects = coach.nap_ended(local("2024-06-02 09:03"))
        assert settled(effects).end == utc("2024-06-02 09:02")
        assert ended(effects).asleep is None

    def test_ending_a_nap_during_a_waking_keeps_the_sleep_before_it(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 08:50")
        coach.nap_started(local("2024-06-02 09:00"))
        coach.cry(local("2024-06-02 09:40"), crying=True)
        nap = ended(coach.nap_ended(local("2024-06-02 09:45")))
        (waking,) = nap.wakings
        assert waking.end == utc("2024-06-02 09:45")
        assert nap.sleep == minutes(40)
        assert coach.awake_since() == utc("2024-06-02 09:45")


class TestNapWaits:
    def nap_cry(self, coach: Coach, start: str = "2024-06-02 09:00") -> list[Effect]:
        """Start a nap at ``start`` with every need fresh and the baby crying."""
        fresh(coach, start)
        coach.nap_started(local(start))
        coach.cry(local(start), crying=True)
        return coach.tick(local(start) + timedelta(seconds=20))

    def test_nap_waits_grow_and_repeat(self) -> None:
        coach = day_coach()
        self.nap_cry(coach)
        assert coach.status().deadline == utc("2024-06-02 09:03")
        effects = coach.tick(local("2024-06-02 09:03"))
        assert effects == [CheckInDue(utc("2024-06-02 09:03"), utc("2024-06-02 09:03"))]
        coach.parent_arrived(local("2024-06-02 09:04"))
        coach.parent_left(local("2024-06-02 09:05"))
        assert coach.status().deadline == utc("2024-06-02 09:10")
        assert coach.can_give_more_time() is False
        coach.tick(local("2024-06-02 09:10"))
        assert coach.can_give_more_time()
        coach.more_time(local("2024-06-02 09:11"))
        assert coach.status().deadline == utc("2024-06-02 09:18")
        coach.tick(local("2024-06-02 09:18"))
        coach.more_time(local("2024-06-02 09:18"))
        assert coach.status().deadline == utc("2024-06-02 09:25")  # the last one repeats
        coach.cry(local("2024-06-02 09:20"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 09:23")))
        assert episode.outcome is Outcome.SETTLED_AFTER_CHECK_IN
        assert episode.check_ins == 1

    def test_no_nap_wait_is_longer_than_the_nap_cap_or_the_cap(self) -> None:
        coach = day_coach(configured(nap_waits=(minutes(12),), nap_cap=minutes(8)))
        self.nap_cry(coach)
        assert coach.status().deadline == utc("2024-06-02 09:08")
        coach = day_coach(configured(nap_waits=(minutes(12),), nap_cap=minutes(20), cap=minutes(6)))
        self.nap_cry(coach)
        assert coach.status().deadline == utc("2024-06-02 09:06")

    @pytest.mark.parametrize(
        ("method", "first_night", "paused", "deadlines"),
        [
            # Graduated, plan night 1 (3, 5, 10): each wait within the nap cap of 10.
            (Method.GRADUATED, DAY, False, ["09:03", "09:10"]),
            # A plan that has not begun yet, a paused one and a fixed one give nap waits.
            (Method.GRADUATED, DAY + timedelta(days=1), False, ["09:03", "09:10"]),
            (Method.GRADUATED, DAY, True, ["09:03", "09:10"]),
            (Method.FIXED, DAY, False, ["09:03", "09:10"]),
        ],
    )
    def test_a_plan_gives_its_waits_to_the_day_before_its_night(
        self, method: Method, first_night: date, paused: bool, deadlines: list[str]
    ) -> None:
        coach = day_coach(configured(nap_waits=(minutes(3), minutes(5))))
        coach.start_plan(local("2024-06-02 08:00"), Plan(method, first_night))
        if paused:
            coach.pause_plan(local("2024-06-02 08:00"))
        self.nap_cry(coach)
        assert coach.status().deadline == utc(f"2024-06-02 {deadlines[0]}")
        coach.tick(local("2024-06-02 09:03"))
        coach.more_time(local("2024-06-02 09:05"))
        assert coach.status().deadline == utc(f"2024-06-02 {deadlines[1]}")

    def test_a_late_plan_night_is_clipped_to_the_nap_cap(self) -> None:
        custom = Plan(Method.CUSTOM, DAY, ((minutes(14), minutes(4)),))
        coach = day_coach(configured(cap=minutes(15), nap_cap=minutes(10)))
        coach.start_plan(local("2024-06-02 08:00"), custom)
        self.nap_cry(coach)
        assert coach.status().deadline == utc("2024-06-02 09:10")
        coach.tick(local("2024-06-02 09:10"))
        coach.more_time(local("2024-06-02 09:10"))
        assert coach.status().deadline == utc("2024-06-02 09:14")

    def test_a_gradual_retreat_parent_stays_at_naps_too(self) -> None:
        coach = day_coach()
        coach.start_plan(local("2024-06-02 08:00"), Plan(Method.GRADUAL_RETREAT, DAY))
        fresh(coach, "2024-06-02 08:59")
        coach.parent_arrived(local("2024-06-02 08:59"))
        self.nap_cry(coach)
        assert coach.status().mode is Mode.ATTENDING
        coach.cry(local("2024-06-02 09:04"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 09:07")))
        assert episode.outcome is Outcome.SELF_SOOTHED
        assert episode.check_ins == 0

    def test_a_parent_coming_during_a_nap_wait_is_an_early_intervention(self) -> None:
        coach = day_coach()
        self.nap_cry(coach)
        coach.parent_arrived(local("2024-06-02 09:01"))
        coach.cry(local("2024-06-02 09:02"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 09:05")))
        assert episode.outcome is Outcome.EARLY_INTERVENTION


class TestLongestNap:
    def test_a_nap_ends_at_the_longest_nap(self) -> None:
        coach = day_coach(configured(longest_nap=minutes(90)))
        coach.nap_started(local("2024-06-02 09:00"))
        coach.tick(local("2024-06-02 09:03"))
        assert coach.next_wakeup() == utc("2024-06-02 10:30")
        assert coach.tick(local("2024-06-02 11:00")) == []
        (effect,) = naps_ended(coach)
        assert effect.at == utc("2024-06-02 10:30")
        assert effect.nap.ended_by is NapEnd.LONGEST_NAP
        assert effect.nap.sleep == minutes(90)
        assert coach.awake_since() == utc("2024-06-02 10:30")

    def test_a_nap_with_an_episode_open_at_the_longest_nap_ends_with_it(self) -> None:
        coach = day_coach(configured(longest_nap=minutes(60)))
        coach.nap_started(local("2024-06-02 09:00"))
        fresh(coach, "2024-06-02 09:50")
        coach.cry(local("2024-06-02 09:55"), crying=True)
        coach.tick(local("2024-06-02 10:05"))
        # The check-in stays due: the baby is still crying in the nap.
        assert coach.status().mode is Mode.CHECK_IN_DUE
        assert naps_ended(coach) == []
        coach.cry(local("2024-06-02 10:06"), crying=False)
        effects = coach.tick(local("2024-06-02 10:09"))
        assert settled(effects).outcome is Outcome.SETTLED_BEFORE_PARENT
        (effect,) = naps_ended(coach)
        assert isinstance(effect, NapEnded)
        assert effect.at == utc("2024-06-02 10:09")
        assert effect.nap.ended_by is NapEnd.LONGEST_NAP
        # Asleep 09:00 to 10:09, less the waking from 09:55 to 10:06.
        assert effect.nap.sleep == minutes(58)


class TestTheNightTakesOver:
    def test_a_nap_under_way_ends_when_the_night_begins(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 18:00"))
        effects = coach.tick(local("2024-06-02 19:00"))
        assert effects == [NightStarted(utc("2024-06-02 19:00"), DAY)]
        (effect,) = naps_ended(coach)
        assert effect.nap.ended_by is NapEnd.NIGHT
        assert effect.nap.sleep == minutes(60)
        assert coach.state.day.nap is None
        assert coach.status().mode is Mode.IDLE
        assert coach.awake_since() is None

    def test_the_night_takes_over_a_waking_without_a_break(self) -> None:
        coach = day_coach()
        coach.nap_started(local("2024-06-02 17:30"))
        fresh(coach, "2024-06-02 18:30")
        coach.cry(local("2024-06-02 18:55"), crying=True)
        coach.tick(local("2024-06-02 18:58"))
        assert coach.status().mode is Mode.CHECK_IN_DUE
        coach.tick(local("2024-06-02 19:00"))
        # The check-in is still due, now at night.
        status = coach.status()
        assert (status.mode, status.night, status.nap_start) == (Mode.CHECK_IN_DUE, DAY, None)
        (effect,) = naps_ended(coach)
        assert effect.nap.episodes == ()
        assert effect.nap.sleep == minutes(85)  # 17:30 to 18:55
        coach.cry(local("2024-06-02 19:05"), crying=False)
        episode = settled(coach.tick(local("2024-06-02 19:08")))
        assert episode.kind is EpisodeKind.NIGHT
        assert episode.start == utc("2024-06-02 18:55")
        (tonight,) = [r.figures for r in coach.recent_nights() if r.figures.night == DAY]
        assert tonight.episodes == 1
        assert coach.recent_days()[-1].day_sleep_minutes == 85
        assert coach.recent_days()[-1].wakings == 0

    def test_crying_while_falling_asleep_at_night_is_the_night_s(self) -> None:
        coach = day_coach()
        fresh(coach, "2024-06-02 18:50")
        coach.nap_started(local("2024-06-02 18:55"))
        coach.cry(local("2024-06-02 18:55"), crying=True)
        coach.tick(local("2024-06-02 19:01"))
        (effect,) = naps_ended(coach)
        assert effect.nap.asleep is None
        assert effect.nap.sleep == timedelta(0)
        assert coach.state.episode is not None
        assert coach.state.episode.kind is EpisodeKind.NIGHT
        assert coach.recent_days()[-1].naps == 0

    def test_plan_effects_of_a_night_beginning_stay_apart(self) -> None:
        coach = day_coach()
        coach.start_plan(local("2024-06-02 08:00"), Plan(Method.GRADUATED, DAY))
        coach.nap_started(local("2024-06-02 18:00"))
        coach.take_day_effects()
        effects = coach.nap_ended(local("2024-06-02 19:30"))  # the night began first
        assert [(type(effect), effect.at) for effect in effects] == [
            (NapEnded, utc("2024-06-02 19:00")),
            (NightStarted, utc("2024-06-02 19:00")),
        ]
        assert [type(effect) for effect in coach.take_plan_effects()] == [PlanNightStarted]
        assert coach.take_day_effects() == []


class TestDayEffects:
    def test_nap_inputs_return_their_effects_in_time_order(self) -> None:
        coach = day_coach()
        effects = coach.nap_started(local("2024-06-02 12:00"))
        # The window of the morning opened at 09:00, before the nap began.
        assert kinds(effects) == ["sleep_window_opened", "nap_started"]
        assert isinstance(effects[0], SleepWindowOpened)
        assert coach.take_day_effects() == []

    def test_day_effects_are_kept_until_taken_and_then_forgotten(self) -> None:
        coach = day_coach()
        coach.tick(local("2024-06-02 09:30"))
        (effect,) = coach.take_day_effects()
        assert isinstance(effect, SleepWindowOpened)
        assert coach.take_day_effects() == []

    def test_only_the_latest_day_effects_are_kept(self) -> None:
        coach = day_coach(configured(longest_nap=minutes(1)))
        at = local("2024-06-02 08:00")
        for _ in range(DAY_EFFECTS_KEPT):
            coach.nap_started(at)  # returned, not kept
            at += minutes(2)
            coach.tick(at)  # the nap ended at the longest nap: kept
        coach.nap_started(at)
        coach.tick(at + minutes(2))
        kept = coach.take_day_effects()
        assert len(kept) == DAY_EFFECTS_KEPT
        assert all(isinstance(effect, NapEnded) for effect in kept)
        assert kept[-1].at == (at + minutes(1)).astimezone(UTC)
