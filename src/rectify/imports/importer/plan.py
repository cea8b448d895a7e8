"""Build an import plan from a parsed document: read-only, nothing is written."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.imports import suggest
from rectify.imports.models import ImportRecord
from rectify.inspections.enums import FindingKind, InspectionKind, SectionPlacement
from rectify.inspections.models import Inspection
from rectify.inspections.policy import REFUSALS, Action, may, office_units
from rectify.lib.measure_wording import suggest_category, suggest_kind
from rectify.lib.text import normalize_for_compare
from rectify.orgs.models import OrgUnit, User
from rectify.parsing import (
    ErrorCode,
    ParsedFinding,
    ParsedMeasure,
    ParsedNotice,
    ParseError,
    SectionRole,
    parse_bytes,
)

from .data import (
    KINDS,
    ImportPlan,
    PlannedFinding,
    PlannedIndicator,
    PlannedMeasure,
    PlannedSection,
)
from .matching import compare_findings, diff

NO_TREE_EXISTING = _(
    "No problems were recognised in this document, so it cannot update an existing "
    "inspection; enter the problems there by hand."
)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_source(path_or_bytes: bytes | str | Path, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and name; refuses files over RECTIFY_IMPORT_MAX_BYTES before reading."""
    limit = settings.RECTIFY_IMPORT_MAX_BYTES
    if isinstance(path_or_bytes, bytes | bytearray):
        return bytes(path_or_bytes), filename or "upload.txt"
    path = Path(path_or_bytes)
    name = filename or path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ParseError(
            ErrorCode.CORRUPT, filename=name, detail_zh=str(exc), detail_en=str(exc)
        ) from exc
    if size > limit:
        raise ParseError(
            ErrorCode.TOO_LARGE,
            filename=name,
            detail_zh=f"{size / 1048576:.1f} MB，上限 {limit // 1048576} MB",
            detail_en=f"{size / 1048576:.1f} MB, limit {limit // 1048576} MB",
        )
    return path.read_bytes(), name


def parse_document(data: bytes, filename: str) -> ParsedNotice:
    """Parse the file's bytes; ParseError for anything unreadable."""
    return parse_bytes(data, filename, max_bytes=settings.RECTIFY_IMPORT_MAX_BYTES)


def _norm(text: str | None) -> str:
    return normalize_for_compare(text or "")


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _split_aspect(label: str, title: str) -> tuple[str, str]:
    """ "第一方面问题,贯彻落实…" → ("第一方面问题", "贯彻落实…")."""
    if label and title.startswith(label):
        for i, ch in enumerate(title):
            if i >= len(label) and ch in ",，:：、 ":
                return title[:i], title[i + 1 :].strip()
    return label, title


def _plan_measures(measures: list[ParsedMeasure], year: int | None) -> list[PlannedMeasure]:
    out = []
    for position, item in enumerate(measures, 1):
        text = _clean(item.text)
        if not text:
            continue
        suggestion = suggest.suggest(text, year=year)
        kind, category = suggest_kind(text), suggest_category(text)
        out.append(
            PlannedMeasure(
                label=_clean(item.label),
                text=text,
                position=position,
                deadline=suggestion.deadline,
                deadline_text=suggestion.deadline_text,
                suggested_status=str(suggestion.status),
                suggestion_reason=suggestion.reason,
                suggested_kind=kind.value,
                kind_cue=kind.cue,
                suggested_category=category.value,
                category_cue=category.cue,
                indicators=[
                    PlannedIndicator(i.name, i.unit, i.target, i.current, i.source)
                    for i in suggest.indicators(text)
                ],
            )
        )
    return out


