"""Writes on inspection rounds, their finding trees and the notice's own text.

Keyword-only, atomic, checked by `inspections.policy`, each writing its audit entry.
`actor` None is the system itself (commands, the importer run from the command line).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_change, audit_log
from rectify.core.changes import before_after, jsonable, model_update
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.core.text import FINDING_TEXT_MAX, NOTE_MAX, checked_model_texts, checked_text
from rectify.orgs.enums import OrgUnitKind, OutsideUnitKind
from rectify.orgs.models import OrgUnit, OutsideUnit, User
from rectify.orgs.selectors import may_keep_register
from rectify.orgs.services import outside_unit_get_or_create

from .enums import FindingKind
from .models import Finding, Inspection, NoticeSection
from .policy import Action, require

INSPECTION_FIELDS = (
    "kind",
    "title",
    "inspecting_body",
    "inspecting_unit",
    "inspecting_outside",
    "inspected_outside",
    "inspected_unit_name",
    "period_start",
    "period_end",
    "feedback_date",
    "report_due_date",
    "previous",
    "issuer",
    "notice_title",
    "notice_date",
    "preamble",
    "findings_heading",
    "contacts",
)
FINDING_FIELDS = ("kind", "label", "title", "text", "numbered", "position", "parent")
NOTICE_FIELDS = ("notice_title", "issuer", "notice_date", "preamble", "findings_heading")


def _check_fields(changes: dict, allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationFailed(_("These fields cannot be edited here: %(f)s"), f=", ".join(unknown))


@transaction.atomic
def inspection_create(
    *, actor: User | None, inspected_unit: OrgUnit, title: str, note: str = "", **fields
) -> Inspection:
    """A new inspection round of ``inspected_unit``."""
    require(actor, Action.CREATE, inspected_unit)
    _check_fields(fields, INSPECTION_FIELDS)
    cleaned = checked_model_texts(Inspection, {"title": title, **fields})
    title = cleaned.pop("title")
    fields = cleaned
    if not title:
        raise ValidationFailed(_("A title is required."))
    if fields.get("inspecting_unit") is not None:
        require(actor, Action.SET_INSPECTING_UNIT, inspected_unit)
        _check_inspecting_unit(fields["inspecting_unit"])
    if fields.get("inspecting_outside") is None and not fields.get("inspecting_unit"):
        # The inspecting body it names is picked from the register, or added to it.
        fields["inspecting_outside"] = outside_unit_get_or_create(
            actor=actor,
            name=fields.get("inspecting_body", ""),
            kind=OutsideUnitKind.INSPECTING_BODY,
        )
    inspection = Inspection.objects.create(inspected_unit=inspected_unit, title=title, **fields)
    audit_log(
        actor=actor,
        code=AuditCode.INSPECTION_CREATED,
        obj=inspection,
        after={"title": title, **jsonable(fields)},
        note=note,
    )
    return inspection


@transaction.atomic
def inspection_update(
    *,
    inspection: Inspection,
    actor: User | None,
    expected_version: int | None = None,
    note: str = "",
    **changes,
) -> dict:
    """Edit a round's facts; returns the diff. Refuses stale edits (optimistic locking)."""
    require(actor, Action.EDIT, inspection)
    # The inspecting unit changes only through `inspection_inspecting_unit_set` (its rule,
    # its reason, its own audit code listed on the round's page).
    _check_fields(changes, set(INSPECTION_FIELDS) - {"inspecting_unit"})
    changes = checked_model_texts(Inspection, changes)
    diff = model_update(instance=inspection, changes=changes, expected_version=expected_version)
    audit_change(
        actor=actor, code=AuditCode.INSPECTION_UPDATED, obj=inspection, diff=diff, note=note
    )
    return diff


def _check_inspecting_unit(unit: OrgUnit) -> None:
    if unit.kind != OrgUnitKind.INSPECTING_BODY:
        raise ValidationFailed(
            _("“%(unit)s” is not an inspecting body: choose the unit whose reviewers sign off."),
            unit=unit.name,
        )


