"""The audit trail hears what lower layers do without importing it: backups written."""

from pathlib import Path

from django.dispatch import receiver

from rectify.core.backup import backup_created

from .codes import AuditCode
from .services import audit_log


@receiver(backup_created, dispatch_uid="audit.backup_created")
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
            "rectify_version": manifest["rectify_version"],
        },
    )
