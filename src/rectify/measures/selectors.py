"""Reads of measures and their history, and of the rounds a user reaches, scoped to the user."""

import datetime as dt

from django.db import connections
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from rectify.core.expressions import InKeys
from rectify.core.pagination import estimated_count
from rectify.inspections.models import Finding, Inspection
from rectify.inspections.selectors import inspection_unit_scope_q
from rectify.orgs.enums import Role
from rectify.orgs.models import Membership, User
from rectify.orgs.selectors import (
    DEPARTMENT_ROLES,
    UNIT_READERS,
    department_choices_for,
    memberships_of,
    subtree_ids,
    subtree_q,
    units_with_role,
)

from . import search
from .enums import (
    OPEN_STATUSES,
    OVERDUE_STATUSES,
    Decision,
    ExtensionStatus,
    MeasureStatus,
    PlanStatus,
)
from .lights import reasons_of, with_lights
from .models import (
    DeadlineExtension,
    Evidence,
    Measure,
    MeasureEvent,
    Plan,
    PlanRevision,
    ProgressReport,
    SignOff,
    no_deadline_q,
    no_owner_q,
    overdue_q,
)


def measure_scope_q(user: User) -> Q:
    """Measures the user may read: the whole unit for unit-wide roles, else their department's."""
    readers = units_with_role(user, *UNIT_READERS)
    reviewers = units_with_role(user, Role.REVIEWER)
    departments = units_with_role(user, *DEPARTMENT_ROLES)
    query = Q(pk__in=[])
    if readers or reviewers:
        visible = Q(pk__in=[])
        visible |= subtree_q("inspected_unit", readers + reviewers)
        if reviewers:
            visible |= subtree_q("inspecting_unit", reviewers)
        # A small subquery on inspections, then one indexed column on measures.
        query |= Q(inspection__in=Inspection.objects.filter(visible).values("pk"))
    if departments:
        unit_ids = subtree_ids(user, *DEPARTMENT_ROLES)
        query |= departments_measures_q(unit_ids)
    return query


def departments_measures_q(unit_ids) -> Q:
    """Measures led or co-handled by one of the departments: one key list (lead UNION co).

    As one `pk = ANY(ARRAY(…))` (core.expressions.InKeys) PostgreSQL reads a department's
    thousand keys and sorts them. As `lead IN … OR pk IN (…)` it planned a hashed subplan
    tested on every row, walking the ledger's order index through the city: 35–53 ms
    for a department whose measures sit in older rounds, against 2 ms."""
    lead = Measure.objects.filter(lead_department_id__in=unit_ids).order_by().values("pk")
    co = Measure.co_departments.through.objects.filter(orgunit_id__in=unit_ids)
    return Q(InKeys("pk", lead.union(co.order_by().values("measure_id"), all=True)))


def inspection_scope_q(user: User) -> Q:
    """Rounds the user may read: by their units (inspections.selectors), and for departments
    the rounds in which their department has a measure (reached through measures, so here)."""
    query = inspection_unit_scope_q(user)
    unit_ids = subtree_ids(user, *DEPARTMENT_ROLES)
    if unit_ids:
        co = Measure.co_departments.through.objects.filter(orgunit_id__in=unit_ids)
        lead = Measure.objects.filter(lead_department_id__in=unit_ids)
        query |= Q(pk__in=lead.values("inspection_id"))
        query |= Q(pk__in=co.values("measure__inspection_id"))
    return query


def inspection_list_for(*, user: User) -> QuerySet[Inspection]:
    return Inspection.objects.filter(inspection_scope_q(user)).select_related(
        "inspected_unit", "inspecting_unit"
    )


def inspection_get_for(*, user: User, pk: int) -> Inspection:
    """One round, or 404 when it does not exist or is out of the user's reach."""
    return get_object_or_404(inspection_list_for(user=user), pk=pk)


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
        .prefetch_related("co_departments", "co_outside_units")
    )


