"""Effects: what happened, as the coach reports it to the shell.

Every effect has ``at``, the instant it happened (for a timer, the timer's own time, which
can be earlier than the call that fired it). The shell turns effects into events that
automations use: notify the parent on duty, dim the lights, start white noise.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import ClassVar

from .model import Episode
from .naps import Nap
from .plan import Method, PlanNight
from .snapshot import snapshot


class EffectKind(StrEnum):
    """The kind of an effect, usable as an event type suffix."""

    NIGHT_STARTED = "night_started"
    NIGHT_ENDED = "night_ended"
    EPISODE_STARTED = "episode_started"
    SELF_SOOTHE_STARTED = "self_soothe_started"
    CHECK_IN_DUE = "check_in_due"
    NEEDS_ATTENTION = "needs_attention"
    PARENT_ARRIVED = "parent_arrived"
    PARENT_LEFT = "parent_left"
    SETTLED = "settled"


@snapshot
class NightStarted:
    """The night window began."""

    kind: ClassVar[EffectKind] = EffectKind.NIGHT_STARTED
    at: datetime
    night: date


@snapshot
class NightEnded:
    """The night window is over and no episode of it is open: its figures are final."""

    kind: ClassVar[EffectKind] = EffectKind.NIGHT_ENDED
    at: datetime
    night: date


@snapshot
class EpisodeStarted:
    """Crying lasted the minimum cry length: an episode opened, starting at ``start``."""

    kind: ClassVar[EffectKind] = EffectKind.EPISODE_STARTED
    at: datetime
    start: datetime
    night: date


@snapshot
class SelfSootheStarted:
    """Every need is met: the baby may self-soothe until ``deadline``."""

    kind: ClassVar[EffectKind] = EffectKind.SELF_SOOTHE_STARTED
    at: datetime
    wait_started: datetime
    deadline: datetime


@snapshot
class CheckInDue:
    """The self-soothe deadline passed while the baby was crying: a parent should go."""

    kind: ClassVar[EffectKind] = EffectKind.CHECK_IN_DUE
    at: datetime
    deadline: datetime


@snapshot
class NeedsAttention:
    """A parent should go now, for ``reasons`` (need names, ``age``, ``concern``...)."""

    kind: ClassVar[EffectKind] = EffectKind.NEEDS_ATTENTION
    at: datetime
    reasons: tuple[str, ...]


@snapshot
class ParentArrived:
    """A parent entered the nursery."""

    kind: ClassVar[EffectKind] = EffectKind.PARENT_ARRIVED
    at: datetime


@snapshot
class ParentLeft:
    """A parent left the nursery."""

    kind: ClassVar[EffectKind] = EffectKind.PARENT_LEFT
    at: datetime


@snapshot
class Settled:
    """An episode ended; ``episode`` holds its outcome and figures."""

    kind: ClassVar[EffectKind] = EffectKind.SETTLED
    at: datetime
    episode: Episode


type Effect = (
    NightStarted
    | NightEnded
    | EpisodeStarted
    | SelfSootheStarted
    | CheckInDue
    | NeedsAttention
    | ParentArrived
    | ParentLeft
    | Settled
)


class PlanEffectKind(StrEnum):
    """The kind of a plan effect, usable as an event type suffix."""

    PLAN_NIGHT_STARTED = "plan_night_started"
    PLAN_FINISHED = "plan_finished"


@snapshot
class PlanNightStarted:
    """A night of the plan began (or the plan started or resumed during it)."""

    kind: ClassVar[PlanEffectKind] = PlanEffectKind.PLAN_NIGHT_STARTED
    at: datetime
    night: date
    plan_night: PlanNight
    """The method, night N of M, tonight's waits (clipped to the cap) or position."""


@snapshot
class PlanFinished:
    """The plan's last night is over; the coach keeps giving its waits until it is ended."""

    kind: ClassVar[PlanEffectKind] = PlanEffectKind.PLAN_FINISHED
    at: datetime
    night: date
    method: Method
    nights: int


type PlanEffect = PlanNightStarted | PlanFinished
"""What the coach reports about a plan; kept apart from ``Effect`` (see docs/coach.md)."""


class DayEffectKind(StrEnum):
    """The kind of a day effect (naps and wake windows), usable as an event type suffix."""

    NAP_STARTED = "nap_started"
    NAP_ENDED = "nap_ended"
    SLEEP_WINDOW_OPENED = "sleep_window_opened"


@snapshot
class NapStarted:
    """A nap began (its crying is coached from now on)."""

    kind: ClassVar[DayEffectKind] = DayEffectKind.NAP_STARTED
    at: datetime
    day: date


@snapshot
class NapEnded:
    """A nap ended; ``nap`` holds its figures and episodes."""

    kind: ClassVar[DayEffectKind] = DayEffectKind.NAP_ENDED
    at: datetime
    nap: Nap


@snapshot
class SleepWindowOpened:
    """The next sleep window opened: the next sleep should start by ``latest``.

    Announced once per time the baby woke (``awake_since``), also across restarts.
    """

    kind: ClassVar[DayEffectKind] = DayEffectKind.SLEEP_WINDOW_OPENED
    at: datetime
    awake_since: datetime
    earliest: datetime
    latest: datetime
    learned: bool
    """The window is narrowed toward the child's own awake times."""


type DayEffect = NapStarted | NapEnded | SleepWindowOpened
"""What the coach reports about naps and wake windows; kept apart from ``Effect`` too."""
