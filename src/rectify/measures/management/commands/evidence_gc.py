import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from rectify.measures.models import Evidence


class Command(BaseCommand):
    help = (
        "Delete evidence files that no record points to (left by a rolled-back upload). "
        "清理无记录引用的佐证文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=24,
            help="only files older than this (uploads in flight are younger)",
        )
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, hours=24.0, dry_run=False, **options):
        root = Path(settings.MEDIA_ROOT) / "evidence"
        if not root.exists():
            self.stdout.write("no evidence folder")
            return
        referenced = set(Evidence.objects.values_list("file", flat=True).distinct())
        cutoff = time.time() - hours * 3600
        removed = 0
        for path in root.rglob("*"):
            name = path.relative_to(settings.MEDIA_ROOT).as_posix()
            if path.is_file() and name not in referenced and path.stat().st_mtime < cutoff:
                removed += 1
                if not dry_run:
                    path.unlink()
        verb = "would remove" if dry_run else "removed"
        self.stdout.write(f"{verb} {removed} unreferenced evidence file(s)")
