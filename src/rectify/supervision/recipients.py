"""Who a supervision message goes to, read from the measure and the units' roles."""

from __future__ import annotations

from rectify.measures.models import Measure
from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import DEPARTMENT_ROLES


def _holders(unit: OrgUnit | None, *roles: str, above: bool = False) -> list[User]:
    """Active users holding one of `roles` in `unit` (and, with `above`, in the units above)."""
    if unit is None:
        return []
    ids = [int(pk) for pk in unit.path.strip("/").split("/") if pk] if above else [unit.pk]
    return list(
        User.objects.filter(
            memberships__org_unit_id__in=ids, memberships__role__in=roles, is_active=True
        ).distinct()
    )


def responsible(measure: Measure) -> list[User]:
    """The responsible person, else the lead department's people."""
    if measure.responsible_person_id:
        return [measure.responsible_person]
    return _holders(measure.lead_department, *DEPARTMENT_ROLES)


def leaders(measure: Measure) -> list[User]:
    """The responsible leader, else the inspected unit's leaders."""
    if measure.responsible_leader_id:
        return [measure.responsible_leader]
    return principal_leaders(measure)


def principal_leaders(measure: Measure) -> list[User]:
    return _holders(measure.finding.inspection.inspected_unit, Role.LEADER, above=True)


def office(measure: Measure) -> list[User]:
    return _holders(measure.finding.inspection.inspected_unit, Role.OFFICE, above=True)


def reviewers(measure: Measure) -> list[User]:
    inspection = measure.finding.inspection
    found = _holders(inspection.inspected_unit, Role.LEADER, Role.REVIEWER, above=True)
    return found + _holders(inspection.inspecting_unit, Role.REVIEWER, above=True)


def unique(users: list[User]) -> list[User]:
    return list({user.pk: user for user in users}.values())
