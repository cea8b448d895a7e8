from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from rectify.core.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and evidence files into one archive with a checksum manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="archive path (default: rectify-backup-<time>.tar.gz)"
        )

    def handle(self, *args, output=None, **options):

        path = Path(output or f"rectify-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup_create(output=path)
        rows = sum(manifest["tables"].values())
        files = len(manifest["members"]) - 1
        self.stdout.write(
            self.style.SUCCESS(f"备份完成 / backup written: {path} ({rows} rows, {files} files)")
        )
