"""The plan (整改方案, .docx or .xlsx; as it stands or as approved) and the rectification
report (.docx) of a round, downloaded by those who may read them whole (`measures.policy.
plan_documents_allowed`); every download is audited."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import DomainError
from rectify.measures.policy import plan_documents_allowed
from rectify.measures.selectors import inspection_get_for

from .generate import FORMATS
from .plan_doc import APPROVED, CURRENT, plan_document, plan_docx, plan_xlsx
from .report_doc import report_document, report_docx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _inspection(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    if not plan_documents_allowed(request.user, inspection):
        raise PermissionDenied
    return inspection


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def plan_download(request, pk: int):
    """GET ?format=docx|xlsx&version=current|approved"""
    inspection = _inspection(request, pk)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "docx"
    version = APPROVED if request.GET.get("version") == APPROVED else CURRENT
    try:
        doc = plan_document(inspection=inspection, version=version)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("inspections:plan", pk=inspection.pk)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        plan_xlsx(doc, buffer)
        content, content_type = buffer.getvalue(), XLSX
    else:
        content, content_type = plan_docx(doc, today=timezone.localdate()), FORMATS["docx"]
    audit_log(
        actor=request.user,
        code=AuditCode.PLAN_EXPORTED,
        obj=inspection,
        after={"format": fmt, "version": version, "measures": len(doc.rows)},
    )
    suffix = "-批准版本" if version == APPROVED else ""
    return _download(content, content_type, f"整改方案-{inspection.pk}{suffix}.{fmt}")


@login_required
def report_download(request, pk: int):
    inspection = _inspection(request, pk)
    doc = report_document(inspection=inspection)
    audit_log(
        actor=request.user,
        code=AuditCode.REPORT_EXPORTED,
        obj=inspection,
        after={"measures": doc.stats["measures"]["total"], "date": doc.date.isoformat()},
    )
    filename = f"整改落实情况报告-{inspection.pk}-{doc.date:%Y%m%d}.docx"
    return _download(report_docx(doc), FORMATS["docx"], filename)
