"""`rectify upgrade`: snapshot → migrate → verify the audit chain and every table's rows →
record and report. Nothing is migrated without a snapshot unless the operator says
`--no-backup` (having taken their own); a failed snapshot stops before any change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections

import rectify
from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.audit.selectors import audit_chain_verify
from rectify.core.errors import ValidationFailed

from .health import pending_migrations
from .services import upgrade_record
from .snapshot import snapshot_create


@dataclass
class UpgradeReport:
    from_version: str = ""
    to_version: str = rectify.__version__
    snapshot: dict[str, Any] | None = None
    applied: list[str] = field(default_factory=list)
    rows_before: dict[str, int] = field(default_factory=dict)
    rows_after: dict[str, int] = field(default_factory=dict)
    audit_checked: int = 0
    audit_problems: list[str] = field(default_factory=list)
    started_at: str = ""
    finished_at: str = ""

    @property
    def lost(self) -> dict[str, tuple[int, int]]:
        """Tables that hold fewer rows than before (or are gone): an upgrade never deletes."""
        return {
            table: (count, self.rows_after.get(table, 0))
            for table, count in self.rows_before.items()
            if self.rows_after.get(table, 0) < count
        }

    @property
    def ok(self) -> bool:
        return not self.lost and not self.audit_problems

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "lost": self.lost, "ok": self.ok}


def table_rows() -> dict[str, int]:
    """Rows of every table in the database (Rectify's or not), read without the models."""
    connection = connections[DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            sql = f"SELECT COUNT(*) FROM {quote(table)}"  # noqa: S608  # nosec B608 - introspected, quoted
            cursor.execute(sql)
            counts[table] = cursor.fetchone()[0]
    return counts


def installed_version() -> str:
    """The release the database was last upgraded to by `rectify upgrade` (read after
    migrating: older releases did not record it)."""
    entry = AuditEntry.objects.filter(code=AuditCode.SYSTEM_UPGRADED).order_by("-seq").first()
    return str(entry.after.get("to_version", "")) if entry else ""


def upgrade_run(*, backup_dir: Path | None, actor_name: str = "") -> UpgradeReport:
    """Run the upgrade; `backup_dir=None` skips the snapshot (the operator has their own)."""
    report = UpgradeReport(started_at=dt.datetime.now(dt.UTC).isoformat())
    planned = pending_migrations()
    report.rows_before = table_rows()
    if backup_dir is not None:
        try:
            report.snapshot = snapshot_create(directory=backup_dir)
        except OSError as exc:
            raise ValidationFailed(
                "快照未能写入 / the snapshot could not be written to %(d)s: %(e)s",
                d=str(backup_dir),
                e=exc.strerror or str(exc),
            ) from exc
    call_command("migrate", interactive=False, verbosity=0)
    report.applied = planned
    report.from_version = installed_version() or "0.1.0 or earlier (not recorded)"
    report.rows_after = table_rows()
    checked, problems = audit_chain_verify()
    report.audit_checked = checked
    report.audit_problems = [f"#{p.seq}: {p.message}" for p in problems]
    report.finished_at = dt.datetime.now(dt.UTC).isoformat()
    upgrade_record(report=report.as_dict(), actor_name=actor_name)
    return report
