"""Three weeks of nights for the demo child, produced by the real coaching core.

`generate` drives a `Coach` through 21 nights of generated inputs, exactly as the runtime
does (`Coach.start`, `cry`, `need`, `parent_arrived`/`parent_left`, `start_plan`, `tick`):
needs logged at bedtime and at a dream feed, cries, check-ins and visits for a need, with a
graduated-waits plan started on the first night. The plan works: over the weeks Mia wakes
less often, cries less and settles by herself more often, with a little night-to-night
noise from a fixed random seed, so every run gives the same nights. The last night is the
latest one that is over, so tonight is live.

Used by scripts/develop on a fresh demo configuration only (never on a user's):

    python -m demo.seed store --config DIR [--child NAME]
                                              with Home Assistant stopped: write the nights
                                              into the child's store (Mia's unless NAME),
                                              if it has no history yet
    python -m demo.seed statistics --config DIR --port PORT
                                              with it running: add the nights the core no
                                              longer keeps to long-term statistics

The core keeps the last 14 nights (`NIGHTS_KEPT`); the integration's own start-up backfill
writes those to long-term statistics. The week before is written by `statistics`, as the
same rows (`long_term.NIGHT_STATISTICS`, same metadata) through the recorder's
`recorder/import_statistics` command, from a file `store` leaves behind.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from custom_components.sleep_coach.coach import (
    CheckInDue,
    ChildConfig,
    Coach,
    CoachState,
    Effect,
    Episode,
    Method,
    NeedsAttention,
    NightReport,
    Plan,
    PlanNightFigures,
    SelfSootheStarted,
    Settled,
    latest_night_started,
    night_window,
    plan_figures,
    summarise_nights,
)
from custom_components.sleep_coach.timeline import Mark, marks_of, recent

SEED = 20260115
NIGHTS = 21
PENDING_STATISTICS = "sleep_coach_demo_statistics.json"
"""The older nights' statistics rows, left in the config folder until they are written."""
DEMO_CHILD = "Mia"
"""The child seeded unless another is named (the demo's, demo/bootstrap.py)."""
_MAX_STEPS = 500


@dataclass(slots=True)
class SeededNights:
    """What the core made of the generated nights."""

    state: CoachState
    timeline: list[Mark]
    episodes: list[Episode]
    reports: tuple[NightReport, ...]
    """All generated nights, oldest first (the core itself keeps only the last ones)."""
    plan_nights: tuple[PlanNightFigures, ...]
    waits: list[timedelta] = field(default_factory=list)
    """Every self-soothe wait the core gave."""


def last_night_over(now: datetime, config: ChildConfig) -> date:
    """Return the latest night whose window has ended by `now`."""
    night = latest_night_started(now, config)
    if night_window(night, config)[1] > now:
        night -= timedelta(days=1)
    return night


