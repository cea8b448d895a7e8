"""The hourly checkpoint of the audit chain's head, as a periodic job of the job layer.

Requests, commands and jobs that write audit entries anchor the head when they end; this
anchors it every hour besides, so a quiet system's latest checkpoint is never old. For cron
instead of a resident worker: `0 * * * * rectify audit checkpoint`."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from rectify.audit.checkpoints import checkpoint_write

from .registry import every, label, periodic


@task()
def audit_checkpoint_task() -> int | None:
    record = checkpoint_write(event="hourly")
    return record["seq"] if record else None


periodic("audit.checkpoint", task=audit_checkpoint_task, when=every(hours=1))
label(audit_checkpoint_task, _("Audit chain checkpoint"))
