"""Who holds which role where, loaded once for a whole supervision run (no query per measure)."""

from __future__ import annotations

from collections import defaultdict

from rectify.orgs.enums import Role
from rectify.orgs.models import Membership
from rectify.orgs.selectors import DEPARTMENT_ROLES

ROLES = [Role.OFFICE, Role.LEADER, Role.REVIEWER, *DEPARTMENT_ROLES]


def unit_ids(path: str | None) -> list[int]:
    """The units on a materialised path "/1/4/9/": the unit and those above it."""
    return [int(pk) for pk in (path or "").strip("/").split("/") if pk]


class People:
    """Role holders by unit; a measure row (`values()` of the run) names its units."""

    def __init__(self, units: list[int] | None = None) -> None:
        """All role holders (a run), or those of `units` only (one measure's message)."""
        self.by_unit: dict[tuple[str, int], list[int]] = defaultdict(list)
        memberships = Membership.objects.filter(role__in=ROLES, user__is_active=True)
        if units is not None:
            memberships = memberships.filter(org_unit_id__in=units)
        rows = memberships.values_list("role", "org_unit_id", "user_id")
        for role, unit_id, user_id in rows:
            self.by_unit[(role, unit_id)].append(user_id)

    def _holders(self, units: list[int], *roles: str) -> list[int]:
        found: dict[int, None] = {}
        for unit_id in units:
            for role in roles:
                found.update(dict.fromkeys(self.by_unit.get((role, unit_id), [])))
        return list(found)

    def responsible(self, row: dict) -> list[int]:
        if row["responsible_person_id"]:
            return [row["responsible_person_id"]]
        unit = row["lead_department_id"]
        return self._holders([unit], *DEPARTMENT_ROLES) if unit else []

    def principal_leaders(self, row: dict) -> list[int]:
        return self._holders(unit_ids(row["inspection__inspected_unit__path"]), Role.LEADER)

    def leaders(self, row: dict) -> list[int]:
        leader = row["responsible_leader_id"]
        return [leader] if leader else self.principal_leaders(row)

    def office(self, row: dict) -> list[int]:
        return self._holders(unit_ids(row["inspection__inspected_unit__path"]), Role.OFFICE)

    def reviewers(self, row: dict) -> list[int]:
        inspected = self._holders(
            unit_ids(row["inspection__inspected_unit__path"]), Role.LEADER, Role.REVIEWER
        )
        inspecting = self._holders(
            unit_ids(row["inspection__inspecting_unit__path"]), Role.REVIEWER
        )
        return list(dict.fromkeys(inspected + inspecting))
