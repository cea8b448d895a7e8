"""Write an import plan: one transaction, every change audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.locking import update_versioned
from rectify.imports.models import ImportRecord
from rectify.inspections.models import Finding, Inspection, NoticeSection
from rectify.measures.models import Indicator, Measure, measure_sort_key
from rectify.measures.services import indicator_set, measure_create
from rectify.orgs.enums import OrgUnitKind
from rectify.orgs.models import OrgUnit, User

from .data import ImportPlan, ImportResult, PlannedFinding, PlannedMeasure


def _create_unit(plan: ImportPlan, actor: User | None) -> OrgUnit:
    name = plan.unit_name or "被巡察单位"
    unit, created = OrgUnit.objects.get_or_create(
        parent=plan.unit_parent, name=name[:200], defaults={"kind": OrgUnitKind.STREET}
    )
    if created:
        audit_log(actor=actor, code=AuditCode.ORG_UNIT_CREATED, obj=unit, after={"name": unit.name})
    return unit


def _apply_inspection(plan: ImportPlan, actor: User | None) -> tuple[Inspection, bool]:
    if plan.inspection is not None:
        inspection = plan.inspection
        if plan.inspection_fields:
            before = {k: _jsonable(getattr(inspection, k)) for k in plan.inspection_fields}
            update_versioned(
                inspection, expected_version=inspection.version, **plan.inspection_fields
            )
            audit_log(
                actor=actor,
                code=AuditCode.INSPECTION_UPDATED,
                obj=inspection,
                before=before,
                after={k: _jsonable(v) for k, v in plan.inspection_fields.items()},
                note="导入通报",
            )
        return inspection, False
    unit = plan.inspected_unit or _create_unit(plan, actor)
    inspection = Inspection.objects.create(
        inspected_unit=unit, inspecting_unit=plan.inspecting_unit, **plan.inspection_fields
    )
    audit_log(
        actor=actor,
        code=AuditCode.INSPECTION_CREATED,
        obj=inspection,
        after={"title": inspection.title, "source": plan.filename},
    )
    return inspection, True


def _jsonable(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _apply_sections(plan: ImportPlan, inspection: Inspection, actor: User | None) -> None:
    if not plan.sections_changed:
        return
    before = list(inspection.sections.values_list("label", "title"))
    inspection.sections.all().delete()
    NoticeSection.objects.bulk_create(
        NoticeSection(
            inspection=inspection,
            placement=s.placement,
            position=s.position,
            label=s.label[:20],
            title=s.title[:300],
            text=s.text,
        )
        for s in plan.sections
    )
    audit_log(
        actor=actor,
        code=AuditCode.NOTICE_SECTIONS_REPLACED,
        obj=inspection,
        before={"sections": [f"{label}{title}" for label, title in before]},
        after={"sections": [f"{s.label}{s.title}" for s in plan.sections]},
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


def _apply_measure(
    item: PlannedMeasure, finding: Finding, actor: User | None, counts: dict
) -> Measure:
    if item.existing is None:
        measure = measure_create(
            finding=finding,
            text=item.text,
            actor=actor,
            label=item.label,
            deadline=item.deadline,
            position=item.position,
            suggested_status=item.suggested_status,
            suggestion_reason=item.suggestion_reason[:200],
        )
        counts["indicators"] += len(item.indicators)
    else:
        measure = item.existing
        if item.changes:
            before = {k: _jsonable(getattr(measure, k)) for k in item.changes}
            fields = dict(item.changes)
            if "position" in fields:  # the ledger's sort copy follows the new place
                fields["sort_key"] = measure_sort_key(finding.sort_key, fields["position"])
            update_versioned(measure, expected_version=measure.version, **fields)
            audit_log(
                actor=actor,
                code=AuditCode.MEASURE_UPDATED,
                obj=measure,
                before=before,
                after={k: _jsonable(v) for k, v in item.changes.items()},
                note="导入通报",
            )
    _apply_indicators(item, measure, actor)
    return measure


def _apply_finding(
    node: PlannedFinding,
    inspection: Inspection,
    parent: Finding | None,
    actor: User | None,
    counts: dict,
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
        finding = Finding(inspection=inspection, parent=parent, **values)
        finding.save()
        audit_log(
            actor=actor, code=AuditCode.FINDING_CREATED, obj=finding, after={"title": node.title}
        )
    else:
        finding = node.existing
        expected_key = (f"{parent.sort_key}." if parent else "") + f"{node.position:04d}"
        if node.changes or finding.sort_key != expected_key:
            before = {k: _jsonable(getattr(finding, k)) for k in node.changes}
            for key, value in values.items():
                setattr(finding, key, value)
            finding.parent = parent
            finding.save()  # recomputes sort_key and depth from the parent
            if node.changes:
                audit_log(
                    actor=actor,
                    code=AuditCode.FINDING_UPDATED,
                    obj=finding,
                    before=before,
                    after={k: _jsonable(v) for k, v in node.changes.items()},
                    note="导入通报",
                )
    for item in node.measures:
        _apply_measure(item, finding, actor, counts)
    kept = [m for m in kept_measures if m.finding_id == finding.pk]
    for position, measure in enumerate(kept, len(node.measures) + 1):
        # Measures with progress that the new file no longer lists go after the listed ones.
        fresh = Measure.objects.get(pk=measure.pk)
        if fresh.position == position:
            continue
        before = fresh.position
        update_versioned(
            fresh,
            expected_version=fresh.version,
            position=position,
            sort_key=measure_sort_key(finding.sort_key, position),
        )
        audit_log(
            actor=actor,
            code=AuditCode.MEASURE_UPDATED,
            obj=fresh,
            before={"position": before},
            after={"position": position},
            note="导入通报：新文件中已无此措施，保留于列表之后",
        )
    for child in node.children:
        _apply_finding(child, inspection, finding, actor, counts, kept_measures)


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
    counts["indicators"] = 0
    inspection, created = _apply_inspection(plan, actor)
    _apply_sections(plan, inspection, actor)
    for measure in plan.remove_measures:
        audit_log(
            actor=actor,
            code=AuditCode.MEASURE_DELETED,
            obj=measure,
            note="导入通报：新文件中已无此措施",
        )
        measure.delete()
    for finding in plan.remove_findings:
        subtree = Measure.objects.filter(
            inspection_id=finding.inspection_id, finding__sort_key__startswith=finding.sort_key
        )
        for measure in subtree:
            audit_log(
                actor=actor,
                code=AuditCode.MEASURE_DELETED,
                obj=measure,
                before={"text": measure.text, "status": measure.status},
                note="导入通报：所属问题已从新文件中删除",
            )
        audit_log(
            actor=actor,
            code=AuditCode.FINDING_DELETED,
            obj=finding,
            note="导入通报：新文件中已无此问题",
        )
        finding.delete()
    for node in plan.findings:
        _apply_finding(node, inspection, None, actor, counts, plan.kept_measures)
    counts["indicators"] = Indicator.objects.filter(measure__finding__inspection=inspection).count()
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
