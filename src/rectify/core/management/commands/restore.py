from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.core.backup import backup_restore
from rectify.core.errors import DomainError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):

        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}", returncode=2)
        try:
            manifest = backup_restore(archive=path)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成 / restored {sum(manifest['tables'].values())} rows and "
                f"{len(manifest['members']) - 1} files from {path}"
            )
        )
