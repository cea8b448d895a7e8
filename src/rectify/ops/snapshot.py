"""The snapshot `rectify upgrade` takes before it migrates: the database as it is on disk.

`rectify backup` reads rows through today's models, which an older schema does not match;
so the upgrade copies the database itself — SQLite through its online backup API,
PostgreSQL with `pg_dump --format=custom` — with the evidence files and a SHA-256 manifest,
into one .tar.gz. Restoring it puts the old release back exactly (docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

import rectify
from rectify.core.errors import ValidationFailed


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _dump_sqlite(target: Path) -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()
    return "database.sqlite3"


def _dump_postgresql(target: Path) -> str:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise ValidationFailed(
            "找不到 pg_dump / pg_dump not found: install the PostgreSQL client of the server's "
            "version, or take your own dump and run `rectify upgrade --no-backup`"
        )
    db: dict[str, Any] = dict(settings.DATABASES[DEFAULT_DB_ALIAS])
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [pg_dump, "--format=custom", "--no-owner", f"--file={target}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{flag}={db[key]}")
    command.append(f"--dbname={db['NAME']}")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ValidationFailed("pg_dump 失败 / pg_dump failed: %(e)s", e=done.stderr.strip()[-500:])
    return "database.pgdump"


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot_create(*, directory: Path) -> dict:
    """Write the pre-upgrade snapshot into `directory`; return its manifest (with `path`)."""
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    dumpers = {"sqlite": _dump_sqlite, "postgresql": _dump_postgresql}
    if vendor not in dumpers:
        raise ValidationFailed("不支持的数据库 / no snapshot for database %(v)s", v=vendor)
    now = dt.datetime.now(dt.UTC)
    directory.mkdir(parents=True, exist_ok=True)
    output = directory / f"rectify-pre-upgrade-{now:%Y%m%d-%H%M%S}.tar.gz"
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    manifest: dict = {
        "kind": "pre-upgrade snapshot",
        "created_at": now.isoformat(),
        "engine": vendor,
        "code_version": rectify.__version__,
        "applied_migrations": sorted(f"{app}.{name}" for app, name in applied),
        "members": {},
    }
    root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / "database"
        name = dumpers[vendor](dump)
        with tarfile.open(output, "w:gz") as tar:
            manifest["members"][name] = _sha256(dump)
            tar.add(dump, arcname=name)
            for path in _media_files():
                member = "files/" + path.relative_to(root).as_posix()
                manifest["members"][member] = _sha256(path)
                tar.add(path, arcname=member)
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(now.timestamp())
            tar.addfile(info, io.BytesIO(data))
    return {**manifest, "path": str(output.resolve()), "sha256": _sha256(output)}
