"""Write an import plan: one transaction, every write through the owning app's services."""

from __future__ import annotations

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.imports.models import ImportRecord
from rectify.insights.tasks import finding_matches_task
from rectify.inspections.models import Finding, Inspection
from rectify.inspections.services import (
    finding_create,
    finding_update,
    inspection_create,
    inspection_update,
    notice_sections_replace,
)
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Indicator, Measure
from rectify.measures.services import (
    finding_remove,
    indicator_set,
    measure_create,
    measure_delete,
    measure_mark_long_term,
    measure_reposition,
    measure_update_from_import,
)
from rectify.orgs.enums import OutsideUnitKind
from rectify.orgs.models import User
from rectify.orgs.services import inspected_unit_get_or_create, outside_unit_get_or_create

from .data import ImportPlan, ImportResult, PlannedFinding, PlannedMeasure

NOTE = "导入通报"


def _apply_inspection(plan: ImportPlan, actor: User | None) -> tuple[Inspection, bool]:
    if plan.inspection is not None:
        if plan.inspection_fields:
            inspection_update(
                inspection=plan.inspection, actor=actor, note=NOTE, **plan.inspection_fields
            )
        return plan.inspection, False
    fields = dict(plan.inspection_fields)
    unit = plan.inspected_unit
    if unit is None:
        # The unit the feedback names is not in the tree: the round is the importing office's
        # own unit's, and the name goes to the register of outside units (never a department).
        unit = plan.unit_parent
        if unit is None:  # an empty deployment: the unit named is its first, its own
            unit = inspected_unit_get_or_create(
                actor=actor, parent=None, name=plan.unit_name or "被巡察单位"
            )
        else:
            fields["inspected_outside"] = outside_unit_get_or_create(
                actor=actor, name=plan.unit_name, kind=OutsideUnitKind.INSPECTED_UNIT
            )
    inspection = inspection_create(
        actor=actor,
        inspected_unit=unit,
        inspecting_unit=plan.inspecting_unit,
        title=fields.pop("title", ""),
        note=plan.filename,
        **fields,
    )
    return inspection, True


def _apply_sections(plan: ImportPlan, inspection: Inspection, actor: User | None) -> None:
    if plan.sections_changed:
        notice_sections_replace(
            inspection=inspection,
            actor=actor,
            sections=[
                {
                    "placement": s.placement,
                    "position": s.position,
                    "label": s.label[:20],
                    "title": s.title[:300],
                    "text": s.text,
                }
                for s in plan.sections
            ],
        )


def _apply_indicators(item: PlannedMeasure, measure: Measure, actor: User | None) -> None:
    existing = {i.name: i for i in measure.indicators.all()} if item.existing else {}
    for found in item.indicators:
        row = existing.get(found.name)
        if row is not None and (row.unit, row.target_value) == (found.unit, found.target):
            continue  # progress may have moved the current value; the text does not undo it
        indicator_set(
            measure=measure,
            actor=actor,
            name=found.name[:200],
            unit=found.unit,
            target_value=found.target,
            current_value=found.current,
        )


def _chosen(item: PlannedMeasure) -> dict:
    """The kind and category a person chose on the review page (none: the defaults)."""
    fields: dict = {}
    if item.kind and item.kind != MeasureKind.LONG_TERM:
        fields["kind"] = item.kind
    if item.category:
        fields["category"] = item.category
    return fields


def _apply_measure(item: PlannedMeasure, finding: Finding, actor: User | None) -> Measure:
    if item.existing is None:
        long_term = item.kind == MeasureKind.LONG_TERM
        suggested = item.suggested_status
        if long_term and suggested == MeasureStatus.LONG_TERM:
            suggested = ""  # confirmed by the person's choice of kind
        measure = measure_create(
            finding=finding,
            text=item.text,
            actor=actor,
            label=item.label,
            deadline=item.deadline,
            position=item.position,
            suggested_status=suggested,
            suggestion_reason=item.suggestion_reason[:200] if suggested else "",
            **_chosen(item),
        )
        if long_term:
            measure_mark_long_term(measure=measure, actor=actor, note=NOTE)
    else:
        measure = item.existing
        if item.changes:
            measure_update_from_import(measure=measure, actor=actor, note=NOTE, **item.changes)
    _apply_indicators(item, measure, actor)
    return measure


