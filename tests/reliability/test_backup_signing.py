"""Backups that cannot be forged: a signed manifest, refused when unsigned or wrongly signed
(unless --trust-unsigned); encrypted archives that stream; nothing left behind."""

import hashlib
import io
import json
import tarfile
import tracemalloc
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from rectify.core import backup
from rectify.core.backup import table_counts
from rectify.core.backup_crypto import MAGIC
from rectify.orgs.models import User

from ..core.test_backup import media_files, populated, snapshot  # noqa: F401  (fixture)

ENCRYPTION_KEY = "c2VjcmV0LWJhY2t1cC1lbmNyeXB0aW9uLWtleS0zMmJ5dGVz"


def members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def repack(archive: Path, out: Path, content: dict[str, bytes]) -> Path:
    with tarfile.open(out, "w:gz") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out


def forge_superuser(archive: Path, out: Path, *, keep_signature: bool) -> Path:
    """Edit data.json (office becomes a superuser) and the manifest's checksum to match."""
    content = members(archive)
    rows = json.loads(content["data.json"])
    for row in rows:
        if row["model"] == "orgs.user" and row["fields"]["username"] == "office":
            row["fields"]["is_superuser"] = True
    content["data.json"] = json.dumps(rows).encode()
    manifest = json.loads(content["manifest.json"])
    manifest["members"]["data.json"] = hashlib.sha256(content["data.json"]).hexdigest()
    content["manifest.json"] = json.dumps(manifest).encode()
    if not keep_signature:
        del content["manifest.sig"]
    return repack(archive, out, content)


def nothing_restored(settings) -> bool:
    staging = Path(settings.RECTIFY_RESTORE_STAGING)
    left = list(staging.iterdir()) if staging.exists() else []
    media = Path(settings.MEDIA_ROOT)
    return not any(table_counts().values()) and not media_files(media) and not left


@pytest.fixture
def archive(populated, tmp_path, settings):  # noqa: F811
    path = tmp_path / "out" / "b.tar.gz"
    call_command("backup", "-o", str(path))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    return path


def test_the_manifest_is_signed(archive):
    content = members(archive)
    signature = json.loads(content["manifest.sig"])
    assert signature["alg"] == "hmac-sha256" and len(signature["sig"]) == 64
    assert sorted(p.name for p in archive.parent.iterdir()) == ["b.tar.gz"], "no temp left"


def test_forged_data_and_manifest_are_refused(archive, tmp_path, settings):
    forged = forge_superuser(archive, tmp_path / "forged.tar.gz", keep_signature=True)
    with pytest.raises(CommandError, match="signature is invalid"):
        call_command("restore", str(forged))
    assert nothing_restored(settings)


def test_an_unsigned_archive_needs_trust_unsigned(archive, tmp_path, settings):
    forged = forge_superuser(archive, tmp_path / "unsigned.tar.gz", keep_signature=False)
    with pytest.raises(CommandError, match="not signed"):
        call_command("restore", str(forged))
    assert nothing_restored(settings)
    call_command("restore", str(forged), "--trust-unsigned")
    assert User.objects.get(username="office").is_superuser, "the operator chose to trust it"


def test_an_archive_signed_with_another_key_is_refused(archive, settings, tmp_path):
    settings.RECTIFY_BACKUP_KEY_FILE = tmp_path / "another.key"
    with pytest.raises(CommandError, match="signed with another key"):
        call_command("restore", str(archive))
    assert nothing_restored(settings)


@pytest.fixture
def encryption(settings):
    settings.RECTIFY_BACKUP_ENCRYPTION_KEY = ENCRYPTION_KEY


def test_an_encrypted_backup_round_trips(populated, tmp_path, settings, encryption):  # noqa: F811
    before, files = snapshot(), media_files(Path(settings.MEDIA_ROOT))
    path = tmp_path / "b.tar.gz.enc"
    call_command("backup", "-o", str(path), "--encrypt")
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    assert b"data.json" not in raw and b"13812345678" not in raw
    with pytest.raises(tarfile.TarError):
        tarfile.open(path).close()
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("restore", str(path))
    assert snapshot() == before
    assert media_files(Path(settings.MEDIA_ROOT)) == files


@pytest.mark.parametrize("damage", ["flip", "cut", "drop_last"])
def test_a_damaged_encrypted_archive_is_refused(
    populated,  # noqa: F811
    tmp_path,
    settings,
    encryption,
    damage,
):
    path = tmp_path / "b.enc"
    call_command("backup", "-o", str(path), "--encrypt")
    raw = bytearray(path.read_bytes())
    if damage == "flip":
        raw[len(raw) // 2] ^= 1
    elif damage == "cut":
        raw = raw[: len(raw) - 100]
    else:  # a whole last chunk gone (the archive is one chunk here: drop it)
        raw = raw[: len(MAGIC) + 4 + int.from_bytes(raw[len(MAGIC) : len(MAGIC) + 4]) + 7]
    path.write_bytes(bytes(raw))
    call_command("flush", interactive=False, verbosity=0)
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with pytest.raises(CommandError, match=r"altered|cut short"):
        call_command("restore", str(path))
    assert nothing_restored(settings)


def test_encrypting_without_a_key_says_so_and_writes_nothing(db, tmp_path):
    path = tmp_path / "b.enc"
    with pytest.raises(CommandError, match="RECTIFY_BACKUP_ENCRYPTION_KEY"):
        call_command("backup", "-o", str(path), "--encrypt")
    assert not path.exists()
    assert not list(tmp_path.glob(".rectify-backup-*"))


def test_a_large_archive_streams_in_little_memory(transactional_db, tmp_path, settings, encryption):
    big = Path(settings.MEDIA_ROOT) / "evidence" / "big.bin"
    big.parent.mkdir(parents=True)
    with open(big, "wb") as out:
        for n in range(24):
            out.write(hashlib.sha256(str(n).encode()).digest() * (1 << 15))  # 1 MiB each
    path = tmp_path / "big.enc"
    tracemalloc.start()
    try:
        call_command("backup", "-o", str(path), "--encrypt")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"backup held {peak / 2**20:.1f} MiB for a 24 MiB file"
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    call_command("flush", interactive=False, verbosity=0)  # the backup itself was audited
    tracemalloc.start()
    try:
        call_command("restore", str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20, f"restore held {peak / 2**20:.1f} MiB for a 24 MiB file"
    restored = Path(settings.MEDIA_ROOT) / "evidence" / "big.bin"
    assert restored.read_bytes() == big.read_bytes()


def test_a_failed_backup_leaves_no_file_behind(populated, tmp_path, monkeypatch):  # noqa: F811
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(backup, "_write_tar", broken)
    out = tmp_path / "out"
    with pytest.raises(OSError, match="No space"):
        call_command("backup", "-o", str(out / "b.tar.gz"))
    assert list(out.iterdir()) == []
