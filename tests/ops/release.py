"""The database of release 0.1.0 (tests/ops/data/release-0.1.0.tar.gz) and row comparison.

The fixture is the SQLite database and evidence files of release 0.1.0 (tag v0.1.0, commit
447b79b) holding the demo with a finished and a failed export: made at that commit by
`rectify restore tests/core/data/backup-0.1.0.tar.gz` into an empty SQLite database
(scripts/release_fixture.sh). For PostgreSQL the same schema is made by migrating to the
release's migrations, and every row is copied over.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import tarfile
from decimal import Decimal
from pathlib import Path

ARCHIVE = Path(__file__).parent / "data" / "release-0.1.0.tar.gz"
SKIP_TABLES = {"sqlite_sequence", "django_migrations"}


def extract(into: Path) -> tuple[Path, Path]:
    with tarfile.open(ARCHIVE) as tar:
        tar.extractall(into, filter="data")
    return into / "rectify.sqlite3", into / "media"


def release_targets(db: Path) -> list[list]:
    """Each app's last migration at the release (apps the code no longer has left out)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app")
        return [[app, name] for app, name in rows if app != "django_tasks_database"]


def sqlite_tables(db: Path) -> dict[str, list[tuple[str, str, bool]]]:
    """table → [(column, declared type, is primary key)]."""
    with sqlite3.connect(db) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            name: [
                (c[1], c[2].lower(), bool(c[5]))
                for c in conn.execute(f'PRAGMA table_info("{name}")')
            ]
            for name in names
            if name not in SKIP_TABLES
        }


def sqlite_rows(db: Path, table: str) -> tuple[list[str], list[tuple]]:
    with sqlite3.connect(db) as conn:
        cursor = conn.execute(f'SELECT * FROM "{table}"')
        return [d[0] for d in cursor.description], cursor.fetchall()


def canon(value, declared: str, json_column: bool = False):
    """One form for a value read from SQLite (text dates, 0/1) or PostgreSQL (typed)."""
    if value is None:
        return None
    if declared.startswith("bool"):
        return bool(value)
    if declared == "datetime":
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    if declared == "date":
        return value if isinstance(value, str) else value.isoformat()
    if declared.startswith("decimal"):
        return Decimal(str(value)).normalize()
    if json_column or isinstance(value, dict | list):
        return json.dumps(json.loads(value) if isinstance(value, str) else value, sort_keys=True)
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    return value


def keyed(columns: list[str], rows: list[tuple], key: str) -> dict:
    index = columns.index(key)
    return {row[index]: dict(zip(columns, row, strict=True)) for row in rows}


def differences(before: dict, after: dict, types: dict[str, str], json_cols: set[str]) -> list:
    """Rows of `before` missing or changed in `after`, on the columns both still have."""
    wrong = []
    for key, row in before.items():
        new = after.get(key)
        if new is None:
            wrong.append((key, "missing"))
            continue
        for column in row.keys() & new.keys():
            a = canon(row[column], types[column], column in json_cols)
            b = canon(new[column], types[column], column in json_cols)
            if a != b:
                wrong.append((key, column, a, b))
    return wrong
