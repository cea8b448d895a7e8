"""Excel ledger exports: small ones at once, large ones by the worker. Rows are always the
owner's scoped ledger (re-scoped when the worker runs), and every export is audited."""

import datetime as dt
import io
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.measures.selectors import measure_filter, measure_list_for
from rectify.orgs.models import User
from rectify.reports.selectors import stats_for

from .excel import ledger_rows, write_ledger
from .models import ExportJob

DATE_KEYS = ("deadline_before", "deadline_after")


def filters_to_json(filters: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in filters.items() if v}


def filters_from_json(data: dict) -> dict:
    return {k: (dt.date.fromisoformat(v) if k in DATE_KEYS else v) for k, v in data.items()}


def ledger_queryset_for(*, user: User, filters: dict, today: dt.date):
    return measure_filter(measure_list_for(user=user), today=today, **filters)


def _title_and_summary(qs, today: dt.date) -> tuple[str, str]:
    from rectify.inspections.models import Inspection

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
    return title, summary


def ledger_export_now(*, user: User, filters: dict, today: dt.date) -> tuple[bytes, int]:
    qs = ledger_queryset_for(user=user, filters=filters, today=today)
    title, summary = _title_and_summary(qs, today)
    buffer = io.BytesIO()
    rows = write_ledger(ledger_rows(qs, today=today), buffer, title=title, summary=summary)
    audit_log(
        actor=user, code=AuditCode.LEDGER_EXPORTED, after={"rows": rows, **filters_to_json(filters)}
    )
    return buffer.getvalue(), rows


@transaction.atomic
def export_job_create(*, owner: User, filters: dict, total: int) -> ExportJob:
    from .tasks import ledger_export_task

    job = ExportJob.objects.create(owner=owner, filters=filters_to_json(filters), total=total)
    audit_log(actor=owner, code=AuditCode.LEDGER_EXPORT_QUEUED, obj=job, after={"total": total})
    transaction.on_commit(lambda: ledger_export_task.enqueue(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Run by the worker. Idempotent: only a queued job is claimed (conditional UPDATE)."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    ):
        return ExportJob.objects.get(pk=job_id)
    job = ExportJob.objects.select_related("owner").get(pk=job_id)
    today = timezone.localdate()
    try:
        qs = ledger_queryset_for(
            user=job.owner, filters=filters_from_json(job.filters), today=today
        )
        title, summary = _title_and_summary(qs, today)
        with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as handle:
            rows = write_ledger(ledger_rows(qs, today=today), handle, title=title, summary=summary)
            handle.seek(0)
            job.file.save(f"ledger-{job.pk}.xlsx", File(handle), save=False)
    except Exception as exc:  # recorded on the job for the user; the worker logs it too
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.status, job.rows, job.finished_at = ExportJob.Status.DONE, rows, timezone.now()
    job.save(update_fields=["status", "rows", "file", "finished_at", "updated_at"])
    audit_log(
        actor=job.owner,
        code=AuditCode.LEDGER_EXPORTED,
        obj=job,
        after={"rows": rows, **job.filters},
    )
    return job
