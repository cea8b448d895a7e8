"""Reads of measures and their history, scoped to the user, and who may act on a measure."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from rectify.orgs.enums import Role
from rectify.orgs.models import User
from rectify.orgs.selectors import (
    DEPARTMENT_ROLES,
    UNIT_READERS,
    subtree_q,
    unit_in_subtree,
    units_with_role,
)

from .enums import OPEN_STATUSES, MeasureStatus
from .models import Measure, ProgressReport


def measure_scope_q(user: User) -> Q:
    """Measures the user may read: the whole unit for unit-wide roles, else their department's."""
    readers = units_with_role(user, *UNIT_READERS)
    reviewers = units_with_role(user, Role.REVIEWER)
    departments = units_with_role(user, *DEPARTMENT_ROLES)
    query = Q(pk__in=[])
    if readers or reviewers:
        query |= subtree_q("finding__inspection__inspected_unit", readers + reviewers)
    if reviewers:
        query |= subtree_q("finding__inspection__inspecting_unit", reviewers)
    if departments:
        co = Measure.co_departments.through.objects.filter(
            subtree_q("orgunit", departments), measure_id=OuterRef("pk")
        )
        query |= subtree_q("lead_department", departments) | Q(Exists(co))
    return query


def measure_list_for(*, user: User) -> QuerySet[Measure]:
    return (
        Measure.objects.filter(measure_scope_q(user))
        .select_related(
            "finding",
            "finding__parent",
            "finding__inspection",
            "lead_department",
            "responsible_leader",
            "responsible_person",
        )
        .prefetch_related("co_departments")
    )


def measure_filter(
    qs: QuerySet[Measure],
    *,
    today: dt.date,
    inspection: int | None = None,
    status: str = "",
    department: int | None = None,
    person: int | None = None,
    deadline_before: dt.date | None = None,
    deadline_after: dt.date | None = None,
    overdue: bool = False,
    q: str = "",
    kind: str = "",
) -> QuerySet[Measure]:
    if inspection:
        qs = qs.filter(finding__inspection_id=inspection)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if department:
        qs = qs.filter(Q(lead_department_id=department) | Q(co_departments__id=department))
    if person:
        qs = qs.filter(Q(responsible_person_id=person) | Q(responsible_leader_id=person))
    if deadline_before:
        qs = qs.filter(deadline__lte=deadline_before)
    if deadline_after:
        qs = qs.filter(deadline__gte=deadline_after)
    if overdue:
        qs = qs.overdue(today)
    for word in q.split():
        qs = qs.filter(
            Q(text__icontains=word)
            | Q(finding__title__icontains=word)
            | Q(finding__parent__title__icontains=word)
            | Q(target__icontains=word)
        )
    return qs.distinct() if department else qs


def measure_get_for(*, user: User, pk: int) -> Measure:
    """One measure with its history, or 404 when out of the user's reach."""
    reports = ProgressReport.objects.select_related("author").prefetch_related(
        "evidence", "indicator_values__indicator"
    )
    return get_object_or_404(
        measure_list_for(user=user).prefetch_related(
            Prefetch("reports", queryset=reports),
            "indicators",
            "events__actor",
            "extensions__requested_by",
            "extensions__decided_by",
        ),
        pk=pk,
    )


def my_work_for(*, user: User, today: dt.date) -> QuerySet[Measure]:
    """Open measures the user answers for: as person or leader, or in their department."""
    departments = units_with_role(user, *DEPARTMENT_ROLES)
    mine = Q(responsible_person=user) | Q(responsible_leader=user)
    if departments:
        mine |= subtree_q("lead_department", departments)
    return (
        measure_list_for(user=user)
        .filter(mine, status__in=OPEN_STATUSES | {MeasureStatus.LONG_TERM})
        .order_by("deadline", "finding__sort_key", "position")
    )


# Capabilities: one place that answers "may this user do X to this measure?"


def _inspected_unit(measure: Measure):
    return measure.finding.inspection.inspected_unit


def can_manage(user: User, measure: Measure) -> bool:
    """Plan, assign, edit: the rectification office of the inspected unit."""
    return unit_in_subtree(_inspected_unit(measure), units_with_role(user, Role.OFFICE))


def can_report(user: User, measure: Measure) -> bool:
    """Report progress and evidence: the measure's departments, or the office."""
    if can_manage(user, measure):
        return True
    departments = units_with_role(user, *DEPARTMENT_ROLES)
    units = [measure.lead_department, *measure.co_departments.all()]
    return any(unit_in_subtree(unit, departments) for unit in units if unit)


def can_request_signoff(user: User, measure: Measure) -> bool:
    if can_manage(user, measure):
        return True
    return unit_in_subtree(measure.lead_department, units_with_role(user, *DEPARTMENT_ROLES))


def can_review_signoff(user: User, measure: Measure) -> bool:
    """Review 销号: the unit's leader, or the inspecting body's reviewer covering the unit."""
    unit = _inspected_unit(measure)
    if unit_in_subtree(unit, units_with_role(user, Role.LEADER)):
        return True
    reviewers = units_with_role(user, Role.REVIEWER)
    inspecting = measure.finding.inspection.inspecting_unit
    return unit_in_subtree(unit, reviewers) or unit_in_subtree(inspecting, reviewers)


def can_decide_extension(user: User, measure: Measure) -> bool:
    return unit_in_subtree(_inspected_unit(measure), units_with_role(user, Role.LEADER))
