"""Re-import: pair the document's findings and measures with the rows already there."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from rectify.inspections.models import Finding
from rectify.lib.numbering import parse_label
from rectify.lib.text import normalize_for_compare
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure, ProgressReport

from .data import KEEP, UPDATE, ImportPlan, PlannedFinding


def _has_progress_q() -> Q:
    reports = ProgressReport.objects.filter(measure_id=OuterRef("pk"))
    return Q(Exists(reports)) | ~Q(status=MeasureStatus.NOT_STARTED)


def _match(planned: list, existing: list, keys) -> None:
    """Pair planned nodes with existing rows: each key function in turn, first come first."""
    free = list(existing)
    for key in keys:
        for node in planned:
            if node.existing is not None:
                continue
            k = key(node, None)
            if k is None:
                continue
            for row in free:
                if key(None, row) == k:
                    node.existing = row
                    free.remove(row)
                    break


def _finding_keys():
    def title(node, row):
        return normalize_for_compare((node.title if node else row.title) or "") or None

    def label(node, row):
        value = node.label if node else row.label
        parsed = parse_label(value) if value else None
        return (parsed.kind, parsed.ordinal) if parsed else None

    def position(node, row):
        return node.position if node else row.position

    return (title, label, position)


def _measure_keys():
    def text(node, row):
        return normalize_for_compare((node.text if node else row.text) or "") or None

    def label(node, row):
        return (node.label if node else row.label) or None

    def position(node, row):
        return node.position if node else row.position

    return (text, label, position)


def diff(row, wanted: dict) -> dict:
    return {k: v for k, v in wanted.items() if getattr(row, k) != v}


class _TreeComparison:
    """The rows of an inspection's tree, against which a planned tree is matched."""

    def __init__(self, plan: ImportPlan, rows: list[Finding]) -> None:
        self.plan = plan
        self.children_of: dict[int | None, list[Finding]] = {}
        for row in rows:
            self.children_of.setdefault(row.parent_id, []).append(row)
        measures = Measure.objects.filter(finding__in=rows)
        self.progress = set(measures.filter(_has_progress_q()).values_list("pk", flat=True))
        self.measures_of: dict[int, list[Measure]] = {}
        for measure in measures.order_by("position", "pk"):
            self.measures_of.setdefault(measure.finding_id, []).append(measure)

    def remove_subtree(self, row: Finding) -> None:
        """A finding the new file no longer has: removed, unless a measure under it has progress."""
        stack, subtree = [row], []
        while stack:
            node = stack.pop()
            subtree.append(node)
            stack.extend(self.children_of.get(node.pk, []))
        measures = [m for node in subtree for m in self.measures_of.get(node.pk, [])]
        if not any(m.pk in self.progress for m in measures):
            self.plan.remove_findings.append(row)
            return
        self.plan.kept_measures.extend(m for m in measures if m.pk in self.progress)
        self.plan.warnings.append(
            {
                "code": "finding_kept",
                "message": f"问题“{row}”不在新文件中，但其措施已有进展，予以保留",
                "message_en": f"finding “{row}” is not in the new file but has progress; kept",
                "finding_path": None,
            }
        )

    def walk(self, nodes: list[PlannedFinding], parent: Finding | None) -> None:
        existing = sorted(
            self.children_of.get(parent.pk if parent else None, []),
            key=lambda r: (r.position, r.pk),
        )
        _match(nodes, existing, _finding_keys())
        for node in nodes:
            row = node.existing
            if row is None:
                continue  # a new subtree: everything under it is created
            wanted = {
                "kind": node.kind,
                "label": node.label,
                "title": node.title,
                "text": node.text,
                "numbered": node.numbered,
                "position": node.position,
            }
            node.changes = diff(row, wanted)
            node.action = UPDATE if node.changes else KEEP
            _compare_measures(self.plan, node, self.measures_of.get(row.pk, []), self.progress)
            self.walk(node.children, row)
        for row in existing:
            if not any(n.existing is row for n in nodes):
                self.remove_subtree(row)


def compare_findings(plan: ImportPlan, planned: list[PlannedFinding], rows: list[Finding]):
    """Match the planned tree against the rows: what is kept, updated, created, removed."""
    _TreeComparison(plan, rows).walk(planned, None)


def _compare_measures(plan, node: PlannedFinding, rows: list[Measure], progress: set[int]):
    _match(node.measures, rows, _measure_keys())
    for item in node.measures:
        row = item.existing
        if row is None:
            continue
        wanted = {"label": item.label, "text": item.text, "position": item.position}
        if row.status == MeasureStatus.NOT_STARTED and not row.deadline and item.deadline:
            wanted["deadline"] = item.deadline
        if row.status == MeasureStatus.NOT_STARTED and row.suggested_status != (
            item.suggested_status
        ):
            wanted["suggested_status"] = item.suggested_status
            wanted["suggestion_reason"] = item.suggestion_reason
        item.changes = diff(row, wanted)
        item.action = UPDATE if item.changes else KEEP
    for row in rows:
        if any(m.existing is row for m in node.measures):
            continue
        if row.pk in progress:
            plan.kept_measures.append(row)
            plan.warnings.append(
                {
                    "code": "measure_kept",
                    "message": f"措施“{str(row)[:30]}”不在新文件中，但已有进展，予以保留",
                    "message_en": f"measure “{str(row)[:30]}” is not in the new file but has "
                    "progress; kept",
                    "finding_path": None,
                }
            )
        else:
            plan.remove_measures.append(row)