def generate(
    config: ChildConfig, now: datetime, *, seed: int = SEED, nights: int = NIGHTS
) -> SeededNights:
    """Drive a coach through `nights` generated nights ending with the last one over."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    last = last_night_over(now, config)
    first = last - timedelta(days=nights - 1)
    zone = config.zone
    driver = _Driver(Coach.start(config, _local(first, time(17, 30), zone)), config, rng)
    for number in range(nights):
        driver.night(first + timedelta(days=number), number / max(nights - 1, 1), first=first)
    driver.coach.tick(night_window(last, config)[1] + timedelta(minutes=1))
    driver.collect([])
    covered = [first + timedelta(days=number) for number in range(nights)]
    reports = summarise_nights(driver.episodes, config, covered)
    progress = driver.coach.state.plan
    plan_nights = () if progress is None else plan_figures(progress, [r.figures for r in reports])
    state = driver.coach.state
    return SeededNights(
        state=state,
        timeline=recent(driver.marks, state.clock),
        episodes=driver.episodes,
        reports=reports,
        plan_nights=plan_nights,
        waits=driver.waits,
    )


def _local(day: date, at: time, zone: Any) -> datetime:
    return datetime.combine(day, at, zone).astimezone(UTC)


class _Driver:
    """Feeds one night's generated inputs to the coach and reacts to its effects."""

    def __init__(self, coach: Coach, config: ChildConfig, rng: random.Random) -> None:
        self.coach = coach
        self.config = config
        self.rng = rng
        self.episodes: list[Episode] = []
        self.marks: list[Mark] = []
        self.waits: list[timedelta] = []
        self.alerts: list[Effect] = []

    def collect(self, effects: list[Any]) -> None:
        for effect in [*effects, *self.coach.take_plan_effects()]:
            self.marks.extend(marks_of(effect))
            if isinstance(effect, Settled):
                self.episodes.append(effect.episode)
            elif isinstance(effect, SelfSootheStarted):
                self.waits.append(effect.deadline - effect.wait_started)
            elif isinstance(effect, CheckInDue | NeedsAttention):
                self.alerts.append(effect)

    def log_needs(self, at: datetime, since: datetime) -> None:
        for name in ("fed", "dry", "safe"):
            if name in self.config.need_names:
                self.collect(self.coach.need(at, name, met=True, since=since))

    def night(self, night: date, progress: float, *, first: date) -> None:
        """Play one night; `progress` runs from 0 (the first night) to 1 (the last)."""
        rng, zone = self.rng, self.config.zone
        start, end = night_window(night, self.config)
        bedtime = start - timedelta(minutes=rng.randint(10, 25))
        self.log_needs(bedtime, bedtime - timedelta(minutes=rng.randint(5, 20)))
        if night == first:
            self.collect(self.coach.start_plan(bedtime, Plan(Method.GRADUATED, night)))
        dream_feed = _local(night, time(22, rng.randint(0, 40)), zone)
        dream_fed = False
        wakings = round(4.3 - 3.2 * progress + rng.gauss(0, 0.6))
        wakings = max(1 if progress < 0.5 else 0, min(6, wakings))  # noqa: PLR2004
        earliest = start + timedelta(minutes=35)
        latest = end - timedelta(hours=1, minutes=30)
        # Most wakings come in the evening, while the dream feed still counts; a late one
        # (the needs gone stale) calls a parent for a feed and a nappy.
        evening = (_local(night, time(1, 0), zone) + timedelta(days=1) - earliest).total_seconds()
        span = (latest - earliest).total_seconds()
        late = 0.2
        times = sorted(
            earliest + timedelta(seconds=rng.uniform(0, span if rng.random() < late else evening))
            for _ in range(wakings)
        )
        for waking in times:
            if not dream_fed and waking >= dream_feed:
                self.log_needs(max(dream_feed, self.coach.state.clock), dream_feed)
                dream_fed = True
            at = max(waking, self.coach.state.clock + timedelta(minutes=rng.randint(20, 40)))
            if at < latest:
                self.episode(at, progress)
        self.collect(self.coach.tick(end + timedelta(seconds=30)))

    def episode(self, at: datetime, progress: float) -> None:  # noqa: PLR0912, PLR0915
        """One waking: crying, then whatever the coach asks of the parent."""
        rng = self.rng
        soothes = rng.random() < min(0.95, max(0.05, 0.25 + 0.7 * progress + rng.gauss(0, 0.08)))
        # Left alone, a baby who soothes herself stops within a few minutes; one who does
        # not cries on until a parent comes.
        alone = timedelta(minutes=rng.uniform(0.8, 2.6) * (1.1 - 0.4 * progress))
        calm_after_visit = 0.55 + 0.35 * progress
        self.collect(self.coach.cry(at, crying=True))
        crying, present = True, False
        quiet_at: datetime | None = at + alone if soothes else None
        arrive_at: datetime | None = None
        leave_at: datetime | None = None
        recry_at: datetime | None = None
        if not soothes and rng.random() < 0.2 * (1 - progress) ** 2:
            # Now and then in the first week a parent goes in before the wait is over.
            arrive_at = at + timedelta(seconds=rng.randint(60, 150))
        self.alerts.clear()
        for_need = False
        settled = len(self.episodes)
        for _ in range(_MAX_STEPS):
            if len(self.episodes) > settled and not present:
                return
            if self.alerts and arrive_at is None and not present:
                # A check-in due, or a need or concern: a parent goes in shortly.
                for_need = any(isinstance(a, NeedsAttention) for a in self.alerts)
                arrive_at = self.alerts[-1].at + timedelta(seconds=rng.randint(20, 75))
                self.alerts.clear()
            wakeup = self.coach.next_wakeup()
            moments = [m for m in (quiet_at, arrive_at, leave_at, recry_at) if m is not None]
            step = min(moments, default=None)
            if wakeup is not None and (step is None or wakeup < step):
                self.collect(self.coach.tick(wakeup))
                continue
            if step is None:
                return
            if step == quiet_at:
                self.collect(self.coach.cry(step, crying=False))
                crying, quiet_at = False, None
            elif step == arrive_at:
                self.collect(self.coach.parent_arrived(step))
                present, arrive_at = True, None
                need = for_need
                if need:
                    # A night feed and a fresh nappy, logged as the parent does them.
                    self.log_needs(step, step)
                stay = rng.randint(8, 14) if need else rng.uniform(1.0, 2.5)
                leave_at = step + timedelta(minutes=stay)
                if crying:
                    quiet_at = step + timedelta(seconds=rng.randint(20, 60))
            elif step == leave_at:
                self.collect(self.coach.parent_left(step))
                present, leave_at = False, None
                if rng.random() > calm_after_visit:
                    recry_at = step + timedelta(seconds=rng.randint(15, 60))
            else:
                self.collect(self.coach.cry(step, crying=True))
                crying, recry_at = True, None
        msg = "the generated episode did not settle"
        raise RuntimeError(msg)


