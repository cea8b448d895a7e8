"""rectify report INSPECTION -o FILE.docx [--as-of DATE]"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import DomainError
from rectify.inspections.models import Inspection
from rectify.notices.report_doc import report_document, report_docx


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of 需要 YYYY-MM-DD 格式的日期：{value}", returncode=2) from exc


class Command(BaseCommand):
    help = "整改落实情况报告: the rectification report to the inspecting body, as a Word document."

    def add_arguments(self, parser):
        parser.add_argument("inspection", type=int)
        parser.add_argument("-o", "--output", required=True, help="FILE.docx")
        parser.add_argument("--format", choices=["docx"], default="docx")
        parser.add_argument("--as-of", dest="as_of", help="the report's date (default: today)")

    def handle(self, *args, inspection, output, as_of=None, **options):
        found = Inspection.objects.filter(pk=inspection).select_related("inspected_unit").first()
        if found is None:
            raise CommandError(f"检查轮次 {inspection} 不存在 / no such inspection", returncode=2)
        try:
            doc = report_document(inspection=found, date=_date(as_of) if as_of else None)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=1) from exc
        Path(output).write_bytes(report_docx(doc))
        audit_log(
            actor=None,
            code=AuditCode.REPORT_EXPORTED,
            obj=found,
            after={"measures": doc.stats["measures"]["total"], "date": doc.date.isoformat()},
        )
        self.stdout.write(f"整改措施 {doc.stats['measures']['total']} 项 → {output}")
