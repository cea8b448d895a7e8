"""Writes of the imports app: upload drafts for review, their corrections, and confirming one.

The ledger itself is written by `importer.import_apply` (atomic, audited); these services
keep the parsed upload server-side until its owner has reviewed and confirmed it.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.inspections.models import Inspection
from rectify.inspections.policy import REFUSALS, Action, may, office_units
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.orgs.models import User
from rectify.parsing import ParsedFinding, ParsedNotice

from .drafts import draft_paths
from .importer import (
    ImportResult,
    import_apply,
    parse_document,
    sha256_of,
)
from .models import UNDO_DEPTH, ImportDraft
from .repair import RepairError, apply_operation
from .selectors import import_draft_plan
from .uploads import read_upload


def _check_may_import(actor: User, inspection: Inspection | None) -> None:
    if inspection is not None:
        allowed = may(actor, Action.IMPORT, inspection)
    else:
        allowed = bool(office_units(actor))
    if not allowed:
        raise PermissionRefused(REFUSALS[Action.IMPORT])


@transaction.atomic
def import_draft_create(
    *, owner: User, upload: UploadedFile, inspection: Inspection | None = None
) -> ImportDraft:
    """Parse an upload and keep the result for review; nothing of the ledger is written."""
    _check_may_import(owner, inspection)
    data = read_upload(upload)
    name = (upload.name or "upload.txt").rsplit("/", 1)[-1][:255]
    parsed = parse_document(data, name)
    ImportDraft.objects.filter(expires_at__lte=timezone.now()).delete()
    draft = ImportDraft.objects.create(
        owner=owner,
        inspection=inspection,
        filename=name,
        sha256=sha256_of(data),
        size=len(data),
        parsed=parsed.to_dict(),
    )
    audit_log(
        actor=owner,
        code=AuditCode.IMPORT_DRAFT_CREATED,
        obj=draft,
        after={"file": name, "sha256": draft.sha256, "inspection": inspection and inspection.pk},
    )
    return draft


def _correct_finding(path: str, node: ParsedFinding, data, changes: dict, errors: list) -> None:
    for key in ("title", "label"):
        field_name = f"f-{path}-{key}"
        if field_name not in data:
            continue
        value = (data.get(field_name) or "").strip()
        if key == "title" and not value:
            errors.append(f"第 {path} 项问题的标题不能为空")
        elif key == "label" and value != node.label_raw:
            changes[field_name] = [node.label_raw, value]
            node.label_raw = node.label = value
        elif key == "title" and value != node.title:
            changes[field_name] = [node.title, value]
            node.title = value


def _correct_measures(path: str, node: ParsedFinding, data, changes: dict, errors: list) -> None:
    for n, measure in enumerate(node.measures):
        for key in ("label", "text"):
            field_name = f"m-{path}-{n}-{key}"
            if field_name not in data:
                continue
            value = (data.get(field_name) or "").strip()
            if key == "text" and not value:
                errors.append(f"第 {path} 项问题的第 {n + 1} 项措施不能为空")
                continue
            old = measure.label if key == "label" else measure.text
            if value != (old or ""):
                changes[field_name] = [old, value]
                if key == "label":
                    measure.label = value or None
                else:
                    measure.text = value


CHOICES = {"kind": MeasureKind.values, "category": MeasureCategory.values}


def _choose_measures(path: str, node: ParsedFinding, data, choices: dict, changes: dict) -> None:
    """The kind and category a person chose for each measure (``m-<path>-<n>-kind`` …), kept
    by the measure's (corrected) text so that repairs moving it keep the choice."""
    for n, measure in enumerate(node.measures):
        text = measure.text.strip()
        for key, allowed in CHOICES.items():
            value = data.get(f"m-{path}-{n}-{key}")
            if value not in allowed:
                continue
            old = choices.get(text, {}).get(key)
            if value != old:
                choices.setdefault(text, {})[key] = value
                changes[f"m-{path}-{n}-{key}"] = [old, value]


@transaction.atomic
def import_draft_correct(*, draft: ImportDraft, actor: User, data) -> ImportDraft:
    """Apply the reviewer's corrections (titles, labels, measure texts) to the kept parse.

    ``data`` holds fields named ``f-<path>-title``, ``f-<path>-label``, ``m-<path>-<n>-label``
    and ``m-<path>-<n>-text``, and the kind and category chosen for new measures
    (``m-<path>-<n>-kind``, ``m-<path>-<n>-category``); fields left out keep their value.
    """
    if draft.owner_id != actor.pk:
        raise PermissionRefused()
    parsed = ParsedNotice.from_dict(draft.parsed)
    changes: dict[str, list] = {}
    errors: list[str] = []
    choices = dict(draft.choices or {})
    for path, node in draft_paths(parsed):
        _correct_finding(path, node, data, changes, errors)
        _correct_measures(path, node, data, changes, errors)
        _choose_measures(path, node, data, choices, changes)
    if errors:
        raise ValidationFailed("；".join(errors))
    if changes:
        draft.parsed = parsed.to_dict()
        draft.choices = choices
        draft.save(update_fields=["parsed", "choices", "updated_at"])
        audit_log(
            actor=actor,
            code=AuditCode.IMPORT_DRAFT_CORRECTED,
            obj=draft,
            after={"changes": changes},
        )
    return draft


@transaction.atomic
def import_draft_confirm(*, draft: ImportDraft, actor: User) -> ImportResult:
    """Import the reviewed draft into the ledger (atomic, audited) and discard the draft."""
    if draft.owner_id != actor.pk:
        raise PermissionRefused()
    _check_may_import(actor, draft.inspection)
    plan = import_draft_plan(draft=draft, actor=actor)
    result = import_apply(plan, actor=actor)
    audit_log(
        actor=actor,
        code=AuditCode.IMPORT_DRAFT_CONFIRMED,
        obj=result.inspection,
        after={"file": draft.filename, "noop": result.noop},
    )
    draft.delete()
    return result


def _own(draft: ImportDraft, actor: User) -> None:
    if draft.owner_id != actor.pk:
        raise PermissionRefused()


@transaction.atomic
def import_draft_repair(
    *, draft: ImportDraft, actor: User, op: str, path: str, arg: str = ""
) -> str:
    """One repair of the kept tree (imports.repair); returns the path to focus next.

    The parse before it is kept for `import_draft_undo`; nothing of the ledger is written.
    """
    _own(draft, actor)
    parsed = ParsedNotice.from_dict(draft.parsed)
    try:
        focus = apply_operation(parsed, op, path, arg)
    except RepairError as exc:
        raise ValidationFailed(str(exc)) from exc
    draft.undo = [*(draft.undo or [])[-(UNDO_DEPTH - 1) :], draft.parsed]
    draft.parsed = parsed.to_dict()
    draft.save(update_fields=["parsed", "undo", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.IMPORT_DRAFT_REPAIRED,
        obj=draft,
        after={"op": op, "path": path, "arg": arg[:200]},
    )
    return focus


@transaction.atomic
def import_draft_undo(*, draft: ImportDraft, actor: User) -> None:
    """The tree as it was before the last repair."""
    _own(draft, actor)
    if not draft.undo:
        raise ValidationFailed(_("There is nothing to undo."))
    draft.parsed = draft.undo[-1]
    draft.undo = draft.undo[:-1]
    draft.save(update_fields=["parsed", "undo", "updated_at"])
    audit_log(actor=actor, code=AuditCode.IMPORT_DRAFT_UNDONE, obj=draft, after={})
