"""rectify parse FILE [--format json|outline]"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rectify.parsing import ParseError, parse_file
from rectify.parsing.outline import render_outline


class Command(BaseCommand):
    help = "Parse a notice (.txt/.docx/.html) and print its structure; writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", choices=["json", "outline"], default="outline")

    def handle(self, *args, file, format, **options):
        try:
            parsed = parse_file(file, max_bytes=settings.RECTIFY_IMPORT_MAX_BYTES)
        except ParseError as exc:
            raise CommandError(f"{exc.message_zh}\n{exc.message_en}", returncode=2) from exc
        except OSError as exc:
            raise CommandError(f"无法读取文件 / cannot read the file: {exc}", returncode=2) from exc
        if format == "json":
            self.stdout.write(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=1))
        else:
            self.stdout.write(render_outline(parsed))
