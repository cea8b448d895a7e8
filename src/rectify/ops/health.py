"""What `/readyz` and `rectify status` check: the database, storage, migrations, the worker.

Each check returns a small dict with `ok` and what it saw; none raises. They are cheap: one
`SELECT 1`, one tiny file written and removed, the migration graph read once per process
(code changes only with a restart), and one indexed query for the newest worker heartbeat.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django_tasks import default_task_backend

from rectify.jobs.beats import worker_alive

_migrations_current = False  # once true, true until the process restarts with new code


def check_database() -> dict[str, Any]:
    started = time.perf_counter()
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {
        "ok": True,
        "vendor": connections[DEFAULT_DB_ALIAS].vendor,
        "ms": round((time.perf_counter() - started) * 1000, 1),
    }


def check_storage() -> dict[str, Any]:
    """Evidence storage accepts a write (and the probe file is removed again)."""
    name = f".readyz/{uuid.uuid4().hex}"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except OSError as exc:
        return {"ok": False, "error": exc.strerror or type(exc).__name__}
    return {"ok": True}


def pending_migrations() -> list[str]:
    """Migrations in the code that the database has not applied, as `app.name`."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    targets = executor.loader.graph.leaf_nodes()
    return [f"{m.app_label}.{m.name}" for m, _ in executor.migration_plan(targets)]


def check_migrations() -> dict[str, Any]:
    global _migrations_current
    if _migrations_current:
        return {"ok": True, "pending": 0}
    try:
        pending = pending_migrations()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    _migrations_current = not pending
    return {"ok": not pending, "pending": len(pending)}


def check_worker() -> dict[str, Any]:
    """A worker was seen recently; with the immediate backend (tests) none is needed."""
    if getattr(default_task_backend, "immediate", False):
        return {"ok": True, "immediate": True}
    try:
        beat = worker_alive()
    except DatabaseError as exc:
        return {"ok": False, "error": type(exc).__name__}
    if beat is None:
        return {"ok": False, "error": "no worker seen", "stale_after": _stale_seconds()}
    return {"ok": True, "last_seen": beat.seen_at.isoformat()}


def _stale_seconds() -> int:
    return settings.RECTIFY_WORKER_STALE_SECONDS


def readiness() -> dict[str, Any]:
    checks = {"database": check_database(), "storage": check_storage()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
        checks["worker"] = check_worker()
    else:  # both need the database: say so once, without waiting on it twice more
        checks["migrations"] = checks["worker"] = {"ok": False, "error": "database unavailable"}
    return {"ready": all(c["ok"] for c in checks.values()), "checks": checks}
