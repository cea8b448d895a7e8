"""Writes of the job queue that other apps call: enqueue a run of a task (`jobs.queue` is the
worker's side: claim, heartbeat, finish, reap)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django_tasks.utils import normalize_json

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log

from .enums import JobStatus
from .models import Job


@transaction.atomic
def job_enqueue_unless_queued(*, task, args=()) -> Job | None:
    """Queue a run of `task` with `args` unless one is already waiting to start (it will see
    whatever made the caller ask again); returns the job queued, or None."""
    waiting = Job.objects.filter(
        task_path=task.module_path, status=JobStatus.QUEUED, args=normalize_json(list(args))
    )
    if waiting.exists():
        return None
    return job_enqueue(task=task, args=args)


@transaction.atomic
def job_enqueue(
    *,
    task,
    args=(),
    kwargs: dict | None = None,
    owner=None,
    max_attempts: int | None = None,
    run_after: dt.datetime | None = None,
    schedule: str = "",
) -> Job:
    """Queue a run of a Django task (declared with `@task()`) with plain-value arguments.

    The row is written in the caller's transaction: the job exists exactly when the work
    that asked for it was committed.
    """
    backend = task.get_backend()
    if not getattr(backend, "is_job_backend", False):
        raise ImproperlyConfigured(f"task backend {task.backend!r} is not the job backend")
    backend.validate_task(task)
    job = Job.objects.create(
        task_path=task.module_path,
        queue_name=task.queue_name,
        priority=task.priority,
        args=normalize_json(list(args)),
        kwargs=normalize_json(kwargs or {}),
        max_attempts=max_attempts or settings.RECTIFY_JOBS_MAX_ATTEMPTS,
        run_after=run_after or task.run_after or timezone.now(),
        owner=owner,
        schedule=schedule,
    )
    if owner is not None:
        audit_log(actor=owner, code=AuditCode.JOB_QUEUED, obj=job, after={"task": job.task_path})
    backend.enqueued(job)
    return job
