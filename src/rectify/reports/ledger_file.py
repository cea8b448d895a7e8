"""The Excel ledger file: made at once for small exports, by the worker for large ones. Rows
are always the owner's scoped ledger (re-scoped when the worker runs); every file is audited."""

import csv
import datetime as dt
import io
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.replica import replica_reads
from rectify.inspections.models import Inspection
from rectify.measures.models import Measure
from rectify.measures.selectors import measure_filter, measure_list_for
from rectify.orgs.models import User
from rectify.reports.selectors import stats_for

from . import ledger_layout
from .excel import COLUMNS, ledger_rows, write_ledger
from .models import ExportJob

DATE_KEYS = ("deadline_before", "deadline_after")
STANDARD, FULL = "standard", "full"
LAYOUTS = (STANDARD, FULL)  # the 台账 as offices print it; every field, one column each


def filters_to_json(filters: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in filters.items() if v}


def filters_from_json(data: dict) -> dict:
    return {k: (dt.date.fromisoformat(v) if k in DATE_KEYS else v) for k, v in data.items()}


def ledger_queryset_for(*, user: User, filters: dict, today: dt.date):
    return measure_filter(measure_list_for(user=user), today=today, **filters)


def _write(qs, output, *, today: dt.date, layout: str) -> int:
    """The ledger of `qs` in one of the `LAYOUTS`, with its title and summary."""
    title, summary, rounds = _title_and_summary(qs, today)
    if layout == FULL:
        return write_ledger(ledger_rows(qs, today=today), output, title=title, summary=summary)
    rows = ledger_layout.standard_rows(qs, today=today, headings=rounds > 1)
    return ledger_layout.write_standard(rows, output, title=title, summary=summary)


def _title_and_summary(qs, today: dt.date) -> tuple[str, str, int]:
    ids = list(qs.order_by().values_list("inspection_id", flat=True).distinct()[:50])
    inspections = list(Inspection.objects.filter(pk__in=ids).select_related("inspected_unit"))
    title = inspections[0].title + " 整改台账" if len(inspections) == 1 else "整改台账"
    stats = stats_for(inspections=inspections, today=today)
    total = sum(s["measures"]["total"] for s in stats)
    done = sum(s["measures"]["done"] for s in stats)
    overdue = sum(s["measures"]["overdue"] for s in stats)
    summary = (
        f"导出时间 {timezone.localtime():%Y-%m-%d %H:%M}；所涉检查轮次整改措施 {total} 项，"
        f"已销号 {done} 项，逾期 {overdue} 项（统计口径与系统一致）"
    )
    return title, summary, len(ids)


def ledger_export_now(
    *, user: User, filters: dict, today: dt.date, layout: str = STANDARD
) -> tuple[bytes, int]:
    qs = ledger_queryset_for(user=user, filters=filters, today=today)
    buffer = io.BytesIO()
    rows = _write(qs, buffer, today=today, layout=layout)
    audit_log(
        actor=user,
        code=AuditCode.LEDGER_EXPORTED,
        after={"rows": rows, "layout": layout, **filters_to_json(filters)},
    )
    return buffer.getvalue(), rows


def export_job_run(*, export_id: int) -> ExportJob:
    """Run by the job. Idempotent: once one attempt has recorded its file, others do nothing."""
    export = ExportJob.objects.select_related("owner").get(pk=export_id)
    if export.finished_at:
        return export
    today = timezone.localdate()
    filters = filters_from_json(export.filters)
    layout = filters.pop("layout", STANDARD)
    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as handle:
        with replica_reads():  # the rows of a report: the read replica may answer them
            qs = ledger_queryset_for(user=export.owner, filters=filters, today=today)
            rows = _write(qs, handle, today=today, layout=layout)
        handle.seek(0)
        export.file.save(f"ledger-{export.pk}.xlsx", File(handle), save=False)
    return _export_finish(export, rows=rows)


@transaction.atomic
def _export_finish(export: ExportJob, *, rows: int) -> ExportJob:
    now = timezone.now()
    changed = ExportJob.objects.filter(pk=export.pk, finished_at__isnull=True).update(
        rows=rows, file=export.file.name, finished_at=now, updated_at=now
    )
    if changed != 1:  # another attempt finished first: keep its file, drop ours
        export.file.delete(save=False)
        return ExportJob.objects.get(pk=export.pk)
    export.rows, export.finished_at = rows, now
    audit_log(
        actor=export.owner,
        code=AuditCode.LEDGER_EXPORTED,
        obj=export,
        after={"rows": rows, **export.filters},
    )
    return export


def _csv(qs, output, *, today: dt.date, layout: str) -> int:
    writer = csv.writer(output)
    if layout == FULL:
        writer.writerow([name for name, _width in COLUMNS])
        values = ledger_rows(qs, today=today)
    else:
        writer.writerow(ledger_layout.HEADERS)
        values = ledger_layout.flat_rows(ledger_layout.standard_rows(qs, today=today))
    cleaned = (["" if v is None else v for v in row] for row in values)
    return sum(1 for _row in map(writer.writerow, cleaned))


def ledger_export_inspection(
    *, inspection: Inspection, output, csv_format: bool = False, layout: str = STANDARD
) -> int:
    """One round's whole ledger, for the command line (the system itself: no user's scope).

    `.xlsx` print-ready, or CSV as UTF-8 with a BOM (Excel then reads the Chinese right);
    the standard layout of offices, or every field (`layout="full"`).
    """
    today = timezone.localdate()
    qs = Measure.objects.filter(inspection=inspection)
    if csv_format:
        rows = _csv(qs, output, today=today, layout=layout)
    else:
        rows = _write(qs, output, today=today, layout=layout)
    audit_log(
        actor=None,
        code=AuditCode.LEDGER_EXPORTED,
        obj=inspection,
        after={"rows": rows, "format": "csv" if csv_format else "xlsx", "layout": layout},
    )
    return rows
