"""rectify notice INSPECTION --format docx|html|txt -o FILE [--as-of DATE] [--public]
[--renumber] [--check]"""

import argparse
import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.inspections.models import Inspection
from rectify.notices.checks import check_draft
from rectify.notices.generate import FORMATS, notice_generate


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--as-of：无法识别日期“{text}”，请写成 2024-03-31 / not a date: {text!r}"
        ) from None


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
        parser.add_argument(
            "--as-of",
            type=_date,
            help="count the ledger as it stood on this date (YYYY-MM-DD; default today)",
        )

    def handle(self, *args, inspection, format, output=None, **options):
        target = Inspection.objects.filter(pk=inspection).first()
        if target is None:
            raise CommandError(f"巡察不存在 / no such inspection: {inspection}", returncode=2)
        if format == "docx" and not output:
            raise CommandError("docx 需要 -o 文件名 / docx needs -o FILE", returncode=2)
        as_of = options.get("as_of")
        rendered = notice_generate(
            inspection=target,
            fmt=format,
            public=options["public"],
            renumber=options["renumber"],
            as_of=as_of,
        )
        if output:
            Path(output).write_bytes(rendered.content)
            self.stdout.write(f"{output}: {len(rendered.content)} bytes")
        else:
            sys.stdout.flush()
            self.stdout.write(rendered.content.decode("utf-8"), ending="")
        if options["check"]:
            text = notice_generate(inspection=target, fmt="txt", as_of=as_of).content.decode()
            for issue in check_draft(text, inspection=target, as_of=as_of):
                self.stderr.write(f"[{issue.severity}] {issue.code}: {issue.message}")
