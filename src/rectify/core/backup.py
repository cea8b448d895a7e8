"""Backup and restore of the database and evidence files together, with a checksum manifest.

A backup is one .tar.gz: `data.json` (every Rectify table, Django's serializer, natural
keys, personal data still encrypted), `files/…` (evidence and other media), and
`manifest.json` (row counts per model, SHA-256 of every member). It restores into any
supported database (SQLite ↔ PostgreSQL): restore checks the manifest first, refuses a
database that already holds data, migrates, loads, copies files and re-checks counts.
"""

import datetime as dt
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal

from .backup_upgrade import upgrade_counts, upgrade_rows
from .errors import ValidationFailed

EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
]
FORMAT_VERSION = 1
# Sent after an archive is written (`output`, `manifest`): the audit app records it.
backup_created = Signal()


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


def backup_create(*, output: Path) -> dict:
    """Write a backup archive; return its manifest."""
    buffer = io.StringIO()
    with transaction.atomic():  # one consistent snapshot (REPEATABLE READ on PostgreSQL)
        call_command(
            "dumpdata",
            exclude=EXCLUDE,
            natural_foreign=True,
            natural_primary=False,
            format="fulljson",
            indent=None,
            stdout=buffer,
        )
        counts = table_counts()
    data = buffer.getvalue().encode()
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "rectify_version": __import__("rectify").__version__,
        "tables": counts,
        "members": {"data.json": _sha256(data)},
    }
    root = Path(settings.MEDIA_ROOT)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w:gz") as tar:
        _add(tar, "data.json", data)
        for path in _media_files():
            content = path.read_bytes()
            name = "files/" + path.relative_to(root).as_posix()
            manifest["members"][name] = _sha256(content)
            _add(tar, name, content)
        _add(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    backup_created.send(sender=backup_create, output=output, manifest=manifest)
    return manifest


def _add(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    tar.addfile(info, io.BytesIO(content))


def _extract_checked(archive: Path, into: Path) -> dict:
    """Extract into `into`, hashing as it streams; refuse unsafe paths and bad checksums."""
    digests: dict[str, str] = {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = member.name
                if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
                    raise ValidationFailed(
                        "备份包含非法路径 / unsafe path in backup: %(n)s", n=name
                    )
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                source = tar.extractfile(member)
                if source is None:
                    raise ValidationFailed("备份成员不可读 / unreadable member: %(n)s", n=name)
                with source, open(target, "wb") as out:
                    while chunk := source.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
                digests[name] = digest.hexdigest()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ValidationFailed(
            "不是有效的备份文件 / not a valid backup archive: %(e)s", e=str(exc)
        ) from exc
    if "manifest.json" not in digests:
        raise ValidationFailed("备份缺少清单 / backup has no manifest.json")
    manifest: dict = json.loads((into / "manifest.json").read_text())
    del digests["manifest.json"]
    expected = manifest.get("members", {})
    if set(expected) != set(digests):
        odd = sorted(set(expected) ^ set(digests))
        raise ValidationFailed(
            "备份文件不完整 / backup members differ from manifest: %(m)s", m=", ".join(odd[:5])
        )
    for name, digest in expected.items():
        if digests[name] != digest:
            raise ValidationFailed("校验和不符 / checksum mismatch: %(n)s", n=name)
    return manifest


def _upgrade(staging: Path, manifest: dict) -> dict[str, int]:
    """Bring the archive's rows and counts to today's models (core.backup_upgrade); return
    the row counts the restored database must have."""
    data_path = staging / "data.json"
    rows, added = upgrade_rows(json.loads(data_path.read_text(encoding="utf-8")))
    data_path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    labels = {m._meta.label_lower: m._meta.label for m in backed_up_models()}
    expected = upgrade_counts(manifest["tables"], labels)
    for label, count in added.items():
        expected[label] = expected.get(label, 0) + count
    return expected


def _check_counts(expected: dict[str, int]) -> None:
    """Every model holds what the archive says; models it does not name hold nothing."""
    counts = table_counts()
    diff = {
        k: (expected.get(k, 0), counts.get(k, 0))
        for k in set(counts) | set(expected)
        if counts.get(k, 0) != expected.get(k, 0)
    }
    if diff:
        raise ValidationFailed(
            "恢复后行数不符 / row counts differ after restore: %(d)s", d=str(diff)
        )


def backup_restore(*, archive: Path) -> dict:
    """Restore into an empty database and media folder; return the manifest."""
    with tempfile.TemporaryDirectory() as workdir:
        staging = Path(workdir)
        manifest = _extract_checked(archive, staging)
        expected = _upgrade(staging, manifest)
        call_command("migrate", interactive=False, verbosity=0)
        business = {k: v for k, v in table_counts().items() if v}
        if business:
            raise ValidationFailed(
                "目标数据库非空，拒绝恢复 / the target database is not empty (%(t)s); restore "
                "only into an empty database",
                t=", ".join(sorted(business)[:5]),
            )
        with transaction.atomic():
            call_command("loaddata", str(staging / "data.json"), format="fulljson", verbosity=0)
            _check_counts(expected)
        root = Path(settings.MEDIA_ROOT)
        for name in manifest["members"]:
            if name.startswith("files/"):
                target = root / name.removeprefix("files/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staging / name, target)
    return manifest