def _apply_finding(
    node: PlannedFinding,
    inspection: Inspection,
    parent: Finding | None,
    actor: User | None,
    kept_measures: list[Measure],
) -> None:
    values = {
        "kind": node.kind,
        "label": node.label[:40],
        "title": node.title,
        "text": node.text,
        "numbered": node.numbered,
        "position": node.position,
    }
    if node.existing is None:
        finding = finding_create(inspection=inspection, actor=actor, parent=parent, **values)
    else:
        finding = node.existing
        finding_update(finding=finding, actor=actor, note=NOTE, parent=parent, **values)
    for item in node.measures:
        _apply_measure(item, finding, actor)
    kept = [m for m in kept_measures if m.finding_id == finding.pk]
    for position, measure in enumerate(kept, len(node.measures) + 1):
        # Measures with progress that the new file no longer lists go after the listed ones.
        measure_reposition(
            measure=Measure.objects.get(pk=measure.pk),
            actor=actor,
            position=position,
            note="导入通报：新文件中已无此措施，保留于列表之后",
        )
    for child in node.children:
        _apply_finding(child, inspection, finding, actor, kept_measures)


def _remove(plan: ImportPlan, actor: User | None) -> None:
    for measure in plan.remove_measures:
        measure_delete(measure=measure, actor=actor, note="导入通报：新文件中已无此措施")
    for finding in plan.remove_findings:
        finding_remove(
            finding=finding,
            actor=actor,
            note="导入通报：新文件中已无此问题",
            measure_note="导入通报：所属问题已从新文件中删除",
        )


def _match_rounds(inspection: Inspection) -> None:
    """A round of a unit that had earlier rounds: its findings matched to theirs at once
    (屡改屡犯 / 反弹 on the inspection page), not at the next hourly run."""
    unit = inspection.inspected_unit_id
    if (
        unit
        and Inspection.objects.filter(inspected_unit_id=unit).exclude(pk=inspection.pk).exists()
    ):
        finding_matches_task.enqueue(units=[unit])


@transaction.atomic
def import_apply(plan: ImportPlan, *, actor: User | None) -> ImportResult:
    """Write the plan in one transaction; any error leaves the database as it was."""
    counts = plan.counts()
    if not plan.changes_anything:
        return ImportResult(
            inspection=plan.inspection,
            plan=plan,
            created=False,
            noop=True,
            dry_run=False,
            counts=counts,
            warnings=plan.warnings,
            record=plan.already_imported,
        )
    inspection, created = _apply_inspection(plan, actor)
    _apply_sections(plan, inspection, actor)
    _remove(plan, actor)
    for node in plan.findings:
        _apply_finding(node, inspection, None, actor, plan.kept_measures)
    counts["indicators"] = Indicator.objects.filter(measure__inspection=inspection).count()
    record = ImportRecord.objects.create(
        inspection=inspection,
        filename=plan.filename[:255],
        sha256=plan.sha256,
        imported_by=actor if getattr(actor, "pk", None) else None,
        summary={"counts": counts, "warnings": plan.warnings},
    )
    audit_log(
        actor=actor,
        code=AuditCode.NOTICE_IMPORTED,
        obj=inspection,
        after={"file": plan.filename, "sha256": plan.sha256, "counts": counts},
    )
    _match_rounds(inspection)
    return ImportResult(
        inspection=inspection,
        plan=plan,
        created=created,
        noop=False,
        dry_run=False,
        counts=counts,
        warnings=plan.warnings,
        record=record,
    )
