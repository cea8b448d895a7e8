"""Ledger statistics: one selector feeds the inspection page, `rectify stats`, Excel and notice."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import DeadlineExtension, Measure, overdue_q


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
    return {status.value: counter.get(status.value, 0) for status in MeasureStatus}


def finding_counts(*, inspection: Inspection, today: dt.date) -> dict[int, NodeCounts]:
    """Per finding: measures by status and overdue, rolled up the tree (two queries)."""
    rows = (
        Measure.objects.filter(finding__inspection=inspection)
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
        node = finding_id
        while node is not None:
            rolled[node].add(counts)
            node = parents.get(node)
    return rolled


def inspection_stats(*, inspection: Inspection, today: dt.date) -> dict:
    """The figures an inspection page shows, as plain data (JSON-ready)."""
    findings = list(inspection.findings.values("pk", "kind", "parent_id"))
    with_measures = set(
        Measure.objects.filter(finding__inspection=inspection)
        .values_list("finding_id", flat=True)
        .distinct()
    )
    measures = Measure.objects.filter(finding__inspection=inspection)
    by_status = Counter(dict(measures.values_list("status").annotate(n=Count("pk"))))
    total = sum(by_status.values())
    done = by_status.get(MeasureStatus.SIGNED_OFF, 0)
    parent_ids = {f["parent_id"] for f in findings}
    aspects = sum(1 for f in findings if f["kind"] == FindingKind.ASPECT)
    problems = sum(1 for f in findings if f["kind"] == FindingKind.PROBLEM)
    return {
        "id": inspection.pk,
        "title": inspection.title,
        "kind": inspection.kind,
        "inspected_unit": str(inspection.inspected_unit),
        "inspecting_body": inspection.inspecting_body,
        "feedback_date": inspection.feedback_date.isoformat() if inspection.feedback_date else None,
        "aspects": aspects,
        "problems": problems,
        "findings": len(findings),
        "findings_with_measures": len(with_measures),
        "findings_without_measures": sum(
            1 for f in findings if f["pk"] not in with_measures and f["pk"] not in parent_ids
        ),
        "measures": {
            "total": total,
            "by_status": _status_dict(by_status),
            "overdue": measures.overdue(today).count(),
            "done": done,
            "open": total - done,
            "done_rate": round(100 * done / total, 1) if total else 0.0,
            "no_owner": measures.filter(
                lead_department__isnull=True, responsible_person__isnull=True
            ).count(),
            "no_deadline": measures.filter(deadline__isnull=True).exclude(kind="long_term").count(),
            "extended": DeadlineExtension.objects.filter(
                measure__finding__inspection=inspection, status__in=["approved", "set"]
            )
            .values("measure")
            .distinct()
            .count(),
        },
    }


def stats_for(*, inspections, today: dt.date) -> list[dict]:
    return [inspection_stats(inspection=i, today=today) for i in inspections]


def leaf_findings(inspection: Inspection) -> list[Finding]:
    return list(inspection.findings.filter(measures__isnull=False).distinct().in_tree_order())
