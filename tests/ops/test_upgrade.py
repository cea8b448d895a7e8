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
from .sides import PostgresSide, SqliteSide

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
    job_names, job_rows = side.rows("jobs_job")
    jobs = {row[job_names.index("id")]: dict(zip(job_names, row)) for row in job_rows}
    names, rows = side.rows("documents_exportjob")
    states = {jobs[job]["status"]: jobs[job] for job in (r[names.index("job_id")] for r in rows)}
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
