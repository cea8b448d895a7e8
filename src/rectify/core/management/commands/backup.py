from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rectify.core.backup import backup_create
from rectify.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Back up the database and evidence files into one archive with a signed checksum "
        "manifest; --encrypt seals it with RECTIFY_BACKUP_ENCRYPTION_KEY."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "-o", "--output", help="archive path (default: rectify-backup-<time>.tar.gz)"
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="encrypt the archive (AES-256-GCM, key from RECTIFY_BACKUP_ENCRYPTION_KEY)",
        )

    def handle(self, *args, output=None, encrypt=False, **options):
        suffix = ".tar.gz.enc" if encrypt else ".tar.gz"
        path = Path(output or f"rectify-backup-{timezone.now():%Y%m%d-%H%M%S}{suffix}")
        try:
            manifest = backup_create(output=path, encrypt=encrypt)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        rows = sum(manifest["tables"].values())
        files = len(manifest["members"]) - 1
        self.stdout.write(
            self.style.SUCCESS(f"备份完成 / backup written: {path} ({rows} rows, {files} files)")
        )
