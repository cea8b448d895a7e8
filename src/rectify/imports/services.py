"""Writes of the imports app: upload drafts for review, their corrections, and confirming one.

The ledger itself is written by `importer.import_apply` (atomic, audited); these services
keep the parsed upload server-side until its owner has reviewed and confirmed it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from rectify.audit.services import audit_log
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.inspections.models import Inspection
from rectify.orgs.models import User
from rectify.parsing import ErrorCode, ParsedFinding, ParsedNotice, ParseError

from .importer import (
    ImportResult,
    can_import_into,
    import_apply,
    import_plan,
    office_units,
    parse_document,
    sha256_of,
)
from .models import ImportDraft

ACCEPTED_SUFFIXES = (".txt", ".docx", ".html", ".htm")


def _check_may_import(actor: User, inspection: Inspection | None) -> None:
    if inspection is not None:
        allowed = can_import_into(actor, inspection.inspected_unit)
    else:
        allowed = bool(office_units(actor))
    if not allowed:
        raise PermissionRefused("只有被巡察单位的整改办可以导入通报。")


def read_upload(upload: UploadedFile) -> bytes:
    """The upload's bytes after the size and type checks; ParseError otherwise."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    limit = settings.RECTIFY_IMPORT_MAX_BYTES
    if not upload.size:
        raise ParseError(ErrorCode.EMPTY, filename=name)
    if upload.size > limit:
        raise ParseError(
            ErrorCode.TOO_LARGE,
            filename=name,
            detail_zh=f"{upload.size / 1048576:.1f} MB，上限 {limit // 1048576} MB",
            detail_en=f"{upload.size / 1048576:.1f} MB, limit {limit // 1048576} MB",
        )
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise ParseError(
            ErrorCode.UNSUPPORTED_TYPE,
            filename=name,
            detail_zh="请上传 .txt、.docx 或 .html 文件",
            detail_en="upload a .txt, .docx or .html file",
        )
    upload.seek(0)
    return upload.read()


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
        code="import_draft.created",
        obj=draft,
        after={"file": name, "sha256": draft.sha256, "inspection": inspection and inspection.pk},
    )
    return draft


def _walk(findings: list[ParsedFinding], prefix: str = "") -> Iterator[tuple[str, ParsedFinding]]:
    for i, node in enumerate(findings):
        path = f"{prefix}{i}"
        yield path, node
        yield from _walk(node.children, f"{path}.")


def draft_paths(parsed: ParsedNotice) -> Iterator[tuple[str, ParsedFinding]]:
    """(path, finding) in document order; paths like "0.1.2" name fields of the form."""
    return _walk(parsed.findings)


@transaction.atomic
def import_draft_correct(*, draft: ImportDraft, actor: User, data) -> ImportDraft:
    """Apply the reviewer's corrections (titles, labels, measure texts) to the kept parse.

    ``data`` holds fields named ``f-<path>-title``, ``f-<path>-label``, ``m-<path>-<n>-label``
    and ``m-<path>-<n>-text``; fields left out keep their parsed value.
    """
    if draft.owner_id != actor.pk:
        raise PermissionRefused()
    parsed = ParsedNotice.from_dict(draft.parsed)
    changes: dict[str, list] = {}
    errors = []
    for path, node in draft_paths(parsed):
        for key in ("title", "label"):
            field_name = f"f-{path}-{key}"
            if field_name not in data:
                continue
            value = (data.get(field_name) or "").strip()
            if key == "title" and not value:
                errors.append(f"第 {path} 项问题的标题不能为空")
                continue
            if key == "label":
                if value != node.label_raw:
                    changes[field_name] = [node.label_raw, value]
                    node.label_raw = node.label = value
            elif value != node.title:
                changes[field_name] = [node.title, value]
                node.title = value
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
    if errors:
        raise ValidationFailed("；".join(errors))
    if changes:
        draft.parsed = parsed.to_dict()
        draft.save(update_fields=["parsed", "updated_at"])
        audit_log(actor=actor, code="import_draft.corrected", obj=draft, after={"changes": changes})
    return draft


def import_draft_plan(*, draft: ImportDraft, actor: User):
    """The import plan of a draft, for the review page (reads only)."""
    return import_plan(
        parsed=ParsedNotice.from_dict(draft.parsed),
        sha256=draft.sha256,
        filename=draft.filename,
        actor=actor,
        inspection=draft.inspection,
    )


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
        code="import_draft.confirmed",
        obj=result.inspection,
        after={"file": draft.filename, "noop": result.noop},
    )
    draft.delete()
    return result
