"""Health endpoints, the worker's heartbeat, JSON logs, `rectify status` and the refusals of
`rectify upgrade`."""

import io
import json
import logging
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from rectify.audit.models import AuditEntry
from rectify.core.logs import JsonFormatter
from rectify.jobs.models import WorkerBeat
from rectify.jobs.worker import Worker
from rectify.ops import health


@pytest.fixture(autouse=True)
def fresh_migration_check():
    health._migrations_current = False  # each test sees the database it set up
    yield
    health._migrations_current = False


@pytest.fixture
def with_worker_needed(monkeypatch):
    """As in production: jobs wait for a worker (the suite runs them in-process)."""
    monkeypatch.setattr(task_backends[DEFAULT_TASK_BACKEND_ALIAS], "immediate", False)


def _worker():
    return Worker(worker_id="host:1:abc", queue_names=["default"], excluded_queue_names=[],
                  interval=0, batch=True)  # fmt: skip


def test_healthz_answers_without_a_login(db):
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_ready_with_database_storage_migrations_and_a_live_worker(db, with_worker_needed):
    _worker().housekeeping(force=True)  # the worker's first turn writes its heartbeat
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["ready"] is True
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True, "storage": True, "migrations": True, "worker": True,
    }  # fmt: skip
    assert body["checks"]["migrations"]["pending"] == 0


def test_readyz_is_503_without_a_worker(db, with_worker_needed):
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {
        "ok": False, "error": "no worker seen", "stale_after": 180,
    }  # fmt: skip


def test_a_silent_worker_no_longer_counts(db, with_worker_needed, settings):
    _worker().housekeeping(force=True)
    WorkerBeat.objects.update(seen_at=WorkerBeat.objects.get().seen_at.replace(year=2020))
    assert Client().get("/readyz").status_code == 503


def test_readyz_is_503_with_a_pending_migration(db):
    MigrationRecorder(connection).record_unapplied("jobs", "0002_worker_beat")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "pending": 1}


def test_readyz_is_503_when_storage_cannot_be_written(db, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["storage"]["ok"] is False


def test_json_logs_are_one_object_per_line_with_extra_fields():
    formatter = JsonFormatter()
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("rectify.test").makeRecord(
            "rectify.test", logging.ERROR, __file__, 1, "job %s failed", (7,), sys.exc_info(),
            extra={"job_id": 7},
        )  # fmt: skip
    line = formatter.format(record)
    data = json.loads(line)
    assert "\n" not in line
    assert data["level"] == "ERROR" and data["message"] == "job 7 failed"
    assert data["logger"] == "rectify.test" and data["job_id"] == 7
    assert data["time"].endswith("+00:00") and "ValueError: boom" in data["exception"]


def test_status_reports_migrations_queue_backup_and_disk(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup", output=str(tmp_path / "b.tar.gz"), stdout=io.StringIO())
    _worker().housekeeping(force=True)
    out = io.StringIO()
    call_command("status", format="json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["migrations"]["pending"] == [] and data["migrations"]["applied"] > 50
    assert data["queue"]["by_status"]["queued"] == 0
    assert data["last_backup"]["path"] == str(tmp_path / "b.tar.gz")
    assert [w["worker"] for w in data["workers"] if w["alive"]] == ["host:1:abc"]
    assert {d["place"] for d in data["disk"]} >= {"data", "media"}
    text = io.StringIO()
    call_command("status", stdout=text)
    assert "pending: none" in text.getvalue() and str(tmp_path / "b.tar.gz") in text.getvalue()


def test_upgrade_refuses_when_the_snapshot_cannot_be_written(db, tmp_path):
    MigrationRecorder(connection).record_unapplied("jobs", "0002_worker_beat")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match=r"upgrade not started.*snapshot could not be written"):
        call_command("upgrade", backup_dir=blocker / "backups", stdout=io.StringIO())
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("jobs", "0002_worker_beat") not in applied  # nothing was migrated
    assert not AuditEntry.objects.filter(code="system.upgraded").exists()


def test_upgrade_without_a_snapshot_only_when_told_and_recorded(db):
    out = io.StringIO()
    call_command("upgrade", no_backup=True, format="json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["ok"] and report["snapshot"] is None and report["applied"] == []
    entry = AuditEntry.objects.get(code="system.upgraded")
    assert entry.note == "no snapshot (--no-backup)" and entry.after["ok"] is True
