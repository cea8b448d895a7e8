import csv
import datetime as dt
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from rectify.audit import pg
from rectify.audit.chain import retention_mac
from rectify.audit.checkpoints import checkpoint_write
from rectify.audit.keys import audit_key
from rectify.audit.models import AuditCheckpoint, AuditEntry
from rectify.audit.selectors import CSV_HEADER, audit_chain_report, audit_entries, csv_row


class Command(BaseCommand):
    help = "Audit trail: verify the hash chain, export, prune by retention. 审计日志。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser(
            "verify",
            help="check that no record was altered, removed or reordered, against the latest "
            "checkpoint outside the database",
        )
        sub.add_parser("checkpoint", help="append a signed checkpoint of the chain's head now")
        export = sub.add_parser("export", help="write entries as CSV")
        export.add_argument("-o", "--output", default="-")
        export.add_argument("--code", default="")
        prune = sub.add_parser("prune", help="delete entries older than the retention period")
        prune.add_argument("--days", type=int, default=None)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_verify(self, **options):
        report = audit_chain_report()
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        if report.anchor:
            self.stdout.write(f"检查点 / checkpoint: #{report.anchor.seq} at {report.anchor.at}")
        checked, problems = report.checked, report.problems
        if problems:
            for problem in problems:
                self.stderr.write(f"[{problem.kind}] {problem.message}")
            raise CommandError(
                f"审计链校验失败：{len(problems)} 处问题 / audit chain verification FAILED: "
                f"{len(problems)} problem(s) in {checked} entries",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"审计链完整 / audit chain intact: {checked} entries verified")
        )

    def do_checkpoint(self, **options):
        record = checkpoint_write(event="manual")
        if record is None:
            self.stdout.write("尚无带密钥的审计链 / no keyed audit chain yet: nothing to anchor")
            return
        self.stdout.write(
            f"检查点已写入 / checkpoint written: #{record['seq']} {record['hash'][:16]}… "
            f"→ {settings.RECTIFY_AUDIT_CHECKPOINT_FILE}"
        )

    def do_export(self, output="-", code="", **options):
        out = sys.stdout if output == "-" else open(output, "w", newline="", encoding="utf-8-sig")  # noqa: SIM115
        writer = csv.writer(out)
        writer.writerow(CSV_HEADER)
        for entry in audit_entries(code=code).order_by("seq").iterator(2000):
            writer.writerow(csv_row(entry))
        if out is not sys.stdout:
            out.close()

    def do_prune(self, days=None, **options):
        days = days if days is not None else settings.RECTIFY_AUDIT_RETENTION_DAYS
        if days < 180:
            raise CommandError(
                "保留期不得少于180天 / retention must be at least 180 days", returncode=2
            )
        cutoff = timezone.now() - dt.timedelta(days=days)
        with transaction.atomic():
            old = AuditEntry.objects.filter(at__lt=cutoff).order_by("-seq")
            last = old.first()
            if last is None:
                self.stdout.write("nothing to prune")
                return
            count = old.count()
            mac = retention_mac(audit_key(), seq=last.seq, hash=last.hash)
            AuditCheckpoint.objects.create(
                seq=last.seq, hash=last.hash, pruned_count=count, mac=mac
            )
            # Retention bypasses the model's append-only guard on purpose; on PostgreSQL it
            # runs as the audit table's owner, who alone may lift the trigger (audit.pg).
            pg.maintenance()
            AuditEntry.objects.filter(seq__lte=last.seq)._raw_delete(AuditEntry.objects.db)
        self.stdout.write(f"pruned {count} entries up to #{last.seq}; chain anchored there")
