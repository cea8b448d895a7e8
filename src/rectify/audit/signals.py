"""Checkpoints of the chain's head at the end of a job (django-tasks' `task_finished`) and
after a restore (`core.signals.backup_restored`); an entry for each backup written
(`core.signals.backup_created`); requests and commands anchor it through
`audit.middleware` and the `rectify` console script."""

from pathlib import Path

from django.dispatch import receiver
from django_tasks.signals import task_finished

from rectify.core.signals import backup_created, backup_restored

from . import checkpoints
from .codes import AuditCode
from .services import audit_log


@receiver(task_finished, dispatch_uid="rectify.audit.checkpoint_after_job")
def checkpoint_after_job(sender, **kwargs) -> None:
    checkpoints.flush("job")


@receiver(backup_restored, dispatch_uid="rectify.audit.checkpoint_after_restore")
def checkpoint_after_restore(sender, **kwargs) -> None:
    checkpoints.checkpoint_write(event="restore")


@receiver(backup_created, dispatch_uid="rectify.audit.backup_created")
def record_backup(sender, *, output, manifest, **kwargs) -> None:
    files = sum(1 for name in manifest["members"] if name.startswith("files/"))
    audit_log(
        actor=None,
        code=AuditCode.BACKUP_CREATED,
        after={
            "path": str(Path(output).resolve()),
            "rows": sum(manifest["tables"].values()),
            "files": files,
            "data_sha256": manifest["members"]["data.json"],
            "encrypted": manifest.get("encrypted", False),
            "rectify_version": manifest["rectify_version"],
        },
    )
