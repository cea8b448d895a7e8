import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rectify.core.errors import DomainError
from rectify.imports.ledger import read_workbook
from rectify.imports.ledger_apply import ledger_apply, ledger_plan
from rectify.inspections.models import Inspection
from rectify.inspections.services import inspection_create
from rectify.measures.grid import GridInvalid
from rectify.orgs.models import OrgUnit
from rectify.reports.ledger_file import LAYOUTS, STANDARD, ledger_export_inspection


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
        export.add_argument(
            "--layout",
            choices=LAYOUTS,
            default=STANDARD,
            help="standard: the 台账 as offices print it; full: every field in its own column",
        )
        load = sub.add_parser("import", help="read a ledger into one inspection")
        load.add_argument("file")
        target = load.add_mutually_exclusive_group(required=True)
        target.add_argument("--inspection", type=int, help="an existing round")
        target.add_argument("--new", metavar="TITLE", help="a new round of this title")
        load.add_argument(
            "--unit", type=int, help="with --new: the inspected unit (default: the top unit)"
        )
        load.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
        load.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args, action, **options):
        if action == "export":
            self._export(**options)
        else:
            self._import(**options)

    def _export(self, *, inspection, output, csv=False, layout=STANDARD, **options):
        found = _inspection(inspection)
        path = Path(output)
        if csv or path.suffix.lower() == ".csv":
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                rows = ledger_export_inspection(
                    inspection=found, output=handle, csv_format=True, layout=layout
                )
        else:
            rows = ledger_export_inspection(inspection=found, output=str(path), layout=layout)
        self.stdout.write(f"{rows} 行 → {path}")

    def _import(self, *, file, inspection=None, new=None, unit=None, dry_run=False, **options):
        """All or nothing: a new round and its ledger are written together or not at all."""
        with transaction.atomic():
            found = _inspection(inspection) if inspection else _new_round(new, unit)
            plan, read = self._check(file, found)
            if not read.errors and not dry_run:
                try:
                    ledger_apply(inspection=found, plan=plan, actor=None)
                except (DomainError, GridInvalid) as exc:
                    raise CommandError(f"未导入：{exc}", returncode=1) from exc
            if read.errors or dry_run:
                transaction.set_rollback(True)  # a dry run, or errors: nothing stays
        kept = new and not (read.errors or dry_run)
        self._report(plan.summary(), options.get("format", "text"), found if kept else None)
        if read.errors:
            raise CommandError(f"有 {len(read.errors)} 处错误，未导入任何内容", returncode=1)

    def _check(self, file, found: Inspection):
        year = found.feedback_date.year if found.feedback_date else None
        try:
            read = read_workbook(file, year=year)
        except Exception as exc:
            raise CommandError(f"无法读取 {file}：{exc}", returncode=2) from exc
        return ledger_plan(inspection=found, read=read), read

    def _report(self, summary: dict, format: str, created: Inspection | None) -> None:
        if created is not None:
            summary = {**summary, "inspection": created.pk}
        if format == "json":
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1))
            return
        for error in summary["errors"]:
            self.stdout.write(f"第{error['row']}行 {error['column']}：{error['message']}")
        self.stdout.write(
            f"问题 {summary['problems']}  措施 {summary['measures']}  "
            f"新增 {summary['created']}  更新 {summary['updated']}  "
            f"不变 {summary['unchanged']}  建议 {len(summary['suggestions'])}"
        )
        for item in summary["suggestions"]:
            self.stdout.write(
                f"第{item['row']}行 {item['column']}：建议“{item['value']}”（{item['cue']}），"
                "已取默认值，请在计划表中确认"
            )


def _new_round(title: str, unit_id: int | None) -> Inspection:
    """The round `--new` names, in the given unit or the deployment's only top unit."""
    if unit_id is not None:
        unit = OrgUnit.objects.filter(pk=unit_id).first()
    else:
        tops = list(OrgUnit.objects.filter(parent__isnull=True)[:2])
        unit = tops[0] if len(tops) == 1 else None
    if unit is None:
        raise CommandError(
            "请用 --unit 指明被检查单位 / name the inspected unit with --unit", returncode=2
        )
    return inspection_create(actor=None, inspected_unit=unit, title=title)
