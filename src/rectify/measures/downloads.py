"""Serving an evidence file, for the page and the API alike: its SHA-256 checked against the
one recorded at upload, the download audited, the file sent as an attachment (its original,
often Chinese, name as RFC 5987 ``filename*``) and never rendered inline."""

import hashlib
import logging

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.orgs.models import User

from .models import Evidence

logger = logging.getLogger(__name__)


def _sha256_of(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def evidence_fault(evidence: Evidence) -> str:
    """Why the stored file may not be served — "missing" or "altered" — or "" when it is
    the file that was uploaded."""
    try:
        actual = _sha256_of(evidence.file)
    except (OSError, SuspiciousFileOperation):  # missing, unreadable, or a path outside media
        actual = None
    if actual == evidence.sha256:
        return ""
    logger.warning(
        "evidence %s failed its integrity check (stored %s, found %s)",
        evidence.pk,
        evidence.sha256,
        actual,
    )
    return "missing" if actual is None else "altered"


def evidence_response(*, evidence: Evidence, actor: User) -> FileResponse:
    """The file as a download, audited (the caller checked reach and `evidence_fault`)."""
    audit_log(
        actor=actor,
        code=AuditCode.EVIDENCE_DOWNLOADED,
        obj=evidence,
        after={"sha256": evidence.sha256, "measure": evidence.report.measure_id},
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
