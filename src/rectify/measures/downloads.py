"""Serving an evidence file, for the page and the API alike: its SHA-256 checked against the
one recorded at upload, the download audited, the file sent as an attachment (its original,
often Chinese, name as RFC 5987 ``filename*``) and never rendered inline."""

import logging

from django.http import FileResponse

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core import downloads
from rectify.orgs.models import User

from .models import Evidence

logger = logging.getLogger(__name__)


def evidence_fault(evidence: Evidence) -> str:
    """Why the stored file may not be served — "missing" or "altered" — or "" when it is
    the file that was uploaded."""
    fault = downloads.stored_fault(evidence.file, evidence.sha256)
    if fault:
        logger.warning("evidence %s failed its integrity check: %s", evidence.pk, fault)
    return fault


def evidence_response(*, evidence: Evidence, actor: User) -> FileResponse:
    """The file as a download, audited (the caller checked reach and `evidence_fault`)."""
    audit_log(
        actor=actor,
        code=AuditCode.EVIDENCE_DOWNLOADED,
        obj=evidence,
        after={"sha256": evidence.sha256, "measure": evidence.report.measure_id},
    )
    return downloads.attachment_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
