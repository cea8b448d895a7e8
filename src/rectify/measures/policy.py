"""Who may do what to a measure: one table, read by services, pages and the API alike.

Each `Action` has one `Rule`: who may take it (a role test against the measure's units), in
which states (taken from the workflow table where the action is a transition, never
re-listed), and, where needed, a guard on the measure's own data (an open sign-off request,
a pending extension). Services call `require()`; pages and the API call `allowed_actions()`.
The state of a transition is checked once more by `workflow.transition()` when it is applied.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from rectify.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import DEPARTMENT_ROLES, unit_in_subtree, units_with_role

from .enums import Decision, ExtensionStatus, MeasureStatus, PlanStatus
from .models import Measure
from .workflow import TRANSITIONS, WORKING_STATES

ALL_STATES = frozenset(MeasureStatus)


class Action(enum.StrEnum):
    EDIT_PLAN = "edit_plan"  # text, owners, indicators, suggestions, position, deletion
    SET_DEADLINE = "set_deadline"
    MARK_LONG_TERM = "mark_long_term"
    REPORT_PROGRESS = "report_progress"
    ADD_EVIDENCE = "add_evidence"
    REQUEST_EXTENSION = "request_extension"
    DECIDE_EXTENSION = "decide_extension"
    REQUEST_SIGNOFF = "request_signoff"
    WITHDRAW_SIGNOFF = "withdraw_signoff"
    APPROVE_SIGNOFF = "approve_signoff"
    RETURN_SIGNOFF = "return_signoff"
    REOPEN = "reopen"


class Subject:
    """One user facing one measure: the role tests, each computed once."""

    def __init__(self, user: User, measure: Measure) -> None:
        self.user, self.measure = user, measure

    @cached_property
    def inspected_unit(self) -> OrgUnit:
        return self.measure.finding.inspection.inspected_unit

    @cached_property
    def office(self) -> bool:
        """The rectification office of the inspected unit: plans and manages."""
        return unit_in_subtree(self.inspected_unit, units_with_role(self.user, Role.OFFICE))

    @cached_property
    def lead_department(self) -> bool:
        departments = units_with_role(self.user, *DEPARTMENT_ROLES)
        return unit_in_subtree(self.measure.lead_department, departments)

    @cached_property
    def department(self) -> bool:
        """The lead or a co-operating department of the measure."""
        if self.lead_department:
            return True
        departments = units_with_role(self.user, *DEPARTMENT_ROLES)
        return any(unit_in_subtree(u, departments) for u in self.measure.co_departments.all())

    @cached_property
    def leader(self) -> bool:
        return unit_in_subtree(self.inspected_unit, units_with_role(self.user, Role.LEADER))

    @cached_property
    def reviewer(self) -> bool:
        """Decides 销号: the unit's leader, or the inspecting body's reviewer covering it."""
        if self.leader:
            return True
        reviewers = units_with_role(self.user, Role.REVIEWER)
        inspecting = self.measure.finding.inspection.inspecting_unit
        return unit_in_subtree(self.inspected_unit, reviewers) or unit_in_subtree(
            inspecting, reviewers
        )

    @cached_property
    def open_signoff(self):
        if self.measure.status != MeasureStatus.SIGNOFF_REQUESTED:
            return None
        return self.measure.signoffs.filter(decision=Decision.PENDING).first()

    @cached_property
    def pending_extension(self):
        return self.measure.extensions.filter(status=ExtensionStatus.PENDING).first()

    @property
    def requester(self) -> bool:
        """Who asked for the latest sign-off (whatever became of it: a late withdrawal is
        then refused by the workflow, which names the state, not as a stranger's act)."""
        latest = self.measure.signoffs.order_by("-pk").first()
        return latest is not None and latest.requested_by_id == self.user.pk


@dataclass(frozen=True)
class Rule:
    label: object
    who: Callable[[Subject], bool]
    transition: str | None = None  # the states are then the transition's sources
    states: frozenset[str] = ALL_STATES
    guard: Callable[[Subject], bool] | None = None  # a condition on the measure's data
    refusals: dict[str, object] | None = None  # what to say in a state the rule does not allow

    def allowed_states(self) -> frozenset[str]:
        return TRANSITIONS[self.transition].sources if self.transition else self.states


SIGNED_OFF_FROZEN = _("This measure is signed off and cannot be changed; reopen it first.")

RULES: dict[Action, Rule] = {
    Action.EDIT_PLAN: Rule(
        _("Edit the plan"),
        lambda s: s.office,
        states=ALL_STATES - {MeasureStatus.SIGNED_OFF},
        refusals={MeasureStatus.SIGNED_OFF: SIGNED_OFF_FROZEN},
    ),
    Action.SET_DEADLINE: Rule(
        _("Set the deadline"),
        lambda s: s.office,
        states=ALL_STATES - {MeasureStatus.SIGNED_OFF},
        refusals={MeasureStatus.SIGNED_OFF: SIGNED_OFF_FROZEN},
    ),
    Action.MARK_LONG_TERM: Rule(
        TRANSITIONS["mark_long_term"].label, lambda s: s.office, transition="mark_long_term"
    ),
    Action.REPORT_PROGRESS: Rule(
        _("Report progress"),
        lambda s: s.office or s.department,
        states=TRANSITIONS["start"].sources | WORKING_STATES,
        refusals={
            MeasureStatus.SIGNED_OFF: _("This measure is signed off; reopen it before reporting."),
            MeasureStatus.SIGNOFF_REQUESTED: _(
                "A sign-off request is under review; withdraw it before adding progress."
            ),
        },
    ),
    Action.ADD_EVIDENCE: Rule(
        _("Add evidence"),
        lambda s: s.office or s.department,
        states=ALL_STATES - {MeasureStatus.SIGNED_OFF, MeasureStatus.SIGNOFF_REQUESTED},
        refusals=dict.fromkeys(
            (MeasureStatus.SIGNED_OFF, MeasureStatus.SIGNOFF_REQUESTED),
            _("Evidence cannot be added while sign-off is requested or done."),
        ),
    ),
    Action.REQUEST_EXTENSION: Rule(
        _("Request an extension"),
        lambda s: s.office or s.department,
        states=ALL_STATES - {MeasureStatus.SIGNED_OFF},
        guard=lambda s: s.pending_extension is None,
        refusals={MeasureStatus.SIGNED_OFF: _("A signed-off measure needs no extension.")},
    ),
    Action.DECIDE_EXTENSION: Rule(
        _("Decide on the extension"),
        lambda s: s.leader,
        guard=lambda s: s.pending_extension is not None,
    ),
    Action.REQUEST_SIGNOFF: Rule(
        TRANSITIONS["request_signoff"].label,
        lambda s: s.office or s.lead_department,
        transition="request_signoff",
    ),
    Action.WITHDRAW_SIGNOFF: Rule(
        TRANSITIONS["withdraw_signoff"].label,
        lambda s: s.requester or s.office,
        transition="withdraw_signoff",
    ),
    Action.APPROVE_SIGNOFF: Rule(
        TRANSITIONS["approve_signoff"].label, lambda s: s.reviewer, transition="approve_signoff"
    ),
    Action.RETURN_SIGNOFF: Rule(
        TRANSITIONS["return_signoff"].label, lambda s: s.reviewer, transition="return_signoff"
    ),
    Action.REOPEN: Rule(
        TRANSITIONS["reopen"].label, lambda s: s.reviewer or s.office, transition="reopen"
    ),
}


def require(user: User | None, action: Action, measure: Measure) -> None:
    """Refuse (PermissionRefused) a user the rule does not admit; for an action that is not a
    transition, also refuse (TransitionNotAllowed) a state the rule does not allow.

    ``user`` None is the system itself (commands, the importer): always admitted.
    """
    rule = RULES[action]
    if user is not None and not rule.who(Subject(user, measure)):
        raise PermissionRefused()
    if rule.transition is None and measure.status not in rule.states:
        if rule.refusals and measure.status in rule.refusals:
            raise ValidationFailed(rule.refusals[measure.status])
        raise TransitionNotAllowed(
            _("“%(action)s” is not allowed while the measure is “%(status)s”."),
            action=rule.label,
            status=MeasureStatus(measure.status).label,
        )


def require_each(user: User | None, action: Action, measures: list[Measure]) -> None:
    """`require` for many measures of one round: who is decided once per inspected unit
    (the plan grid saves 50 rows without 50 role look-ups), the state of every measure."""
    rule = RULES[action]
    decided: dict[int, bool] = {}
    for measure in measures:
        if user is not None:
            unit_id = measure.finding.inspection.inspected_unit_id
            if unit_id not in decided:
                decided[unit_id] = rule.who(Subject(user, measure))
            if not decided[unit_id]:
                raise PermissionRefused()
        require(None, action, measure)  # the state (and its refusal message) for each


def may(user: User, action: Action, measure: Measure) -> bool:
    """Whether the user is one the rule admits, whatever the measure's state."""
    return RULES[action].who(Subject(user, measure))


def allowed_actions(user: User, measure: Measure) -> frozenset[Action]:
    """The actions this user can take on this measure now: person, state and guard."""
    subject = Subject(user, measure)
    return frozenset(
        action
        for action, rule in RULES.items()
        if measure.status in rule.allowed_states()
        and (rule.guard is None or rule.guard(subject))
        and rule.who(subject)
    )


# The plan of a round as a whole (整改方案): the office submits it, the leader decides.


class PlanAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


@dataclass(frozen=True)
class PlanRule:
    who: Callable[[User, OrgUnit], bool]
    states: frozenset[str]


def _office(user: User, unit: OrgUnit) -> bool:
    return unit_in_subtree(unit, units_with_role(user, Role.OFFICE))


def _leader(user: User, unit: OrgUnit) -> bool:
    return unit_in_subtree(unit, units_with_role(user, Role.LEADER))


PLAN_RULES: dict[PlanAction, PlanRule] = {
    PlanAction.SUBMIT: PlanRule(_office, frozenset({PlanStatus.DRAFT, PlanStatus.RETURNED})),
    PlanAction.APPROVE: PlanRule(_leader, frozenset({PlanStatus.SUBMITTED})),
    PlanAction.RETURN: PlanRule(_leader, frozenset({PlanStatus.SUBMITTED})),
}


def plan_allowed_actions(user: User, inspection, status: str) -> frozenset[PlanAction]:
    """What the user may do with the round's plan in its current status."""
    unit = inspection.inspected_unit
    return frozenset(
        action
        for action, rule in PLAN_RULES.items()
        if status in rule.states and rule.who(user, unit)
    )


def plan_require(user: User | None, action: PlanAction, inspection, status: str) -> None:
    rule = PLAN_RULES[action]
    if user is not None and not rule.who(user, inspection.inspected_unit):
        raise PermissionRefused()
    if status not in rule.states:
        raise TransitionNotAllowed(
            _("This cannot be done while the plan is “%(status)s”."),
            status=PlanStatus(status).label,
        )


def plan_documents_allowed(user: User | None, inspection) -> bool:
    """The whole plan (整改方案) and the rectification report as documents: those who write,
    approve, supervise or receive them — the office, the leader, the discipline office, the
    inspecting body's reviewer — not the departments, who read only their own measures."""
    if user is None:
        return True
    roles = (Role.OFFICE, Role.LEADER, Role.DISCIPLINE, Role.REVIEWER)
    if unit_in_subtree(inspection.inspected_unit, units_with_role(user, *roles)):
        return True
    return unit_in_subtree(inspection.inspecting_unit, units_with_role(user, Role.REVIEWER))
