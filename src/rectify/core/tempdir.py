"""A private temporary folder under RECTIFY_DATA_DIR (mode 0700), never the shared /tmp:
extracted backups hold password hashes and personal data. It holds the spooled uploads and
the restore's staging folders (core.restore); at start, what killed processes left there is
removed: a dead restore's extracted archive (its journal stays for the next restore) and
spooled uploads older than a day."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)
UPLOADS = "uploads"
UPLOAD_MAX_AGE = 24 * 3600


def _private(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def private_tmp_root() -> Path:
    return _private(Path(settings.DATA_DIR) / "tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def tmp_cleanup_stale(*, now: float | None = None) -> list[Path]:
    """Remove what dead processes left in the private temporary folder; return it."""
    root = Path(settings.DATA_DIR) / "tmp"
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    removed = _stale_restore_extracts()
    uploads = root / UPLOADS
    for spooled in uploads.iterdir() if uploads.is_dir() else ():
        try:
            if now - spooled.stat().st_mtime > UPLOAD_MAX_AGE:
                spooled.unlink()
                removed.append(spooled)
        except OSError:
            continue
    if removed:
        logger.info("removed %d temporary files of stopped processes", len(removed))
    return removed


def _stale_restore_extracts() -> list[Path]:
    """A killed restore's extracted archive (password hashes, personal data) goes at once;
    its journal of placed files stays for the next restore to take them back (core.restore)."""
    staging = Path(settings.RECTIFY_RESTORE_STAGING)
    removed = []
    for run in staging.iterdir() if staging.is_dir() else ():
        pid = run.name.partition("-")[0]
        extracted = run / "archive"
        if pid.isdigit() and not _alive(int(pid)) and extracted.exists():
            shutil.rmtree(extracted, ignore_errors=True)
            removed.append(extracted)
    return removed


def tmp_prepare() -> None:
    """At start: the private folders exist with mode 0700, and nothing stale is left."""
    try:
        tmp_cleanup_stale()
        upload_dir = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
        if upload_dir:
            _private(Path(upload_dir))
    except OSError as exc:  # a read-only data folder must not stop a command
        logger.warning("private temporary folder not prepared: %s", exc)
