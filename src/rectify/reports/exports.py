"""Queue a large Excel ledger export; `rectify worker` makes the file (reports.ledger_file)."""

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.jobs.services import job_enqueue
from rectify.orgs.models import User

from .ledger_file import STANDARD, filters_to_json
from .models import ExportJob
from .tasks import ledger_export_task


@transaction.atomic
def export_job_create(
    *, owner: User, filters: dict, total: int, layout: str = STANDARD
) -> ExportJob:
    """Queue a large export; the background job writes the file (`export_job_run`)."""
    stored = filters_to_json(filters) | ({"layout": layout} if layout != STANDARD else {})
    export = ExportJob.objects.create(owner=owner, filters=stored, total=total)
    export.job = job_enqueue(task=ledger_export_task, args=[export.pk], owner=owner)
    export.save(update_fields=["job", "updated_at"])
    audit_log(actor=owner, code=AuditCode.LEDGER_EXPORT_QUEUED, obj=export, after={"total": total})
    return export
