"""rectify import-notice FILE [--inspection ID] [--dry-run] [--user USERNAME]"""

import json

from django.core.management.base import BaseCommand, CommandError

from rectify.core.errors import DomainError
from rectify.imports.importer import notice_import
from rectify.inspections.models import Inspection
from rectify.orgs.models import User
from rectify.parsing import ParseError


class Command(BaseCommand):
    help = (
        "Import a rectification notice (.txt/.docx/.html) into an inspection: findings, "
        "measures, indicators, deadlines and suggested statuses. The same file twice changes "
        "nothing; a failed import writes nothing (exit status 2 for unreadable files)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--inspection", type=int, help="update this inspection (its ID)")
        parser.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
        parser.add_argument("--user", help="act as this user (checked: rectification office)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, file, inspection=None, dry_run=False, user=None, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户不存在 / no such user: {user}", returncode=2)
        target = None
        if inspection is not None:
            target = Inspection.objects.filter(pk=inspection).first()
            if target is None:
                raise CommandError(f"巡察不存在 / no such inspection: {inspection}", returncode=2)
        try:
            result = notice_import(
                path_or_bytes=file, actor=actor, inspection=target, dry_run=dry_run
            )
        except ParseError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=2) from exc
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        counts = result.counts
        if options["json"]:
            out = {
                "inspection": result.inspection.pk if result.inspection else None,
                "created": result.created,
                "noop": result.noop,
                "dry_run": result.dry_run,
                "counts": counts,
                "warnings": result.warnings,
                "suggestions": result.plan.suggestions(),
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=1))
            return
        if result.noop:
            self.stdout.write("文件已导入过，未作任何更改 / already imported: nothing changed")
        elif result.dry_run:
            self.stdout.write("试运行，未写入任何数据 / dry run: nothing written")
        where = result.inspection.pk if result.inspection else "（新建 / new）"
        self.stdout.write(
            f"巡察 / inspection {where}: {counts['aspects']} 个方面, {counts['problems']} 个问题, "
            f"{counts['findings_with_measures']} 个具体问题, {counts['measures']} 项措施, "
            f"{counts['indicators']} 个指标, {counts['deadlines']} 个时限, "
            f"{counts['suggestions']} 个状态建议, {counts['kind_suggestions']} 个类型建议, "
            f"{counts['category_suggestions']} 个类别建议"
        )
        self.stdout.write(
            "问题 / findings: +{findings_create} ~{findings_update} ={findings_keep} "
            "-{findings_remove}; 措施 / measures: +{measures_create} ~{measures_update} "
            "={measures_keep} -{measures_remove}".format(**counts)
        )
        if counts["kind_suggestions"] or counts["category_suggestions"]:
            self.stdout.write(
                "类型、类别取默认值，建议在计划表中确认（采用建议） / kinds and categories take "
                "the defaults; the plan grid offers the suggestions to confirm"
            )
        for warning in result.warnings:
            self.stderr.write(f"注意 / warning: {warning['message']}")
