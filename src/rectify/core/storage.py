"""Content-addressed files written atomically: a temporary file in the same directory, its
hash checked, fsynced, then renamed into place. A file already at the path is verified
before it is reused (and replaced when its content is wrong). A full disk is a clear
``StorageFull`` and leaves nothing behind."""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.core.files.storage import Storage
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext_lazy as _

from .errors import DomainError, ValidationFailed

logger = logging.getLogger(__name__)

FULL_DISK = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
CHUNK = 1024 * 1024


class StorageFull(DomainError):
    default_message = _("The server's storage is full; the file was not saved.")


def is_full_disk(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL_DISK


def sha256_of_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_checked(upload, target: Path, sha256: str, mode: int | None) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-", suffix=".tmp")
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != sha256:
            raise ValidationFailed(
                _("The file changed while it was being saved; nothing was stored. Try again.")
            )
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        if is_full_disk(exc):
            raise StorageFull() from exc
        raise
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def store_content_addressed(*, storage: Storage, name: str, upload, sha256: str) -> str:
    """Put ``upload`` (whose SHA-256 the caller computed) at ``name``; return ``name``."""
    try:
        target = Path(storage.path(name))
    except NotImplementedError:  # a remote storage: it has its own atomicity
        return storage.save(name, upload)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if is_full_disk(exc):
            raise StorageFull() from exc
        raise
    if target.exists():
        try:
            found = sha256_of_path(target)
        except OSError:
            found = None
        if found == sha256:
            return name  # identical content stored once, verified
        logger.warning("stored file %s was damaged (sha256 %s): replaced", name, found)
    _write_checked(upload, target, sha256, getattr(storage, "file_permissions_mode", None))
    return name


class SpoolUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for uploads spooled to disk, which also removes its half-written
    temporary file when a write fails (a full disk): Django closes only finished files."""

    def receive_data_chunk(self, raw_data, start):
        try:
            return super().receive_data_chunk(raw_data, start)
        except BaseException:
            self.upload_interrupted()
            raise
