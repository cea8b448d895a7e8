"""Who may do what to an inspection round: one table, read by services and pages alike.

Everything written about a round — the round itself, its finding tree, the notice's own text,
a document imported into it — is the work of the rectification office (整改办) of the
inspected unit or of a unit above it. ``user`` None is the system itself (commands, tests).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from rectify.core.errors import PermissionRefused
from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import unit_in_subtree, units_with_role

from .models import Inspection


class Action(enum.StrEnum):
    CREATE = "create"  # a round of a unit (the subject is the inspected unit)
    EDIT = "edit"  # the round's facts
    EDIT_TREE = "edit_tree"  # aspects, problems, sub-problems
    EDIT_NOTICE = "edit_notice"  # the notice's own text and sections
    IMPORT = "import"  # read a document into the round
    SET_INSPECTING_UNIT = "set_inspecting_unit"  # the unit whose reviewers sign off (巡察办)


def office_units(user: User | None) -> list[OrgUnit]:
    """Units whose rectification office the user is (roots of their subtrees)."""
    return units_with_role(user, Role.OFFICE) if user is not None else []


def _office_of(user: User, unit: OrgUnit | None) -> bool:
    return unit is not None and unit_in_subtree(unit, office_units(user))


RULES: dict[Action, Callable[[User, OrgUnit | None], bool]] = dict.fromkeys(Action, _office_of)

# What a refused user is told.
REFUSALS = {
    Action.IMPORT: _("Only the rectification office of the inspected unit may import documents."),
    Action.EDIT_NOTICE: _(
        "Only the rectification office of the inspected unit may edit the notice."
    ),
    Action.SET_INSPECTING_UNIT: _(
        "Only the rectification office of the inspected unit may set the inspecting unit."
    ),
}


def _unit_of(subject: Inspection | OrgUnit | None) -> OrgUnit | None:
    return subject.inspected_unit if isinstance(subject, Inspection) else subject


def may(user: User | None, action: Action, subject: Inspection | OrgUnit | None) -> bool:
    """Whether the user may take the action on a round (or, to create one, in a unit)."""
    return user is None or RULES[action](user, _unit_of(subject))


def require(user: User | None, action: Action, subject: Inspection | OrgUnit | None) -> None:
    if not may(user, action, subject):
        raise PermissionRefused(REFUSALS.get(action))


def allowed_actions(user: User, subject: Inspection) -> frozenset[Action]:
    return frozenset(action for action in Action if may(user, action, subject))
