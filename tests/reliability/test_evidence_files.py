"""Evidence files are written atomically and never trusted blindly.

A damaged file at a content-addressed path is replaced by the next upload of the same
content; a full disk (a patched fsync, and a real 256 KB tmpfs where the test may mount one)
says "服务器存储空间不足，文件未保存" and leaves neither a file nor a row; uploads that Django
spooled to disk are gone after every request."""

import errno
import hashlib
import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rectify.measures.models import Evidence, ProgressReport
from tests.factories import PDF_BYTES

FULL = "服务器存储空间不足，文件未保存"


def _pdf(size: int = 0, name: str = "纪要.pdf") -> SimpleUploadedFile:
    body = PDF_BYTES + b"%" + b"x" * max(0, size - len(PDF_BYTES)) + b"\n"
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def tiny_fs(tmp_path):
    """A real 256 KB filesystem (tmpfs); skipped where this process may not mount."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _submit(client, measure, upload):
    return client.post(
        reverse("measures:report", args=[measure.pk]), {"text": "已完成整改", "files": [upload]}
    )


def test_a_damaged_file_at_the_hash_path_is_replaced_not_reused(client, cast, measure, settings):
    upload = _pdf()
    digest = hashlib.sha256(upload.read()).hexdigest()
    damaged = Path(settings.MEDIA_ROOT) / "evidence" / digest[:2] / digest
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(PDF_BYTES[:7])  # what a killed write left behind
    client.force_login(cast.reporter)
    assert _submit(client, measure, _pdf()).status_code == 302
    assert hashlib.sha256(damaged.read_bytes()).hexdigest() == digest
    evidence = Evidence.objects.get()
    assert client.get(reverse("measures:evidence_download", args=[evidence.pk])).status_code == 200
    assert [p.name for p in damaged.parent.iterdir()] == [digest]  # no temporary file left


def test_a_full_disk_at_fsync_stores_nothing_and_says_so(
    client, cast, measure, settings, monkeypatch
):
    real_fsync = os.fsync

    evidence_dir = str(Path(settings.MEDIA_ROOT) / "evidence")

    def full(fd):
        # Only evidence files meet the full disk (keys and audit checkpoints live elsewhere).
        path = os.readlink(f"/proc/self/fd/{fd}")
        if path.startswith(evidence_dir) and os.fstat(fd).st_size:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full)
    client.force_login(cast.reporter)
    response = _submit(client, measure, _pdf(4096))
    assert response.status_code == 400
    assert FULL in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert _files(Path(settings.MEDIA_ROOT)) == []


def test_a_real_full_filesystem_stores_nothing_and_says_so(
    client, cast, measure, settings, tiny_fs
):
    settings.MEDIA_ROOT = tiny_fs
    client.force_login(cast.reporter)
    response = _submit(client, measure, _pdf(400 * 1024))
    assert response.status_code == 400
    assert FULL in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert _files(tiny_fs) == []
    assert _submit(client, measure, _pdf(16 * 1024)).status_code == 302  # space is back


def test_a_full_disk_while_the_upload_is_spooled_is_a_clear_507(cast, measure, settings, tiny_fs):
    settings.FILE_UPLOAD_TEMP_DIR = str(tiny_fs)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    client = Client(raise_request_exception=False)
    client.force_login(cast.reporter)
    response = _submit(client, measure, _pdf(600 * 1024))
    assert response.status_code == 507
    assert FULL in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert _files(tiny_fs) == []


@pytest.mark.parametrize("case", ["stored", "refused type", "full disk", "refused permission"])
def test_uploads_spooled_to_disk_are_removed_on_every_path(
    case, client, cast, measure, settings, tmp_path, monkeypatch
):
    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    upload = _pdf(8192)
    if case == "refused type":
        upload = SimpleUploadedFile("a.pdf", b"\x00\x01" * 8192)
    client.force_login(cast.party_reporter if case == "refused permission" else cast.reporter)
    if case == "full disk":  # after logging in: the audit key is written on first use
        monkeypatch.setattr(
            os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, ""))
        )
    response = _submit(client, measure, upload)
    assert response.status_code == {"stored": 302, "refused permission": 404}.get(case, 400)
    assert list(spool.iterdir()) == []
