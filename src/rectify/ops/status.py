"""What `rectify status` prints: versions, migrations, the queue, the last supervision run,
the last backup and upgrade, workers, and the free disk space where Rectify writes."""

from __future__ import annotations

import platform
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count
from django.utils import timezone

import rectify
from rectify.audit.codes import AuditCode
from rectify.audit.models import AuditEntry
from rectify.jobs.beats import stale_after, worker_beats
from rectify.jobs.enums import JobStatus
from rectify.jobs.models import Job, Schedule

from .health import pending_migrations

SUPERVISION_SCHEDULE = "supervision.daily_run"  # declared in supervision/jobs.py


def database_version() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return str(cursor.fetchone()[0]).split(" on ")[0].split(",")[0]


def versions() -> dict[str, str]:
    return {
        "rectify": rectify.__version__,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_version(),
        "platform": f"{platform.system()} {platform.machine()}",
    }


def migrations() -> dict[str, Any]:
    applied = MigrationRecorder(connections[DEFAULT_DB_ALIAS]).applied_migrations()
    return {"applied": len(applied), "pending": pending_migrations()}


def queue() -> dict[str, Any]:
    now = timezone.now()
    counts = dict.fromkeys(JobStatus.values, 0)
    counts.update(Job.objects.order_by().values_list("status").annotate(n=Count("pk")))
    due = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now).count()
    oldest = (
        Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now)
        .order_by("run_after")
        .values_list("run_after", flat=True)
        .first()
    )
    return {"by_status": counts, "due": due, "oldest_due": oldest}


def workers() -> list[dict[str, Any]]:
    alive_since = timezone.now() - stale_after()
    return [
        {
            "worker": beat.worker_id,
            "started_at": beat.started_at,
            "seen_at": beat.seen_at,
            "jobs_done": beat.jobs_done,
            "alive": beat.seen_at >= alive_since,
        }
        for beat in worker_beats()
    ]


def last_entry(code: AuditCode) -> dict[str, Any] | None:
    entry = AuditEntry.objects.filter(code=code).order_by("-seq").first()
    if entry is None:
        return None
    return {"at": entry.at, "seq": entry.seq, "actor": entry.actor_name, **entry.after}


def supervision_run() -> dict[str, Any]:
    """The daily run as the job layer scheduled it, and the last run that acted (audited;
    a run with nothing to do leaves no entry, and `rectify supervise` from cron no job)."""
    row = Schedule.objects.select_related("last_job").filter(name=SUPERVISION_SCHEDULE).first()
    scheduled = None
    if row is not None:
        scheduled = {
            "last_run_at": row.last_run_at,
            "next_run_at": row.next_run_at,
            "last_job_status": row.last_job.status if row.last_job else None,
        }
    return {"scheduled": scheduled, "last_acting_run": last_entry(AuditCode.SUPERVISION_RUN)}


def disk() -> list[dict[str, Any]]:
    """Free space on each distinct place Rectify writes to (the database file if SQLite)."""
    places = {"data": settings.DATA_DIR, "media": settings.MEDIA_ROOT, "log": settings.LOG_DIR}
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"].endswith("sqlite3") and database["NAME"] != ":memory:":
        places["database"] = Path(database["NAME"]).parent
    rows = []
    for name, place in places.items():
        existing = Path(place)
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        usage = shutil.disk_usage(existing)
        rows.append(
            {
                "place": name,
                "path": str(place),
                "free_bytes": usage.free,
                "total_bytes": usage.total,
                "free_percent": round(usage.free * 100 / usage.total, 1) if usage.total else 0,
            }
        )
    return rows


def status() -> dict[str, Any]:
    return {
        "versions": versions(),
        "migrations": migrations(),
        "queue": queue(),
        "workers": workers(),
        "supervision_run": supervision_run(),
        "last_backup": last_entry(AuditCode.BACKUP_CREATED),
        "last_upgrade": last_entry(AuditCode.SYSTEM_UPGRADED),
        "disk": disk(),
    }
