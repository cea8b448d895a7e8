"""Excel ledger downloads: the filtered ledger at once, or a worker job for large ones."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.measures.forms import LedgerFilterForm

from ..exports import export_job_create
from ..ledger_file import FULL, STANDARD, ledger_export_now, ledger_queryset_for
from ..models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename() -> str:
    return f"整改台账-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


@login_required
def ledger_export(request):
    today = timezone.localdate()
    form = LedgerFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()
    filters = form.filter_kwargs() if form.is_bound else {}
    layout = FULL if request.GET.get("layout") == FULL else STANDARD
    total = ledger_queryset_for(user=request.user, filters=filters, today=today).count()
    if total > settings.RECTIFY_EXPORT_SYNC_ROWS:
        job = export_job_create(owner=request.user, filters=filters, total=total, layout=layout)
        return redirect("reports:export_detail", pk=job.pk)
    content, _rows = ledger_export_now(
        user=request.user, filters=filters, today=today, layout=layout
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, _filename())
    return response


def _job_for(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob.objects.select_related("job"), pk=pk, owner=request.user)


@login_required
def export_detail(request, pk: int):
    job = _job_for(request, pk)
    template = "reports/_export_status.html" if request.htmx else "reports/export.html"
    return render(request, template, {"job": job})


@login_required
def export_download(request, pk: int):
    job = _job_for(request, pk)
    if job.status != "done":
        raise Http404
    audit_log(
        actor=request.user, code=AuditCode.LEDGER_DOWNLOADED, obj=job, after={"rows": job.rows}
    )
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=_filename(), content_type=XLSX
    )
