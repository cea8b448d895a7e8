"""An opinion's attachment, for the office's page and the API alike: only the office and the
discipline office reach it (the caller scoped the opinion), its SHA-256 checked against the
one recorded when it was received, the download audited, sent as an attachment and never
rendered inline."""

from django.http import FileResponse

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core import downloads
from rectify.orgs.models import User

from .models import Opinion


def attachment_fault(opinion: Opinion) -> str:
    """Why the attachment may not be served — "none", "missing" or "altered" — or ""."""
    if not opinion.attachment:
        return "none"
    return downloads.stored_fault(opinion.attachment, opinion.attachment_sha256)


def attachment_response(*, opinion: Opinion, actor: User) -> FileResponse:
    """The file as a download, audited (the caller checked reach and `attachment_fault`)."""
    audit_log(actor=actor, code=AuditCode.OPINION_ATTACHMENT_DOWNLOADED, obj=opinion)
    return downloads.attachment_response(
        opinion.attachment, filename=opinion.attachment_name, content_type=opinion.attachment_type
    )
