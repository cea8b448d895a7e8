"""Who may publish a round's notice and who handles the public's opinions: one table.

Publishing is the rectification office's (draft, run the checks, publish, withdraw) and the
unit leader's (approve, publish, withdraw), for the inspected unit or a unit above it. The
public's opinions — and the personal data in them — are read by the office and the discipline
office of the unit they are about; only the office triages them. ``user`` None is the system.
"""

from __future__ import annotations

import enum

from django.utils.translation import gettext_lazy as _

from rectify.core.errors import PermissionRefused
from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import unit_in_subtree, units_with_role

from .models import Opinion, Publication


class Action(enum.StrEnum):
    VIEW_PUBLISHING = "view_publishing"  # the publishing page of a round
    DRAFT = "draft"
    CHECK = "check"
    APPROVE = "approve"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    READ_OPINIONS = "read_opinions"  # the queue, with names and contacts
    TRIAGE = "triage"  # link, open a finding, forward, close


ROLES: dict[Action, frozenset[str]] = {
    Action.VIEW_PUBLISHING: frozenset({Role.OFFICE, Role.LEADER, Role.DISCIPLINE}),
    Action.DRAFT: frozenset({Role.OFFICE}),
    Action.CHECK: frozenset({Role.OFFICE}),
    Action.APPROVE: frozenset({Role.LEADER}),
    Action.PUBLISH: frozenset({Role.OFFICE, Role.LEADER}),
    Action.WITHDRAW: frozenset({Role.OFFICE, Role.LEADER}),
    Action.READ_OPINIONS: frozenset({Role.OFFICE, Role.DISCIPLINE}),
    Action.TRIAGE: frozenset({Role.OFFICE}),
}
REFUSALS = {
    Action.DRAFT: _("Only the rectification office of the unit may prepare a publication."),
    Action.CHECK: _("Only the rectification office of the unit may prepare a publication."),
    Action.APPROVE: _("Only the unit leader may approve a publication."),
    Action.PUBLISH: _("Only the rectification office or the unit leader may publish."),
    Action.WITHDRAW: _("Only the rectification office or the unit leader may withdraw."),
    Action.TRIAGE: _("Only the rectification office of the unit may handle opinions."),
}

Subject = Publication | Opinion | OrgUnit | None


def _unit_of(subject: Subject) -> OrgUnit | None:
    if isinstance(subject, Publication | Opinion):
        return subject.unit
    return subject


def may(user: User | None, action: Action, subject: Subject) -> bool:
    """Whether the user may take the action on a publication or opinion (or in a unit)."""
    if user is None:
        return True
    return unit_in_subtree(_unit_of(subject), units_with_role(user, *ROLES[action]))


def require(user: User | None, action: Action, subject: Subject) -> None:
    if not may(user, action, subject):
        raise PermissionRefused(REFUSALS.get(action))


def allowed_actions(user: User, subject: Subject) -> frozenset[Action]:
    return frozenset(action for action in Action if may(user, action, subject))


def opinion_units(user: User) -> list[OrgUnit]:
    """Units whose opinions the user reads."""
    return units_with_role(user, *ROLES[Action.READ_OPINIONS])


def publishing_units(user: User) -> list[OrgUnit]:
    """Units whose publishing (and, for some, opinions) the user sees."""
    return units_with_role(user, *ROLES[Action.VIEW_PUBLISHING])
