"""Who holds which role where, loaded once for a whole supervision run (no query per measure)."""

from __future__ import annotations

from collections import defaultdict

from rectify.orgs.enums import Role
from rectify.orgs.models import Membership
from rectify.orgs.selectors import DEPARTMENT_ROLES

ROLES = [Role.OFFICE, Role.LEADER, Role.REVIEWER, *DEPARTMENT_ROLES]


def _ids(path: str | None) -> list[int]:
    return [int(pk) for pk in (path or "").strip("/").split("/") if pk]


class People:
    """Role holders by unit; a measure row (`values()` of the run) names its units."""

    def __init__(self) -> None:
        self.by_unit: dict[tuple[str, int], list[int]] = defaultdict(list)
        rows = Membership.objects.filter(role__in=ROLES, user__is_active=True).values_list(
            "role", "org_unit_id", "user_id"
        )
        for role, unit_id, user_id in rows:
            self.by_unit[(role, unit_id)].append(user_id)

    def _holders(self, unit_ids: list[int], *roles: str) -> list[int]:
        found: dict[int, None] = {}
        for unit_id in unit_ids:
            for role in roles:
                found.update(dict.fromkeys(self.by_unit.get((role, unit_id), [])))
        return list(found)

    def responsible(self, row: dict) -> list[int]:
        if row["responsible_person_id"]:
            return [row["responsible_person_id"]]
        unit = row["lead_department_id"]
        return self._holders([unit], *DEPARTMENT_ROLES) if unit else []

    def principal_leaders(self, row: dict) -> list[int]:
        return self._holders(_ids(row["inspection__inspected_unit__path"]), Role.LEADER)

    def leaders(self, row: dict) -> list[int]:
        leader = row["responsible_leader_id"]
        return [leader] if leader else self.principal_leaders(row)

    def office(self, row: dict) -> list[int]:
        return self._holders(_ids(row["inspection__inspected_unit__path"]), Role.OFFICE)

    def reviewers(self, row: dict) -> list[int]:
        inspected = self._holders(
            _ids(row["inspection__inspected_unit__path"]), Role.LEADER, Role.REVIEWER
        )
        inspecting = self._holders(_ids(row["inspection__inspecting_unit__path"]), Role.REVIEWER)
        return list(dict.fromkeys(inspected + inspecting))
