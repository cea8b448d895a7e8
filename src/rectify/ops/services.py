"""Writes of running Rectify: the record of an upgrade."""

from typing import Any

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log


@transaction.atomic
def upgrade_record(*, report: dict[str, Any], actor_name: str = "") -> None:
    """The audit entry of one `rectify upgrade`: versions, migrations, snapshot, outcome."""
    snapshot = report.get("snapshot") or {}
    audit_log(
        actor=actor_name or None,
        code=AuditCode.SYSTEM_UPGRADED,
        before={"version": report["from_version"]},
        after={
            "to_version": report["to_version"],
            "applied": report["applied"],
            "snapshot": snapshot.get("path", ""),
            "snapshot_sha256": snapshot.get("sha256", ""),
            "rows_lost": {k: list(v) for k, v in report["lost"].items()},
            "audit_checked": report["audit_checked"],
            "audit_problems": len(report["audit_problems"]),
            "ok": report["ok"],
        },
        note="" if snapshot else "no snapshot (--no-backup)",
    )