def _plan_finding(
    found: ParsedFinding, position: int, parent_path: str, year: int | None
) -> PlannedFinding:
    kind = KINDS[found.kind]
    label = _clean(found.label_raw or found.label)
    title = _clean(found.title) or _clean(found.lead).rstrip("。.")
    if kind == FindingKind.ASPECT:
        label, title = _split_aspect(label, title)
    numbered = found.numbered and bool(label)
    path = f"{parent_path} {label or '·'}".strip()
    node = PlannedFinding(
        kind=kind,
        label=label,
        title=title,
        text=_clean(found.text),
        numbered=numbered,
        position=position,
        path=path,
        measures=_plan_measures(found.measures, year),
    )
    node.children = [
        _plan_finding(child, i, path, year) for i, child in enumerate(found.children, 1)
    ]
    return node


def _plan_sections(parsed: ParsedNotice) -> tuple[dict[str, Any], list[PlannedSection]]:
    """Inspection fields (preamble, heading, contacts) and the general sections."""
    fields: dict[str, Any] = {}
    sections: list[PlannedSection] = []
    placement = SectionPlacement.BEFORE
    positions = {SectionPlacement.BEFORE: 0, SectionPlacement.AFTER: 0}
    preamble: list[str] = []
    for section in parsed.sections:
        text = _clean(section.text)
        if section.role == SectionRole.PREAMBLE:
            preamble.append(text)
        elif section.role == SectionRole.FINDINGS:
            fields["findings_heading"] = _clean(section.title)
            placement = SectionPlacement.AFTER
            if text:  # an introduction under the findings heading is kept as its first section
                positions[placement] += 1
                sections.append(PlannedSection(placement, positions[placement], "", "", text))
        elif section.role == SectionRole.CLOSING:
            fields.setdefault("closing", text)
        else:
            positions[placement] += 1
            sections.append(
                PlannedSection(
                    placement,
                    positions[placement],
                    _clean(section.label),
                    _clean(section.title),
                    text,
                )
            )
    fields["preamble"] = "\n".join(p for p in preamble if p)
    return fields, sections


def _inspection_fields(parsed: ParsedNotice, section_fields: dict) -> dict[str, Any]:
    meta = parsed.inspection
    contacts: dict[str, str] = {k: v for k, v in parsed.contacts.items() if v}
    closing = section_fields.get("closing", "")
    if closing:
        note = closing.split("联系方式")[0].strip()
        if note:
            contacts["note"] = note
    team, target = _clean(meta.team), _clean(meta.target)
    kind = str(meta.kind) if meta.kind in InspectionKind.values else InspectionKind.XUNCHA
    title = f"{team}对{target}的{InspectionKind(kind).label.split('(')[-1].rstrip(')')}"
    if not (team and target):
        title = _clean(parsed.title) or "导入的通报"
    return {
        "kind": kind,
        "title": title[:300],
        "inspecting_body": team[:200],
        "inspected_unit_name": target[:200],
        "period_start": meta.start,
        "period_end": meta.end,
        "feedback_date": meta.feedback_date,
        "report_due_date": parsed.report_due(),
        "issuer": _clean(parsed.issuer)[:200],
        "notice_title": _clean(parsed.title)[:300],
        "notice_date": parsed.date,
        "preamble": section_fields.get("preamble", ""),
        "findings_heading": section_fields.get("findings_heading", "")[:300],
        "contacts": contacts,
    }


def resolve_unit(target: str, actor: User | None) -> tuple[OrgUnit | None, OrgUnit | None]:
    """The inspected unit named in the preamble, found (never created here) by name.

    Looks in the actor's office subtrees (everywhere for the CLI) for a unit whose name or
    short name is the target, or is contained in it ("海幢街道" in "海幢街道党工委"); the
    longest such name wins. Returns (unit, parent for creating it when not found).
    """
    roots = office_units(actor)
    candidates = OrgUnit.objects.subtree_of(roots) if roots else OrgUnit.objects.all()
    key = _norm(target)
    best, best_len = None, 0
    if key:
        for unit in candidates.only("pk", "name", "short_name", "path", "parent_id", "kind"):
            for name in (unit.name, unit.short_name):
                n = _norm(name)
                if n and (n == key or n in key) and len(n) > best_len:
                    best, best_len = unit, len(n)
    parent = roots[0] if roots else OrgUnit.objects.filter(parent=None).order_by("pk").first()
    return best, parent


