"""Who may do what in supervision: the discipline register is the discipline office's alone.

A discipline supervisor (纪检监察) reads and writes the register of the units in their
subtree; nobody else sees it (not the office, not the unit's leader)."""

from __future__ import annotations

from rectify.core.errors import PermissionRefused
from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import unit_in_subtree, units_with_role


def discipline_units(user: User) -> list[OrgUnit]:
    return units_with_role(user, Role.DISCIPLINE)


def may_keep_register(user: User, unit: OrgUnit | None = None) -> bool:
    """Any register (no unit), or the register of `unit`."""
    units = discipline_units(user)
    return bool(units) if unit is None else unit_in_subtree(unit, units)


def require_register(user: User, unit: OrgUnit | None = None) -> None:
    if not may_keep_register(user, unit):
        raise PermissionRefused()


def may_run_meetings(user: User, unit: OrgUnit) -> bool:
    """Supervision meetings are the rectification office's (or the unit leader's)."""
    return unit_in_subtree(unit, units_with_role(user, Role.OFFICE, Role.LEADER))