def _under_finding(qs: QuerySet[Measure], finding: int) -> QuerySet[Measure]:
    """Measures of a finding and of every finding below it."""
    node = Finding.objects.filter(pk=finding).values("sort_key", "inspection_id").first()
    if node is None:
        return qs.none()
    return qs.filter(
        Q(finding_id=finding)
        | Q(
            inspection_id=node["inspection_id"],
            finding__sort_key__startswith=f"{node['sort_key']}.",
        )
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
    finding: int | None = None,
    light: str = "",
    no_deadline: bool = False,
    no_owner: bool = False,
) -> QuerySet[Measure]:
    if light:
        qs = with_lights(qs, today=today).filter(light_reason__in=reasons_of(light))  # type: ignore[misc]
    if finding:
        qs = _under_finding(qs, finding)
    if department:
        qs = qs.filter(departments_measures_q([department]))
    if person:
        qs = qs.filter(Q(responsible_person_id=person) | Q(responsible_leader_id=person))
    # The plain conditions: each applied when its value is given.
    conditions = [
        (inspection, Q(inspection_id=inspection)),
        (status, Q(status=status)),
        (kind, Q(kind=kind)),
        (deadline_before, Q(deadline__lte=deadline_before)),
        (deadline_after, Q(deadline__gte=deadline_after)),
        (overdue, overdue_q(today)),
        (no_deadline, no_deadline_q()),
        (no_owner, no_owner_q()),
    ]
    for given, condition in conditions:
        if given:
            qs = qs.filter(condition)
    vendor = connections[qs.db].vendor
    for word in q.split()[:8]:
        # Small uncorrelated subqueries (bigram-indexed on PostgreSQL: `search`) instead of
        # four ILIKEs on every row of the ledger.
        qs = qs.filter(search.measure_q(word, vendor=vendor))
    return qs


EXACT_COUNT_UP_TO = 10_000  # beyond this many rows the ledger says "about N" (an estimate)


def ledger_counts(qs: QuerySet[Measure]) -> dict:
    """How many measures, and of them how many lack a deadline or an owner.

    Up to EXACT_COUNT_UP_TO rows: exact, in one query that stops reading after the limit.
    Beyond it the total is the planner's estimate (`estimated` is True; exact on SQLite) and
    each gap is counted up to the limit, so a page never counts a whole city to say "10 001+".
    """
    qs = qs.order_by()
    cap = EXACT_COUNT_UP_TO + 1
    figures = qs[:cap].aggregate(
        total=Count("pk"),
        no_deadline=Count("pk", filter=no_deadline_q()),
        no_owner=Count("pk", filter=no_owner_q()),
    )
    figures["estimated"] = False
    if figures["total"] < cap:
        return figures
    estimate = estimated_count(qs)
    figures.update(
        total=qs.count() if estimate is None else max(estimate, cap),
        estimated=estimate is not None,
        no_deadline=qs.filter(no_deadline_q())[:cap].count(),
        no_owner=qs.filter(no_owner_q())[:cap].count(),
    )
    return figures


def last_returns(measure_ids: list[int]) -> dict[int, SignOff]:
    """For each returned measure, the return that sent it back (reviewer, date, reason)."""
    returns = (
        SignOff.objects.filter(measure_id__in=measure_ids, decision=Decision.RETURNED)
        .select_related("reviewer")
        .order_by("measure_id", "-decided_at", "-pk")
    )
    latest: dict[int, SignOff] = {}
    for signoff in returns:
        latest.setdefault(signoff.measure_id, signoff)
    return latest


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
    mine = Q(responsible_person=user) | Q(responsible_leader=user)
    unit_ids = subtree_ids(user, *DEPARTMENT_ROLES)
    if unit_ids:
        mine |= departments_measures_q(unit_ids)
    return (
        measure_list_for(user=user)
        .filter(mine, status__in=OPEN_STATUSES | {MeasureStatus.LONG_TERM})
        .order_by("deadline", "-inspection_id", "sort_key")
    )


MY_WORK_SECTIONS = ("overdue", "due_soon", "returned", "other")


def my_work_section_q(*, today: dt.date, soon: dt.date) -> dict[str, Q]:
    """The four groups of 我的工作 as conditions, each measure in exactly one (first that fits).

    Overdue: past its deadline and not waiting for sign-off; due soon: deadline within
    [today, soon] and not waiting for sign-off; returned: sent back and neither of those.
    """
    overdue = Q(deadline__lt=today, status__in=OVERDUE_STATUSES)
    due_soon = Q(deadline__gte=today, deadline__lte=soon) & ~Q(
        status=MeasureStatus.SIGNOFF_REQUESTED
    )
    returned = Q(status=MeasureStatus.RETURNED) & ~overdue & ~due_soon
    other = ~overdue & ~due_soon & ~Q(status=MeasureStatus.RETURNED)
    return {"overdue": overdue, "due_soon": due_soon, "returned": returned, "other": other}


