"""An opinion's attachment, for the office's page and the API alike: only the office and the
discipline office reach it (the caller scoped the opinion), its SHA-256 checked against the
one recorded when it was received, the download audited, sent as an attachment and never
rendered inline."""

import hashlib

from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.orgs.models import User

from .models import Opinion


def attachment_fault(opinion: Opinion) -> str:
    """Why the attachment may not be served — "none", "missing" or "altered" — or ""."""
    if not opinion.attachment:
        return "none"
    try:
        with opinion.attachment.open("rb") as handle:
            digest = hashlib.file_digest(handle, "sha256").hexdigest()
    except (OSError, SuspiciousFileOperation):
        return "missing"
    return "" if digest == opinion.attachment_sha256 else "altered"


def attachment_response(*, opinion: Opinion, actor: User) -> FileResponse:
    """The file as a download, audited (the caller checked reach and `attachment_fault`)."""
    audit_log(actor=actor, code=AuditCode.OPINION_ATTACHMENT_DOWNLOADED, obj=opinion)
    response = FileResponse(
        opinion.attachment.open("rb"),
        as_attachment=True,
        filename=opinion.attachment_name,
        content_type=opinion.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
