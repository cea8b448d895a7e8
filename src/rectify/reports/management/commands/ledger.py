from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.inspections.models import Inspection
from rectify.reports.ledger_file import ledger_export_inspection


class Command(BaseCommand):
    help = "整改台账: export a round's ledger (.xlsx, print-ready; or CSV). 导出整改台账。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write the ledger of one inspection")
        export.add_argument("inspection", type=int)
        export.add_argument("-o", "--output", required=True, help="FILE.xlsx (or .csv)")
        export.add_argument("--csv", action="store_true", help="CSV, UTF-8 with BOM")

    def handle(self, *args, action, inspection, output, csv=False, **options):
        found = Inspection.objects.filter(pk=inspection).first()
        if found is None:
            raise CommandError(
                f"检查轮次 {inspection} 不存在 / inspection {inspection} does not exist",
                returncode=2,
            )
        path = Path(output)
        as_csv = csv or path.suffix.lower() == ".csv"
        if as_csv:
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                rows = ledger_export_inspection(inspection=found, output=handle, csv_format=True)
        else:
            rows = ledger_export_inspection(inspection=found, output=str(path))
        self.stdout.write(f"{rows} 行 → {path}")
