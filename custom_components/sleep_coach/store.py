"""Persistence of a child's coach state, with versioned migrations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final, TypedDict, cast

from homeassistant.helpers.storage import Store

from .coach import ChildConfig, CoachState, StateError, read_state
from .compat import UnsupportedStorageVersionError
from .const import DOMAIN
from .timeline import Mark

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant

STORAGE_VERSION: Final = 1
STORAGE_MINOR_VERSION: Final = 4
# Transitions are written at once; anything else (a need logged, a quiet signal) at most
# this often, so a flapping source cannot wear the disk.
SAVE_DELAY_S: Final = 30


class StoreTooNewError(Exception):
    """The store was written by a newer release of Sleep Coach."""


class StoredCoach(TypedDict):
    """What the store file holds."""

    state: dict[str, Any]
    timeline: list[dict[str, str]]
    statistics_through: str | None
    """The evening date of the last night written to long-term statistics."""


@dataclass(slots=True)
class CoachRecord:
    """Everything stored for one child, as the runtime uses it."""

    state: CoachState
    timeline: list[Mark] = field(default_factory=list)
    statistics_through: date | None = None

    def to_stored(self) -> StoredCoach:
        """Return the data to write."""
        return StoredCoach(
            state=self.state.to_dict(),
            timeline=[mark.to_dict() for mark in self.timeline],
            statistics_through=(
                None if self.statistics_through is None else self.statistics_through.isoformat()
            ),
        )


class CoachStore(Store[StoredCoach]):
    """The store of one child's coach: `.storage/sleep_coach.<entry id>`.

    Versions: 1.1 held the core's state; 1.2 adds the timeline marks and how far the
    nights were written to long-term statistics; 1.3 adds the sleep-training plan and its
    progress to the core's state (a state without one has no plan); 1.4 adds the day's
    memory (naps, the nap under way, awake since and the sleep window announced) to the
    core's state, as top-level keys written only when set (a state without them has no
    naps). A later format bumps
    the minor version for additions older code can ignore, the major version otherwise,
    and `_async_migrate_func` turns every earlier version into the current one.
    """

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Create the store of the child of `entry_id`."""
        super().__init__(
            hass,
            STORAGE_VERSION,
            f"{DOMAIN}.{entry_id}",
            minor_version=STORAGE_MINOR_VERSION,
            atomic_writes=True,
        )

    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> StoredCoach:
        """Bring data of an earlier version to the current one."""
        if old_major_version > STORAGE_VERSION:  # pragma: no cover - see below
            # Written by a newer Sleep Coach: refusing is safer than guessing, and the file
            # stays untouched. Newer Home Assistant releases refuse it before asking here,
            # so only the minimum version's test run reaches this.
            raise StoreTooNewError
        data = dict(old_data)
        # 1.1 -> 1.2: no timeline marks yet, and no night written to statistics.
        data.setdefault("timeline", [])
        data.setdefault("statistics_through", None)
        # 1.2 -> 1.3: nothing to add; the core reads a state without a "plan" as a state
        # without a plan.
        # 1.3 -> 1.4: nothing to add either; a state without the day's keys has no naps.
        # Whether the data holds a coach state at all is checked on reading it.
        return cast("StoredCoach", data)

    async def async_load_record(self, config: ChildConfig) -> CoachRecord | None:
        """Return the stored state of a coach of `config`, or None when there is none.

        History older than the coach can use is not read (see `read_state`).

        A file that is not JSON at all is set aside by Home Assistant itself (with a repair
        issue) and reads as None. A file that is JSON but no coach state this release can
        read is copied to `unreadable_key` before `StateError` is raised, so the fresh
        state the caller then saves loses no recorded episode.
        """
        try:
            data = await self.async_load()
        except UnsupportedStorageVersionError as err:
            raise StoreTooNewError from err
        if data is None:
            return None
        try:
            return _coach_record(data, config)
        except StateError:
            await Store[Any](self.hass, STORAGE_VERSION, self.unreadable_key).async_save(data)
            raise

    @property
    def unreadable_key(self) -> str:
        """Return the key an unreadable file is kept under."""
        return f"{self.key}.unreadable"


def _coach_record(data: object, config: ChildConfig) -> CoachRecord:
    if not isinstance(data, dict) or not isinstance(data.get("state"), dict):
        raise StateError("state_invalid", detail="no coach state in the file")
    try:
        timeline = [Mark.from_dict(mark) for mark in data.get("timeline", [])]
        through = data.get("statistics_through")
        statistics_through = None if through is None else date.fromisoformat(through)
    except (KeyError, TypeError, ValueError) as err:
        raise StateError("state_invalid", detail=repr(err)) from err
    return CoachRecord(read_state(data["state"], config), timeline, statistics_through)
