"""`rectify upgrade`: snapshot, migrate, verify, report (docs/deployment.md, Upgrades)."""

import getpass
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rectify.core.errors import DomainError
from rectify.ops.health import pending_migrations
from rectify.ops.upgrade import UpgradeReport, upgrade_run


class Command(BaseCommand):
    help = (
        "Upgrade the database to this release: snapshot (database and files), migrate, verify "
        "the audit chain and every table's rows, report. 升级：快照、迁移、校验、报告。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backup-dir",
            type=Path,
            help="where the snapshot goes (default: $RECTIFY_DATA_DIR/backups)",
        )
        parser.add_argument(
            "--no-backup",
            action="store_true",
            help="migrate without a snapshot: only when you have just taken your own",
        )
        parser.add_argument("--plan", action="store_true", help="list what would be migrated")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, backup_dir=None, no_backup=False, plan=False, **options):
        if plan:
            pending = pending_migrations()
            self.stdout.write("\n".join(pending) if pending else "nothing to migrate")
            return
        directory = None if no_backup else (backup_dir or settings.DATA_DIR / "backups")
        try:
            report = upgrade_run(backup_dir=directory, actor_name=f"{getpass.getuser()} (shell)")
        except DomainError as exc:
            raise CommandError(f"升级未执行 / upgrade not started: {exc}") from exc
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
        else:
            self.write_text(report)
        if not report.ok:
            raise CommandError("升级后校验失败 / the checks after the upgrade failed (above)")

    def write_text(self, report: UpgradeReport) -> None:
        out = self.stdout.write
        out(f"升级 / upgrade: {report.from_version} → {report.to_version}")
        if report.snapshot:
            size = Path(report.snapshot["path"]).stat().st_size
            out(f"  快照 / snapshot: {report.snapshot['path']} ({size} bytes)")
            out(f"    sha256 {report.snapshot['sha256']}")
        else:
            out("  快照 / snapshot: none (--no-backup)")
        out(f"  迁移 / migrations applied: {len(report.applied)}")
        for name in report.applied:
            out(f"    {name}")
        before, after = sum(report.rows_before.values()), sum(report.rows_after.values())
        out(f"  行数 / rows: {before} before, {after} after, tables with fewer rows: "
            f"{len(report.lost)}")  # fmt: skip
        for table, (was, now) in report.lost.items():
            out(self.style.ERROR(f"    {table}: {was} → {now}"))
        out(f"  审计链 / audit chain: {report.audit_checked} entries verified, "
            f"{len(report.audit_problems)} problems")  # fmt: skip
        for problem in report.audit_problems:
            out(self.style.ERROR(f"    {problem}"))
        if report.ok:
            out(self.style.SUCCESS("升级完成 / upgrade complete"))