@transaction.atomic
def inspection_inspecting_unit_set(
    *,
    inspection: Inspection,
    actor: User | None,
    unit: OrgUnit | None,
    reason: str = "",
    expected_version: int | None = None,
) -> dict:
    """Name the inspecting unit (巡察办) whose reviewers sign off the round's measures, or
    none. Changing one already named needs a reason; the change is audited with both names."""
    require(actor, Action.SET_INSPECTING_UNIT, inspection)
    if unit is not None:
        _check_inspecting_unit(unit)
    before = inspection.inspecting_unit
    reason = checked_text(reason, limit=NOTE_MAX, label=str(_("Reason")))
    if before is not None and unit != before and not reason:
        raise ValidationFailed(_("Say why the inspecting unit changes."))
    diff = model_update(
        instance=inspection, changes={"inspecting_unit": unit}, expected_version=expected_version
    )
    if diff:
        audit_log(
            actor=actor,
            code=AuditCode.INSPECTION_INSPECTING_UNIT_SET,
            obj=inspection,
            before={"inspecting_unit": before.name if before else None},
            after={"inspecting_unit": unit.name if unit else None},
            note=reason,
        )
    return diff


def _clean_finding_texts(changes: dict) -> dict:
    """Title and original text through the boundary's normalisation and limit."""
    for name in ("title", "text"):
        if changes.get(name) is not None:
            label = _("Finding “%(start)s…”") % {"start": str(changes[name])[:15]}
            changes[name] = checked_text(changes[name], limit=FINDING_TEXT_MAX, label=str(label))
    return changes


def _tree_subject(inspection: Inspection, parent: Finding | None) -> None:
    if parent is not None and parent.inspection_id != inspection.pk:
        raise ValidationFailed(_("The parent belongs to another inspection."))


@transaction.atomic
def finding_create(
    *,
    inspection: Inspection,
    actor: User | None,
    title: str,
    kind: str = FindingKind.PROBLEM,
    parent: Finding | None = None,
    position: int | None = None,
    **fields,
) -> Finding:
    """A new node of the finding tree, last among its siblings unless a position is given."""
    require(actor, Action.EDIT_TREE, inspection)
    _check_fields(fields, FINDING_FIELDS)
    _tree_subject(inspection, parent)
    title = _clean_finding_texts({"title": title})["title"]
    fields = _clean_finding_texts(fields)
    if position is None:
        position = inspection.findings.filter(parent=parent).count() + 1
    finding = Finding(
        inspection=inspection, parent=parent, kind=kind, title=title, position=position, **fields
    )
    finding.save()
    audit_log(actor=actor, code=AuditCode.FINDING_CREATED, obj=finding, after={"title": title})
    return finding


@transaction.atomic
def finding_update(*, finding: Finding, actor: User | None, note: str = "", **changes) -> dict:
    """Edit or move a finding (``parent``, ``position``); its subtree and measures follow."""
    require(actor, Action.EDIT_TREE, finding.inspection)
    _check_fields(changes, FINDING_FIELDS)
    changes = _clean_finding_texts(changes)
    if "parent" in changes:
        parent = changes["parent"]
        _tree_subject(finding.inspection, parent)
        node = parent
        while node is not None:
            if node.pk == finding.pk:
                raise ValidationFailed(_("A finding cannot be moved under itself."))
            node = node.parent
    diff = model_update(instance=finding, changes=changes)  # save() renumbers a moved subtree
    audit_change(actor=actor, code=AuditCode.FINDING_UPDATED, obj=finding, diff=diff, note=note)
    return diff


@transaction.atomic
def finding_delete(*, finding: Finding, actor: User | None, note: str = "") -> None:
    """Remove a finding with its subtree (the measures' app deletes and audits its rows first)."""
    require(actor, Action.EDIT_TREE, finding.inspection)
    audit_log(
        actor=actor,
        code=AuditCode.FINDING_DELETED,
        obj=finding,
        before={"title": finding.title},
        note=note,
    )
    finding.delete()


@transaction.atomic
def inspection_outside_unit_replace(
    *, actor: User | None, old: OutsideUnit, new: OutsideUnit
) -> int:
    """Rounds naming ``old`` (inspecting body or inspected unit) name ``new`` instead: the
    rounds' part of merging two outside units. Returns how many rounds changed."""
    if not may_keep_register(actor):
        raise PermissionRefused()
    changed = 0
    for field in ("inspecting_outside", "inspected_outside"):
        for inspection in Inspection.objects.filter(**{field: old}):
            diff = model_update(instance=inspection, changes={field: new})
            audit_change(
                actor=actor,
                code=AuditCode.INSPECTION_UPDATED,
                obj=inspection,
                diff=diff,
                note=f"{old.name} → {new.name}",
            )
            changed += 1
    return changed


