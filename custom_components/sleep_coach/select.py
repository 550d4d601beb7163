"""The parent on duty, chosen from the household's people (and kept across restarts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import ATTR_FRIENDLY_NAME, EntityCategory
from homeassistant.helpers.restore_state import RestoreEntity

from .entity import SleepCoachEntity

if TYPE_CHECKING:
    from homeassistant.core import HomeAssistant
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .data import SleepCoachConfigEntry

PARALLEL_UPDATES = 0

DESCRIPTION = SelectEntityDescription(
    key="parent_on_duty",
    translation_key="parent_on_duty",
    # Set once a night (or by the rota), not part of what the coach shows.
    entity_category=EntityCategory.CONFIG,
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SleepCoachConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the on-duty select of a child whose household lists its parents."""
    parents = entry.runtime_data.household.parents
    if parents:
        people = {_name(hass, person): person for person in parents}
        async_add_entities([ParentOnDutySelect(entry, DESCRIPTION, people)])


def _name(hass: HomeAssistant, person: str) -> str:
    state = hass.states.get(person)
    if state is not None and (name := state.attributes.get(ATTR_FRIENDLY_NAME)):
        return str(name)
    return person


class ParentOnDutySelect(SleepCoachEntity, SelectEntity, RestoreEntity):
    """Who answers tonight's alerts; the rota may change it at night start or the split."""

    def __init__(
        self,
        entry: SleepCoachConfigEntry,
        description: SelectEntityDescription,
        people: dict[str, str],
    ) -> None:
        """Offer the household's parents by name (`people` maps names to person ids)."""
        super().__init__(entry, description)
        self.household = entry.runtime_data.household
        self._people = people
        self._attr_options = list(people)

    async def async_added_to_hass(self) -> None:
        """Restore the last choice, unless the rota has already chosen."""
        await super().async_added_to_hass()
        self.async_on_remove(self.household.async_add_listener(self.async_write_ha_state))
        if self.household.on_duty is None and (last := await self.async_get_last_state()):
            self.household.set_on_duty(self._people.get(last.state))

    @property
    def current_option(self) -> str | None:
        """Return the name of the parent on duty."""
        return next(
            (name for name, person in self._people.items() if person == self.household.on_duty),
            None,
        )

    async def async_select_option(self, option: str) -> None:
        """Put the chosen parent on duty."""
        self.household.set_on_duty(self._people[option])
