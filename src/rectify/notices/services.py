"""Writes of the notices app: the notice's own text, kept per inspection."""

from __future__ import annotations

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import PermissionRefused
from rectify.imports.importer import can_import_into
from rectify.inspections.models import Inspection
from rectify.orgs.models import User

NOTICE_FIELDS = ("notice_title", "issuer", "notice_date", "preamble", "findings_heading")


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
    from rectify.core.locking import update_versioned

    if not can_import_into(actor, inspection.inspected_unit):
        raise PermissionRefused("只有被巡察单位的整改办可以修改通报内容。")
    changed = {
        k: v for k, v in fields.items() if k in NOTICE_FIELDS and getattr(inspection, k) != v
    }
    merged = {**(inspection.contacts or {}), **contacts}
    merged = {k: v for k, v in merged.items() if v}
    if merged != (inspection.contacts or {}):
        changed["contacts"] = merged
    before = {k: str(getattr(inspection, k)) for k in changed}
    update_versioned(inspection, expected_version=expected_version, **changed)
    section_changes = {}
    rows = {s.pk: s for s in inspection.sections.filter(pk__in=list(sections))}
    for pk, values in sections.items():
        row = rows.get(pk)
        if row is None:
            continue
        diff = {k: v for k, v in values.items() if k in {"title", "text"} and getattr(row, k) != v}
        if diff:
            for key, value in diff.items():
                setattr(row, key, value)
            row.save(update_fields=[*diff, "updated_at"])
            section_changes[f"{row.label}{row.title}"[:60]] = list(diff)
    if changed or section_changes:
        audit_log(
            actor=actor,
            code=AuditCode.NOTICE_TEXT_UPDATED,
            obj=inspection,
            before=before,
            after={**{k: str(v) for k, v in changed.items()}, "sections": section_changes},
        )
    return inspection
