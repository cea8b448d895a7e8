"""rectify notice INSPECTION --format docx|html|txt -o FILE [--public] [--renumber] [--check]"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.inspections.models import Inspection
from rectify.notices.checks import check_draft
from rectify.notices.generate import FORMATS, notice_generate


class Command(BaseCommand):
    help = "Generate the rectification progress notice (通报) of an inspection from its ledger."

    def add_arguments(self, parser):
        parser.add_argument("inspection", type=int)
        parser.add_argument("--format", choices=sorted(FORMATS), default="txt")
        parser.add_argument("-o", "--output", help="file to write (stdout for txt/html if none)")
        parser.add_argument("--public", action="store_true", help="mask personal data")
        parser.add_argument(
            "--renumber", action="store_true", help="number measures 一是, 二是 … consecutively"
        )
        parser.add_argument(
            "--check", action="store_true", help="print the pre-publication checks to stderr"
        )

    def handle(self, *args, inspection, format, output=None, **options):
        target = Inspection.objects.filter(pk=inspection).first()
        if target is None:
            raise CommandError(f"巡察不存在 / no such inspection: {inspection}", returncode=2)
        if format == "docx" and not output:
            raise CommandError("docx 需要 -o 文件名 / docx needs -o FILE", returncode=2)
        rendered = notice_generate(
            inspection=target,
            fmt=format,
            public=options["public"],
            renumber=options["renumber"],
        )
        if output:
            Path(output).write_bytes(rendered.content)
            self.stdout.write(f"{output}: {len(rendered.content)} bytes")
        else:
            sys.stdout.flush()
            self.stdout.write(rendered.content.decode("utf-8"), ending="")
        if options["check"]:
            text = notice_generate(inspection=target, fmt="txt").content.decode("utf-8")
            for issue in check_draft(text, inspection=target):
                self.stderr.write(f"[{issue.severity}] {issue.code}: {issue.message}")
