"""The coaching core of Sleep Coach: pure, typed, and free of Home Assistant.

It takes timestamped inputs (cry signal, needs, parent presence) and returns effects and
figures; the Home Assistant glue around it subscribes to entities, schedules the coach's
next wake-up and stores its state. Every module here imports only the standard library and
its siblings (relatively), so the package also runs on its own as ``coach`` for the replay
command.
"""

from .baseline import BASELINE_NIGHTS as NIGHTS_KEPT
from .baseline import ConcernBaseline, concern_baseline
from .config import DEFAULT_NEEDS, MAX_CAP, ChildConfig, NeedSpec
from .duty import Rota, next_handover, on_duty
from .effects import (
    CheckInDue,
    Effect,
    EffectKind,
    EpisodeStarted,
    NeedsAttention,
    NightEnded,
    NightStarted,
    ParentArrived,
    ParentLeft,
    PlanEffect,
    PlanEffectKind,
    PlanFinished,
    PlanNightStarted,
    SelfSootheStarted,
    Settled,
)
from .engine import Coach, Status, attention_reasons, cry_time, read_state, status_of
from .errors import CoachError, ConfigError, InputError, StateError
from .figures import (
    NightFigures,
    NightReport,
    RollingMeans,
    Trend,
    minutes,
    night_figures,
    rolling_means,
    summarise_nights,
    trend,
)
from .model import Episode, Mode, Outcome, Reason
from .needs import NeedRecord, NeedState, NeedStatus, checklist
from .night import latest_night_started, night_of, night_window, nights_overlapping
from .plan import (
    GRADUATED_WAITS,
    Method,
    Plan,
    PlanError,
    PlanNight,
    PlanNightFigures,
    PlanNightRecord,
    PlanProgress,
    PlanSummary,
    Position,
    adherence,
    plan_figures,
    plan_night,
    plan_summary,
)
from .report import episode_json, night_json
from .state import CoachState, OpenEpisode, Signal

__all__ = [
    "DEFAULT_NEEDS",
    "GRADUATED_WAITS",
    "MAX_CAP",
    "NIGHTS_KEPT",
    "CheckInDue",
    "ChildConfig",
    "Coach",
    "CoachError",
    "CoachState",
    "ConcernBaseline",
    "ConfigError",
    "Effect",
    "EffectKind",
    "Episode",
    "EpisodeStarted",
    "InputError",
    "Method",
    "Mode",
    "NeedRecord",
    "NeedSpec",
    "NeedState",
    "NeedStatus",
    "NeedsAttention",
    "NightEnded",
    "NightFigures",
    "NightReport",
    "NightStarted",
    "OpenEpisode",
    "Outcome",
    "ParentArrived",
    "ParentLeft",
    "Plan",
    "PlanEffect",
    "PlanEffectKind",
    "PlanError",
    "PlanFinished",
    "PlanNight",
    "PlanNightFigures",
    "PlanNightRecord",
    "PlanNightStarted",
    "PlanProgress",
    "PlanSummary",
    "Position",
    "Reason",
    "RollingMeans",
    "Rota",
    "SelfSootheStarted",
    "Settled",
    "Signal",
    "StateError",
    "Status",
    "Trend",
    "adherence",
    "attention_reasons",
    "checklist",
    "concern_baseline",
    "cry_time",
    "episode_json",
    "latest_night_started",
    "minutes",
    "next_handover",
    "night_figures",
    "night_json",
    "night_of",
    "night_window",
    "nights_overlapping",
    "on_duty",
    "plan_figures",
    "plan_night",
    "plan_summary",
    "read_state",
    "rolling_means",
    "status_of",
    "summarise_nights",
    "trend",
]
