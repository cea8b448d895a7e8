import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.core.errors import DomainError
from rectify.imports.ledger import read_workbook
from rectify.imports.ledger_apply import ledger_apply, ledger_plan
from rectify.inspections.models import Inspection
from rectify.measures.grid import GridInvalid
from rectify.reports.ledger_file import ledger_export_inspection


def _inspection(pk: int) -> Inspection:
    found = Inspection.objects.filter(pk=pk).select_related("inspected_unit").first()
    if found is None:
        raise CommandError(f"检查轮次 {pk} 不存在 / inspection {pk} does not exist", returncode=2)
    return found


class Command(BaseCommand):
    help = "整改台账: export a round's ledger (.xlsx or CSV) or import one. 导出或导入整改台账。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the ledger of one inspection")
        export.add_argument("inspection", type=int)
        export.add_argument("-o", "--output", required=True, help="FILE.xlsx (or .csv)")
        export.add_argument("--csv", action="store_true", help="CSV, UTF-8 with BOM")
        load = sub.add_parser("import", help="read a ledger into one inspection")
        load.add_argument("file")
        load.add_argument("--inspection", type=int, required=True)
        load.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        load.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, action, **options):
        if action == "export":
            self._export(**options)
        else:
            self._import(**options)

    def _export(self, *, inspection, output, csv=False, **options):
        found = _inspection(inspection)
        path = Path(output)
        if csv or path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                rows = ledger_export_inspection(inspection=found, output=handle, csv_format=True)
        else:
            rows = ledger_export_inspection(inspection=found, output=str(path))
        self.stdout.write(f"{rows} 行 → {path}")

    def _import(self, *, file, inspection, dry_run=False, format="text", **options):
        found = _inspection(inspection)
        year = found.feedback_date.year if found.feedback_date else None
        try:
            read = read_workbook(file, year=year)
        except Exception as exc:
            raise CommandError(f"无法读取 {file}：{exc}", returncode=2) from exc
        plan = ledger_plan(inspection=found, read=read)
        if not read.errors and not dry_run:
            try:
                ledger_apply(inspection=found, plan=plan, actor=None)
            except (DomainError, GridInvalid) as exc:
                raise CommandError(f"未导入：{exc}", returncode=1) from exc
        summary = plan.summary()
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
        else:
            for error in summary["errors"]:
                self.stdout.write(f"第{error['row']}行 {error['column']}：{error['message']}")
            self.stdout.write(
                f"问题 {summary['problems']}  措施 {summary['measures']}  "
                f"新增 {summary['created']}  更新 {summary['updated']}  "
                f"不变 {summary['unchanged']}"
            )
        if read.errors:
            raise CommandError(f"有 {len(read.errors)} 处错误，未导入任何内容", returncode=1)