def _existing_inspection(
    sha: str, fields: dict, unit: OrgUnit | None, actor: User | None
) -> tuple[Inspection | None, ImportRecord | None]:
    """When no inspection is named: the one this file was imported into, or the same round."""
    records = ImportRecord.objects.filter(sha256=sha).select_related("inspection")
    for record in records:
        if may(actor, Action.IMPORT, record.inspection.inspected_unit):
            return record.inspection, record
    if unit is not None and fields["inspecting_body"] and fields["period_start"]:
        same = Inspection.objects.filter(
            inspected_unit=unit,
            inspecting_body=fields["inspecting_body"],
            period_start=fields["period_start"],
        ).first()
        if same is not None:
            return same, None
    return None, None


def _target(
    inspection: Inspection | None,
    inspected_unit: OrgUnit | None,
    sha256: str,
    fields: dict[str, Any],
    actor: User | None,
) -> tuple[Inspection | None, ImportRecord | None, OrgUnit | None, OrgUnit | None]:
    """The round the document goes into (given, found by an earlier import of the same file,
    or none yet), its import record, the inspected unit, and where to create that unit."""
    unit_parent = None
    if inspection is not None:
        record = ImportRecord.objects.filter(inspection=inspection, sha256=sha256).first()
        return inspection, record, inspection.inspected_unit, None
    if inspected_unit is not None:
        unit = inspected_unit
    else:
        unit, unit_parent = resolve_unit(fields["inspected_unit_name"], actor)
    inspection, record = _existing_inspection(sha256, fields, unit, actor)
    if inspection is not None:
        unit = inspection.inspected_unit
    return inspection, record, unit, unit_parent


def import_plan(
    *,
    parsed: ParsedNotice,
    sha256: str,
    filename: str,
    actor: User | None,
    inspection: Inspection | None = None,
    inspected_unit: OrgUnit | None = None,
    inspecting_unit: OrgUnit | None = None,
) -> ImportPlan:
    """What importing ``parsed`` would do. Reads only; raises PermissionRefused/ValidationFailed."""
    if not parsed.findings and inspection is not None:
        raise ValidationFailed(NO_TREE_EXISTING)
    section_fields, sections = _plan_sections(parsed)
    fields = _inspection_fields(parsed, section_fields)
    year = (fields["notice_date"] or timezone.localdate()).year
    findings = [_plan_finding(found, i, "", year) for i, found in enumerate(parsed.findings, 1)]
    inspection, record, unit, unit_parent = _target(
        inspection, inspected_unit, sha256, fields, actor
    )
    if not may(actor, Action.IMPORT, unit if unit is not None else unit_parent):
        raise PermissionRefused(REFUSALS[Action.IMPORT])
    if not parsed.findings and inspection is not None and record is None:
        raise ValidationFailed(NO_TREE_EXISTING)  # never empty a round's tree
    plan = ImportPlan(
        filename=filename,
        sha256=sha256,
        parsed=parsed,
        inspection=inspection,
        inspection_fields={},
        inspected_unit=unit,
        unit_name=fields["inspected_unit_name"],
        unit_parent=unit_parent,
        sections=sections,
        sections_changed=True,
        findings=findings,
        warnings=[w.to_dict() for w in parsed.warnings],
        already_imported=record,
        inspecting_unit=inspecting_unit,
    )
    if inspection is None:
        plan.inspection_fields = fields
        return plan
    # Existing inspection: only fields the document sets and that differ; its title stays.
    wanted = {k: v for k, v in fields.items() if v not in ("", None, {}) and k != "title"}
    plan.inspection_fields = diff(inspection, wanted)
    current = [
        PlannedSection(s.placement, s.position, s.label, s.title, s.text)
        for s in inspection.sections.order_by("placement", "position")
    ]
    plan.sections_changed = sorted(s.key() for s in current) != sorted(s.key() for s in sections)
    rows = list(inspection.findings.all())
    compare_findings(plan, findings, rows)
    return plan