# The demo configuration ---------------------------------------------------------------------


def child_entry(config_dir: Path, child: str = DEMO_CHILD) -> dict[str, Any]:
    """Return the config entry of the child named `child`, as Home Assistant stored it."""
    entries = json.loads((config_dir / ".storage" / "core.config_entries").read_text())
    for entry in entries["data"]["entries"]:
        if entry["domain"] == "sleep_coach" and entry["title"] == child:
            return dict(entry)
    msg = f"the child {child} has no config entry"
    raise LookupError(msg)


def entry_child_id(entry: dict[str, Any]) -> str:
    """Return the child's identity (its part of the statistic ids), as the entry stores it."""
    from homeassistant.util import slugify  # noqa: PLC0415

    from custom_components.sleep_coach.const import CONF_CHILD_ID  # noqa: PLC0415

    stored = (entry.get("data") or {}).get(CONF_CHILD_ID)
    # An entry of version 1.1 has none stored yet: its start-up migration makes it so.
    return str(stored or slugify(entry.get("unique_id") or entry["title"]))


def demo_time_zone(config_dir: Path) -> str:
    """Return the time zone the demo configuration sets."""
    for line in (config_dir / "configuration.yaml").read_text().splitlines():
        key, _, value = line.strip().partition(":")
        if key == "time_zone":
            return value.strip()
    return "UTC"


def demo_config(options: dict[str, Any], time_zone: str) -> ChildConfig:
    """Return the core's configuration of a child with these options, as the runtime does."""
    from custom_components.sleep_coach.settings import child_settings  # noqa: PLC0415

    return child_settings(options, time_zone).config


def statistics_rows(
    seeded: SeededNights, config: ChildConfig, child_id: str = "mia"
) -> list[dict[str, Any]]:
    """Return the long-term statistics of the nights the core no longer keeps.

    The same statistics, values and metadata as the integration's backfill writes
    (`long_term.NIGHT_STATISTICS`), one import per statistic, for the child `child_id`.
    """
    from custom_components.sleep_coach.long_term import NIGHT_STATISTICS  # noqa: PLC0415

    # Every seeded night: the backfill writes only the nights the core still reports (13
    # or 14, as Home Assistant starts at night or by day); rows are upserted by their
    # start, so the nights both write stay single rows with the same values.
    older = seeded.reports
    plan_nights = {night.night: night for night in seeded.plan_nights}
    imports = []
    for statistic in NIGHT_STATISTICS:
        rows = []
        for report in older:
            value = statistic.value(report.figures, plan_nights.get(report.figures.night))
            if value is None:
                continue
            start = night_window(report.figures.night, config)[0]
            hour = start.replace(minute=0, second=0, microsecond=0)
            rows.append({"start": hour.isoformat(), "mean": value, "min": value, "max": value})
        if rows:
            imports.append(
                {
                    "metadata": {
                        "has_mean": True,
                        "mean_type": 1,
                        "has_sum": False,
                        "name": None,
                        "source": "sleep_coach",
                        "statistic_id": f"sleep_coach:{child_id}_{statistic.figure}",
                        "unit_class": statistic.unit_class,
                        "unit_of_measurement": statistic.unit,
                    },
                    "stats": rows,
                }
            )
    return imports