def my_work_counts(*, user: User, today: dt.date, soon: dt.date) -> dict[str, int]:
    """How many measures each group of 我的工作 holds, in one query."""
    conditions = my_work_section_q(today=today, soon=soon)
    base = my_work_for(user=user, today=today).order_by()
    counts = base.aggregate(**{k: Count("pk", filter=q) for k, q in conditions.items()})
    return {k: counts[k] or 0 for k in MY_WORK_SECTIONS}


def signoff_queue_for(*, user: User) -> QuerySet[Measure]:
    """Sign-off requests this user may decide: the policy's reviewer rule as one query."""
    leaders = units_with_role(user, Role.LEADER)
    reviewers = units_with_role(user, Role.REVIEWER)
    if not leaders and not reviewers:
        return Measure.objects.none()
    query = subtree_q("inspection__inspected_unit", leaders + reviewers)
    if reviewers:
        query |= subtree_q("inspection__inspecting_unit", reviewers)
    return (
        measure_list_for(user=user)
        .filter(query, status=MeasureStatus.SIGNOFF_REQUESTED)
        .order_by("updated_at", "pk")
    )


# Reads for the web UI


def with_extension_counts(qs: QuerySet[Measure]) -> QuerySet[Measure]:
    """Annotate `extension_count`: deadline changes that took effect (approved or set)."""

    counts = (
        DeadlineExtension.objects.filter(
            measure=OuterRef("pk"),
            status__in=[ExtensionStatus.APPROVED, ExtensionStatus.SET_DIRECTLY],
            old_deadline__isnull=False,
        )
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(extension_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


def measure_people_for(*, user: User) -> QuerySet[User]:
    """People the ledger's person filter offers: those holding a role in the units the user
    reads, and the leaders above the user's own units (who answer for their measures).

    Read from the memberships (hundreds of rows), not from every measure the user may read.
    """
    units = department_choices_for(user)
    paths = [m.org_unit.path for m in memberships_of(user)]
    above = {int(i) for path in paths for i in path.split("/") if i}
    members = Membership.objects.filter(
        Q(org_unit__in=units) | Q(org_unit_id__in=above, role=Role.LEADER)
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by(
        "display_name", "username"
    )


def evidence_list_for(*, user: User) -> QuerySet[Evidence]:
    """The evidence files of the measures the user may read."""
    return Evidence.objects.filter(
        report__measure__in=Measure.objects.filter(measure_scope_q(user))
    ).select_related("report__measure")


def evidence_get_for(*, user: User, pk: int) -> Evidence:
    """One evidence file whose measure the user may read, or 404."""
    evidence: Evidence = get_object_or_404(evidence_list_for(user=user), pk=pk)
    return evidence


def finding_get_for(*, user: User, pk: int) -> Finding:
    """One finding of a round the user reaches, or 404."""
    finding: Finding = get_object_or_404(
        Finding.objects.filter(inspection__in=inspection_list_for(user=user)).select_related(
            "inspection", "inspection__inspected_unit", "parent"
        ),
        pk=pk,
    )
    return finding


def plan_for(*, inspection: Inspection) -> Plan:
    """The round's plan; an unsaved draft when nobody has submitted it yet."""
    plan = (
        Plan.objects.filter(inspection=inspection)
        .select_related("submitted_by", "approved_by")
        .first()
    )
    return plan or Plan(inspection=inspection, status=PlanStatus.DRAFT)


def plan_revisions_for(*, inspection: Inspection) -> list[PlanRevision]:
    """Versions of the round's plan after approval, newest first (the snapshot left out)."""
    return list(
        PlanRevision.objects.filter(plan__inspection=inspection)
        .defer("snapshot")
        .select_related("actor", "measure")
        .order_by("-number")
    )


def findings_with_records(*, inspection: Inspection) -> tuple[set[int], set[int]]:
    """What hangs on the round's measures (reports, sign-offs, extensions, status changes):
    the measures with records, and every finding with such a measure in its subtree. These
    are withdrawn with a reason, never deleted (two queries: one EXISTS per kind of record)."""
    recorded = Q()
    for model in (ProgressReport, SignOff, DeadlineExtension, MeasureEvent):
        recorded |= Q(Exists(model.objects.filter(measure=OuterRef("pk"))))
    finding_of = dict(
        Measure.objects.filter(inspection=inspection)
        .filter(recorded)
        .values_list("pk", "finding_id")
        .order_by()
    )
    owners = set(finding_of)
    parents = dict(inspection.findings.values_list("pk", "parent_id"))
    findings: set[int] = set()
    for finding_id in finding_of.values():
        node: int | None = finding_id
        while node is not None and node not in findings:
            findings.add(node)
            node = parents.get(node)
    return owners, findings
