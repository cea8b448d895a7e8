"""Release 0.1.0's database upgraded to this one by `rectify upgrade`, on the suite's engine
(SQLite or PostgreSQL): every row, file and audit hash survives; then migrated back to the
release, and every row of the release is as it was (the migrations are reversible).

`rectify` runs in subprocesses against its own database (a copy of the fixture, or a new
PostgreSQL database), as an operator would run it; the comparison reads both sides raw.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from django.db import connection

from .release import (
    canon,
    differences,
    extract,
    keyed,
    release_targets,
    sqlite_rows,
    sqlite_tables,
)

MIGRATE_TO = Path(__file__).parent / "migrate_to.py"
AUDIT_ENTRIES = 581  # the release's chain
NEW_APPS = ["supervision", "reports", "jobs"]  # added since the release: unapplied going back


def _env(tmp_path: Path, url: str, media: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"RECTIFY_TESTING", "DEBUG"}}
    src = str(Path(__file__).resolve().parents[2] / "src")
    env.update(
        PYTHONPATH=os.pathsep.join([src, env.get("PYTHONPATH", "")]),
        DATABASE_URL=url,
        RECTIFY_DATA_DIR=str(tmp_path),
        MEDIA_ROOT=str(media),
        SECRET_KEY="upgrade-test-key-" + "x" * 40,
    )
    return env


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


class SqliteSide:
    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def rows(self, table: str):
        return sqlite_rows(self.path, table)

    def tables(self) -> set[str]:
        return set(sqlite_tables(self.path))

    def json_columns(self, table: str) -> set[str]:
        return set()  # the same engine on both sides: compared as stored


class PostgresSide:
    def __init__(self, name: str):
        import psycopg

        params = connection.settings_dict
        self.conninfo = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }
        self.name = name
        with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        user = params["USER"] or "postgres"
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        self.url = (
            f"postgres://{user}{password}@{self.conninfo['host']}:{self.conninfo['port']}/{name}"
        )

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def connect(self):
        import psycopg

        conn = psycopg.connect(dbname=self.name, **self.conninfo)
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def load(self, source: Path) -> None:
        """Copy every row of the release's SQLite database (one transaction; Django's
        foreign keys are deferred to commit), then move the id sequences past them."""
        with self.connect() as conn:
            for table, columns in sqlite_tables(source).items():
                names, rows = sqlite_rows(source, table)
                if table not in self.tables():
                    assert not rows, f"{table} has rows but no table in this release's schema"
                    continue
                bools = self._bool_columns(conn, table)
                quoted = ", ".join(f'"{n}"' for n in names)
                marks = ", ".join(["%s"] * len(names))
                fixed = [
                    tuple(bool(v) if n in bools and v is not None else v for n, v in zip(names, r))
                    for r in rows
                ]
                with conn.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', fixed)
                if any(c[0] == "id" and c[2] for c in columns) and rows:
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'(SELECT MAX(id) FROM "{table}"))'
                    )

    def _columns_of_type(self, conn, table: str, kind: str) -> set[str]:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND data_type = %s",
            [table, kind],
        )
        return {r[0] for r in rows}

    def _bool_columns(self, conn, table: str) -> set[str]:
        return self._columns_of_type(conn, table, "boolean")

    def json_columns(self, table: str) -> set[str]:
        with self.connect() as conn:
            return self._columns_of_type(conn, table, "jsonb")

    def tables(self) -> set[str]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
            return {r[0] for r in rows}

    def rows(self, table: str):
        with self.connect() as conn, conn.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{table}"')
            return [d.name for d in cursor.description], cursor.fetchall()


def _side(tmp_path: Path, fixture_db: Path, env_for, request):
    if connection.vendor == "sqlite":
        copy = tmp_path / "upgraded.sqlite3"
        shutil.copyfile(fixture_db, copy)
        return SqliteSide(copy)
    side = PostgresSide(f"{connection.settings_dict['NAME']}_upgrade"[:63])
    request.addfinalizer(side.drop)
    _run([str(MIGRATE_TO), json.dumps(release_targets(fixture_db))], env_for(side.url))
    side.load(fixture_db)
    return side


def _compare_every_row(fixture_db: Path, side) -> dict[str, int]:
    """Every row of every table of the release, unchanged on the columns it still has."""
    checked = {}
    present = side.tables()
    for table, columns in sqlite_tables(fixture_db).items():
        names, rows = sqlite_rows(fixture_db, table)
        if table not in present:
            assert not rows, f"table {table} is gone with its {len(rows)} rows"
            continue
        key = next(c[0] for c in columns if c[2])
        types = {c[0]: c[1] for c in columns}
        after_names, after_rows = side.rows(table)
        wrong = differences(
            keyed(names, rows, key),
            {canon(k, types[key]): v for k, v in keyed(after_names, after_rows, key).items()},
            types,
            side.json_columns(table),
        )
        assert not wrong, f"{table}: {wrong[:5]}"
        checked[table] = len(rows)
    return checked


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_release_0_1_0_upgrades_keeping_every_row_file_and_audit_hash(db, tmp_path, request):
    fixture_db, media = extract(tmp_path / "release")
    files_before = {p.relative_to(media): _sha256(p) for p in media.rglob("*") if p.is_file()}
    env_for = lambda url: _env(tmp_path, url, media)  # noqa: E731
    side = _side(tmp_path, fixture_db, env_for, request)
    env = env_for(side.url)

    report = json.loads(_run(["-m", "rectify", "upgrade", "--format", "json"], env))

    assert report["ok"] and report["lost"] == {} and report["audit_problems"] == []
    assert report["audit_checked"] == AUDIT_ENTRIES
    assert "reports.0002_exportjob_on_jobs" in report["applied"]
    # the snapshot holds the database as it was and every evidence file, as its manifest says
    with tarfile.open(report["snapshot"]["path"]) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        for name, digest in manifest["members"].items():
            assert hashlib.sha256(tar.extractfile(name).read()).hexdigest() == digest
    dump = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    assert dump in manifest["members"]
    assert {n for n in manifest["members"] if n.startswith("files/")} == {
        f"files/{p.as_posix()}" for p in files_before
    }
    # every row of the release, every audit hash (a column of audit_auditentry) unchanged
    checked = _compare_every_row(fixture_db, side)
    assert checked["audit_auditentry"] == AUDIT_ENTRIES and checked["measures_measure"] == 82
    # exports keep their state on their job
    names, rows = side.rows("documents_exportjob")
    exports = [dict(zip(names, r)) for r in rows]
    jobs = {r[0]: r for r in side.rows("jobs_job")[1]}
    job_names = side.rows("jobs_job")[0]
    states = {
        dict(zip(job_names, jobs[e["job_id"]]))["status"]: dict(zip(job_names, jobs[e["job_id"]]))
        for e in exports
    }
    assert set(states) == {"succeeded", "failed"} and states["failed"]["error"] == "磁盘已满"
    # every evidence file still there, as it was, and named by its recorded hash
    assert {p.relative_to(media): _sha256(p) for p in media.rglob("*") if p.is_file()} == (
        files_before
    )
    names, rows = side.rows("measures_evidence")
    for row in (dict(zip(names, r)) for r in rows):
        assert _sha256(media / row["file"]) == row["sha256"]
    verify = _run(["-m", "rectify", "audit", "verify"], env)
    assert f"{AUDIT_ENTRIES + 1} entries verified" in verify  # and the upgrade's own entry

    # back to the release: every row of the release as it was, exports' state included
    targets = release_targets(fixture_db) + [[app, None] for app in NEW_APPS]
    _run([str(MIGRATE_TO), json.dumps(targets)], env)
    checked_back = _compare_every_row(fixture_db, side)
    assert checked_back == checked
    names, rows = side.rows("documents_exportjob")
    assert {r[names.index("status")] for r in rows} == {"done", "failed"}