def write_store(
    config_dir: Path, now: datetime | None = None, *, child: str = DEMO_CHILD
) -> SeededNights | None:
    """Write the nights into the child's store (Home Assistant stopped); None if it has history.

    The older nights' statistics rows join those of any child seeded before.
    """
    entry = child_entry(config_dir, child)
    config = demo_config(entry["options"], demo_time_zone(config_dir))
    path = config_dir / ".storage" / f"sleep_coach.{entry['entry_id']}"
    if path.exists():
        data = json.loads(path.read_text()).get("data", {})
        state = data.get("state") or {}
        if state.get("history") or data.get("timeline") or data.get("statistics_through"):
            return None
    seeded = generate(config, now or datetime.now(UTC))
    stored = {
        "version": 1,
        "minor_version": 3,
        "key": f"sleep_coach.{entry['entry_id']}",
        "data": {
            "state": seeded.state.to_dict(),
            "timeline": [mark.to_dict() for mark in seeded.timeline],
            "statistics_through": None,
        },
    }
    temporary = path.with_suffix(".seeding")
    temporary.write_text(json.dumps(stored, indent=2))
    temporary.replace(path)
    pending = config_dir / PENDING_STATISTICS
    earlier = json.loads(pending.read_text()) if pending.exists() else []
    rows = statistics_rows(seeded, config, entry_child_id(entry))
    pending.write_text(json.dumps([*earlier, *rows]))
    return seeded


async def import_statistics(port: int, token: str, imports: list[dict[str, Any]]) -> None:
    """Send each import to the recorder over Home Assistant's websocket API."""
    import aiohttp  # noqa: PLC0415 - only in Home Assistant's environment

    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"ws://127.0.0.1:{port}/api/websocket") as socket,
    ):
        await socket.receive_json()
        await socket.send_json({"type": "auth", "access_token": token})
        if (await socket.receive_json()).get("type") != "auth_ok":
            msg = "the websocket API refused the demo user"
            raise RuntimeError(msg)
        for number, message in enumerate(imports, start=1):
            await socket.send_json({"id": number, "type": "recorder/import_statistics", **message})
            answer = await socket.receive_json()
            if not answer.get("success"):
                msg = f"recorder/import_statistics failed: {answer}"
                raise RuntimeError(msg)


def _summary(seeded: SeededNights, child: str = DEMO_CHILD) -> str:
    lines = [f"Seeded {NIGHTS} nights for {child} (graduated waits from the first night):"]
    for week in range(len(seeded.reports) // 7):
        nights = [r.figures for r in seeded.reports[week * 7 : week * 7 + 7]]
        episodes = sum(n.episodes for n in nights)
        soothed = sum(n.self_soothed for n in nights)
        lines.append(
            f"  week {week + 1}: {episodes / 7:.1f} wakings, "
            f"{sum(n.cry_minutes for n in nights) / 7:.1f} min crying per night, "
            f"self-soothed {100 * soothed / max(episodes, 1):.0f}%"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run `store` or `statistics` on the demo configuration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["store", "statistics"])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--child", default=DEMO_CHILD, help="the child to seed (store)")
    args = parser.parse_args(argv)
    config_dir: Path = args.config
    if args.step == "store":
        seeded = write_store(config_dir, child=args.child)
        print(
            _summary(seeded, args.child)
            if seeded
            else f"{args.child} already has nights; nothing seeded"
        )
        return 0
    pending = config_dir / PENDING_STATISTICS
    if not pending.exists():
        return 0
    sys.path.insert(0, str(Path(__file__).parent))
    import bootstrap  # noqa: PLC0415

    client = bootstrap.HomeAssistantClient(f"http://{bootstrap.LOOPBACK}:{args.port}")
    password = os.environ.get(bootstrap.PASSWORD_VARIABLE) or bootstrap.DEMO_PASSWORD
    token = bootstrap.log_in(client, password)
    imports = json.loads(pending.read_text())
    asyncio.run(import_statistics(args.port, token, imports))
    pending.unlink()
    print(f"Wrote the older nights of the seeded weeks to {len(imports)} statistics")
    return 0


if __name__ == "__main__":
    sys.exit(main())
