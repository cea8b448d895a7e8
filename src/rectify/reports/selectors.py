"""Ledger statistics: one selector feeds the inspection page, `rectify stats`, Excel and notice."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import ExtensionStatus, MeasureStatus
from rectify.measures.models import (
    DeadlineExtension,
    Measure,
    no_deadline_q,
    no_owner_q,
    overdue_q,
)


@dataclass
class NodeCounts:
    total: int = 0
    by_status: Counter = field(default_factory=Counter)
    overdue: int = 0

    def add(self, other: "NodeCounts") -> None:
        self.total += other.total
        self.by_status.update(other.by_status)
        self.overdue += other.overdue

    @property
    def done(self) -> int:
        return self.by_status.get(MeasureStatus.SIGNED_OFF, 0)


def _status_dict(counter: Counter) -> dict[str, int]:
    return {status.value: counter.get(status.value, 0) for status in COUNTED_STATUSES}


# A withdrawn measure (已撤销) stays on its page and in the ledger, but in no figure.
COUNTED_STATUSES = [s for s in MeasureStatus if s != MeasureStatus.WITHDRAWN]


def in_plan(qs):
    """Measures still in the plan (`MeasureQuerySet.in_plan`): what every figure counts."""
    return qs.in_plan()


def finding_counts(
    *, inspection: Inspection, today: dt.date, measures: QuerySet[Measure] | None = None
) -> dict[int, NodeCounts]:
    """Per finding: measures by status and overdue, rolled up the tree (two queries).

    `measures` limits the count to what a user may open (`measure_list_for(user=…)`), so that
    a department's tree counts the measures its ledger shows."""
    scope = Measure.objects.all() if measures is None else measures
    rows = (
        in_plan(scope.filter(inspection=inspection))
        .select_related(None)
        .prefetch_related(None)
        .order_by()
        .values("finding_id", "status")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue_q(today)))
    )
    own: dict[int, NodeCounts] = defaultdict(NodeCounts)
    for row in rows:
        counts = own[row["finding_id"]]
        counts.total += row["n"]
        counts.by_status[row["status"]] += row["n"]
        counts.overdue += row["late"]
    parents = dict(inspection.findings.values_list("pk", "parent_id"))
    rolled: dict[int, NodeCounts] = defaultdict(NodeCounts)
    for finding_id, counts in own.items():
        node: int | None = finding_id
        while node is not None:
            rolled[node].add(counts)
            node = parents.get(node)
    return rolled


def inspection_stats(*, inspection: Inspection, today: dt.date) -> dict:
    """The figures an inspection page shows, as plain data (JSON-ready)."""
    return stats_for(inspections=[inspection], today=today)[0]


