"""Evidence download: permission-checked, integrity-checked, never rendered inline."""

import hashlib
import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse
from django.shortcuts import render

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log

from .. import selectors

logger = logging.getLogger(__name__)


def _sha256_of(field_file) -> str:
    digest = hashlib.sha256()
    with field_file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get_for(user=request.user, pk=pk)
    measure = evidence.report.measure
    try:
        actual = _sha256_of(evidence.file)
    except (OSError, SuspiciousFileOperation):  # missing, unreadable, or a path outside media
        actual = None
    if actual != evidence.sha256:
        logger.warning(
            "evidence %s failed its integrity check (stored %s, found %s)",
            evidence.pk,
            evidence.sha256,
            actual,
        )
        return render(
            request,
            "measures/evidence_error.html",
            {"evidence": evidence, "measure": measure, "missing": actual is None},
            status=409,
        )
    audit_log(
        actor=request.user,
        code=AuditCode.EVIDENCE_DOWNLOADED,
        obj=evidence,
        after={"sha256": evidence.sha256, "measure": measure.pk},
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
