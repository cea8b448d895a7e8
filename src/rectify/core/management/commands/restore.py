import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rectify.core.errors import DomainError
from rectify.core.restore import backup_restore


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # unwinds the restore: its files and staging are removed


class Command(BaseCommand):
    help = (
        "Restore a signed backup archive into an empty database and media folder: files "
        "first, the database last, nothing half-done if it is stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--trust-unsigned",
            action="store_true",
            help="restore an archive without a valid signature (made by release 0.1.0, or "
            "signed with another backup key) once you have checked where it came from",
        )

    def handle(self, *args, archive, trust_unsigned=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}", returncode=2)
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            manifest = backup_restore(archive=path, trust_unsigned=trust_unsigned)
        except DomainError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成 / restored {sum(manifest['tables'].values())} rows and "
                f"{sum(1 for m in manifest['members'] if m.startswith('files/'))} files "
                f"from {path}"
            )
        )
