"""Backup and restore of the database and evidence files together, with a checksum manifest.

A backup is one .tar.gz: `data.json` (every Rectify table, Django's serializer, natural
keys, personal data still encrypted), `files/…` (evidence and other media),
`manifest.json` (row counts per model, SHA-256 of every member) and `manifest.sig` (its
HMAC under the backup key, `core.backup_crypto`); with `--encrypt` the whole archive is
sealed with AES-256-GCM. It restores into any supported database (SQLite ↔ PostgreSQL):
`core.restore` checks signature and checksums, stages the files, and commits the database
last.
"""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from .backup_crypto import EncryptingWriter, encryption_key, manifest_signature
from .signals import backup_created

EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
FORMAT_VERSION = 2  # 2: signed (manifest.sig), members streamed, optionally encrypted
SIGNATURE = "manifest.sig"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backed_up_models() -> list:
    skip_apps = {"contenttypes", "sessions", "admin", "axes"}
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skip_apps and m._meta.label != "auth.Permission"
    ]


def table_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in backed_up_models()}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def backup_create(*, output: Path, encrypt: bool = False) -> dict:
    """Write a signed (and, with `encrypt`, encrypted) backup archive; return its manifest.

    Everything streams through one temporary directory (mode 0700) beside `output` and a
    partial file renamed into place at the end; both are removed on every way out."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if encrypt:
        encryption_key()  # a missing key is said before any work
    workdir = Path(tempfile.mkdtemp(prefix=".rectify-backup-", dir=output.parent))
    partial = workdir / "archive.partial"
    try:
        data_path = workdir / "data.json"
        counts = _dump(data_path)
        with open(partial, "wb") as raw:
            sink = EncryptingWriter(raw) if encrypt else raw
            manifest = _write_tar(sink, data_path, counts, encrypted=encrypt)
            if isinstance(sink, EncryptingWriter):
                sink.finish()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, output)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    backup_created.send(sender=backup_create, output=output, manifest=manifest)
    return manifest


def _dump(data_path: Path) -> dict[str, int]:
    with transaction.atomic(), open(data_path, "w", encoding="utf-8") as out:
        # one consistent snapshot (REPEATABLE READ on PostgreSQL)
        call_command(
            "dumpdata",
            exclude=EXCLUDE,
            natural_foreign=True,
            natural_primary=False,
            format="fulljson",
            indent=None,
            stdout=out,
        )
        return table_counts()


class _Hashing:
    def __init__(self, source):
        self.source, self.digest = source, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.source.read(size)
        self.digest.update(data)
        return data


def _add_file(tar: tarfile.TarFile, name: str, path: Path) -> str:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    with open(path, "rb") as source:
        hashing = _Hashing(source)
        tar.addfile(info, hashing)
    return hashing.digest.hexdigest()


def _write_tar(sink, data_path: Path, counts: dict[str, int], *, encrypted: bool) -> dict:
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "rectify_version": __import__("rectify").__version__,
        "tables": counts,
        "encrypted": encrypted,
        "members": {},
    }
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(fileobj=sink, mode="w|gz") as tar:
        manifest["members"]["data.json"] = _add_file(tar, "data.json", data_path)
        for path in _media_files():
            name = "files/" + path.relative_to(root).as_posix()
            manifest["members"][name] = _add_file(tar, name, path)
        body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
        _add(tar, "manifest.json", body)
        _add(tar, SIGNATURE, manifest_signature(body))
    return manifest


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(content))
