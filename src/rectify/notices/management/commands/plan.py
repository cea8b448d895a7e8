"""rectify plan INSPECTION -o FILE [--format docx|xlsx] [--approved]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import DomainError
from rectify.inspections.models import Inspection
from rectify.notices.plan_doc import APPROVED, CURRENT, plan_document, plan_docx, plan_xlsx


class Command(BaseCommand):
    help = "整改方案: a round's plan as a GB/T 9704 Word document, or its task list in Excel."

    def add_arguments(self, parser):
        parser.add_argument("inspection", type=int)
        parser.add_argument("-o", "--output", required=True, help="FILE.docx or FILE.xlsx")
        parser.add_argument("--format", choices=["docx", "xlsx"], help="default: from -o")
        parser.add_argument(
            "--approved", action="store_true", help="the version the leader approved (批准版本)"
        )

    def handle(self, *args, inspection, output, format=None, approved=False, **options):
        found = Inspection.objects.filter(pk=inspection).select_related("inspected_unit").first()
        if found is None:
            raise CommandError(f"检查轮次 {inspection} 不存在 / no such inspection", returncode=2)
        path = Path(output)
        fmt = format or ("xlsx" if path.suffix.lower() == ".xlsx" else "docx")
        version = APPROVED if approved else CURRENT
        try:
            doc = plan_document(inspection=found, version=version)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        if fmt == "xlsx":
            plan_xlsx(doc, str(path))
        else:
            path.write_bytes(plan_docx(doc, today=timezone.localdate()))
        audit_log(
            actor=None,
            code=AuditCode.PLAN_EXPORTED,
            obj=found,
            after={"format": fmt, "version": version, "measures": len(doc.rows)},
        )
        self.stdout.write(f"整改措施 {len(doc.rows)} 项 → {path}")