def _finding_counts(ids: list[int]) -> tuple[dict, dict, dict]:
    """Per inspection: findings by kind, findings carrying measures, leaves without any."""
    kinds: dict[int, Counter] = defaultdict(Counter)
    for row in (
        Finding.objects.filter(inspection_id__in=ids)
        .current()
        .values("inspection_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        kinds[row["inspection_id"]][row["kind"]] = row["n"]
    carrying = dict(
        in_plan(Measure.objects.filter(inspection_id__in=ids))
        .values("inspection_id")
        .annotate(n=Count("finding_id", distinct=True))
        .order_by()
        .values_list("inspection_id", "n")
    )
    bare_leaves = dict(
        Finding.objects.filter(inspection_id__in=ids, children__isnull=True, measures__isnull=True)
        .current()
        .values("inspection_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
        .values_list("inspection_id", "n")
    )
    return kinds, carrying, bare_leaves


def _measure_counts(ids: list[int], today: dt.date) -> tuple[dict, dict, dict]:
    """Per inspection: measures by status; overdue, ownerless, dateless; extended."""
    by_status: dict[int, Counter] = defaultdict(Counter)
    extra: dict[int, Counter] = defaultdict(Counter)
    for row in (
        in_plan(Measure.objects.filter(inspection_id__in=ids))
        .values("inspection_id", "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today)),
            no_owner=Count("pk", filter=no_owner_q()),
            no_deadline=Count("pk", filter=no_deadline_q()),
        )
        .order_by()
    ):
        by_status[row["inspection_id"]][row["status"]] = row["n"]
        for key in ("overdue", "no_owner", "no_deadline"):
            extra[row["inspection_id"]][key] += row[key]
    extended = dict(
        DeadlineExtension.objects.filter(
            measure__inspection_id__in=ids,
            measure__status__in=COUNTED_STATUSES,
            measure__finding__withdrawn_at__isnull=True,
            status__in=[ExtensionStatus.APPROVED, ExtensionStatus.SET_DIRECTLY],
            old_deadline__isnull=False,  # first setting a deadline while planning is no extension
        )
        .values("measure__inspection_id")
        .annotate(n=Count("measure_id", distinct=True))
        .order_by()
        .values_list("measure__inspection_id", "n")
    )
    return by_status, extra, extended


def _measures_figures(statuses: Counter, extra: Counter, extended: int) -> dict:
    total = sum(statuses.values())
    done = statuses.get(MeasureStatus.SIGNED_OFF, 0)
    return {
        "total": total,
        "by_status": _status_dict(statuses),
        "overdue": extra["overdue"],
        "done": done,
        "open": total - done,
        "done_rate": round(100 * done / total, 1) if total else 0.0,
        "no_owner": extra["no_owner"],
        "no_deadline": extra["no_deadline"],
        "extended": extended,
    }


def stats_for(*, inspections, today: dt.date) -> list[dict]:
    """Statistics of many inspections in a fixed number of queries (five), whatever their size.

    The one source of every figure: pages, `rectify stats`, the API, exports and notices.
    """
    inspections = list(inspections)
    ids = [i.pk for i in inspections]
    if not ids:
        return []
    kinds, carrying, bare_leaves = _finding_counts(ids)
    by_status, extra, extended = _measure_counts(ids, today)
    return [
        {
            "id": i.pk,
            "title": i.title,
            "kind": i.kind,
            "inspected_unit": str(i.inspected_unit),
            "inspecting_body": i.inspecting_body,
            "feedback_date": i.feedback_date.isoformat() if i.feedback_date else None,
            "aspects": kinds[i.pk][FindingKind.ASPECT],
            "problems": kinds[i.pk][FindingKind.PROBLEM],
            "findings": sum(kinds[i.pk].values()),
            "findings_with_measures": carrying.get(i.pk, 0),
            "findings_without_measures": bare_leaves.get(i.pk, 0),
            "measures": _measures_figures(by_status[i.pk], extra[i.pk], extended.get(i.pk, 0)),
        }
        for i in inspections
    ]


def measures_by_department(*, inspection: Inspection, today: dt.date) -> list[dict]:
    """Per lead department: measures total, signed off and overdue (for the bar chart)."""

    rows = (
        in_plan(Measure.objects.filter(inspection=inspection))
        .values("lead_department_id", "lead_department__name", "lead_department__short_name")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=MeasureStatus.SIGNED_OFF)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
        .order_by("-total", "lead_department__name")
    )
    return [
        {
            "department_id": row["lead_department_id"],
            "department": row["lead_department__short_name"] or row["lead_department__name"] or "",
            "total": row["total"],
            "done": row["done"],
            "overdue": row["overdue"],
            "open": row["total"] - row["done"],
        }
        for row in rows
    ]


def responsibility_groups(measures, *, today: dt.date) -> list[dict]:
    """责任清单: measures grouped leader → lead department → person, with counts.

    Takes an already scoped, ordered iterable of measures; no queries of its own.
    """
    leaders: dict = {}
    for measure in measures:
        leader = leaders.setdefault(
            measure.responsible_leader_id,
            {"leader": measure.responsible_leader, "departments": {}, "counts": Counter()},
        )
        dept = leader["departments"].setdefault(
            measure.lead_department_id,
            {"department": measure.lead_department, "people": {}, "counts": Counter()},
        )
        person = dept["people"].setdefault(
            measure.responsible_person_id,
            {"person": measure.responsible_person, "measures": [], "counts": Counter()},
        )
        person["measures"].append(measure)
        for counter in (leader["counts"], dept["counts"], person["counts"]):
            counter["total"] += 1
            counter[measure.status] += 1
            if measure.is_overdue(today):
                counter["overdue"] += 1
    out = []
    for leader in leaders.values():
        departments = []
        for dept in leader["departments"].values():
            dept["people"] = list(dept["people"].values())
            departments.append(dept)
        leader["departments"] = departments
        out.append(leader)
    # Named leaders first; "not assigned" last.
    out.sort(key=lambda g: (g["leader"] is None, str(g["leader"] or "")))
    return out