@transaction.atomic
def finding_set_withdrawn(*, finding: Finding, actor: User | None, reason: str) -> int:
    """Mark a finding and its subtree withdrawn (the measures' app withdraws their measures
    first); returns how many findings were marked. The rows and their history stay."""
    require(actor, Action.EDIT_TREE, finding.inspection)
    reason = checked_text(reason, limit=NOTE_MAX, label=str(_("The reason")))
    if not reason:
        raise ValidationFailed(_("Say why it is withdrawn."))
    if finding.withdrawn_at is not None:
        raise ValidationFailed(_("This finding is already withdrawn."))
    now = timezone.now()
    marked = Finding.objects.filter(
        inspection_id=finding.inspection_id,
        sort_key__startswith=finding.sort_key,
        withdrawn_at__isnull=True,
    ).filter(models.Q(pk=finding.pk) | models.Q(sort_key__startswith=f"{finding.sort_key}."))
    count = marked.update(withdrawn_at=now, withdraw_reason=reason)
    finding.withdrawn_at, finding.withdraw_reason = now, reason
    audit_log(
        actor=actor,
        code=AuditCode.FINDING_WITHDRAWN,
        obj=finding,
        before={"title": finding.title},
        after={"findings": count},
        note=reason,
    )
    return count


@transaction.atomic
def notice_sections_replace(
    *, inspection: Inspection, actor: User | None, sections: list[dict]
) -> None:
    """Replace the notice's general sections (organisation, next steps) by ``sections``."""
    require(actor, Action.EDIT_NOTICE, inspection)
    before = [
        f"{label}{title}" for label, title in inspection.sections.values_list("label", "title")
    ]
    sections = [checked_model_texts(NoticeSection, section) for section in sections]
    inspection.sections.all().delete()
    NoticeSection.objects.bulk_create(
        NoticeSection(inspection=inspection, **section) for section in sections
    )
    audit_log(
        actor=actor,
        code=AuditCode.NOTICE_SECTIONS_REPLACED,
        obj=inspection,
        before={"sections": before},
        after={"sections": [f"{s.get('label', '')}{s.get('title', '')}" for s in sections]},
    )


@transaction.atomic
def notice_text_update(
    *,
    inspection: Inspection,
    actor: User,
    expected_version: int,
    fields: dict,
    contacts: dict,
    sections: dict[int, dict],
) -> Inspection:
    """Edit the notice's own text: title, issuer, date, preamble, heading, contacts, sections.

    ``sections`` maps NoticeSection ids of this inspection to {"title", "text"}. Refuses stale
    edits (optimistic locking on the inspection) and writes one audit entry with the changes.
    """
    require(actor, Action.EDIT_NOTICE, inspection)
    changes = {k: v for k, v in fields.items() if k in NOTICE_FIELDS}
    contacts = checked_model_texts(Inspection, {"contacts": contacts})["contacts"]
    merged = {k: v for k, v in {**(inspection.contacts or {}), **contacts}.items() if v}
    changes = checked_model_texts(Inspection, {**changes, "contacts": merged})
    diff = model_update(instance=inspection, changes=changes, expected_version=expected_version)
    section_changes = {}
    rows = {s.pk: s for s in inspection.sections.filter(pk__in=list(sections))}
    for pk, values in sections.items():
        row = rows.get(pk)
        if row is None:
            continue
        texts = {k: v for k, v in values.items() if k in {"title", "text"}}
        changed = model_update(instance=row, changes=checked_model_texts(NoticeSection, texts))
        if changed:
            section_changes[f"{row.label}{row.title}"[:60]] = list(changed)
    if diff or section_changes:
        before, after = before_after(diff)
        audit_log(
            actor=actor,
            code=AuditCode.NOTICE_TEXT_UPDATED,
            obj=inspection,
            before=before,
            after={**after, "sections": section_changes},
        )
    return inspection
