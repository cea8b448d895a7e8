"""The worker's side of the queue: claim, heartbeat, finish, reap, run due schedules.

Every state change of a claimed job is one conditional UPDATE on (pk, status, worker,
attempt) that must change exactly one row, so a worker that lost its lease (the reaper gave
the job to another attempt) can no longer write to it. Final failures and the reaper's
decisions are audited; the mechanical claim, heartbeat and success of a run are not (the job
row is their record). Enqueuing, what people and other apps do, is `jobs.services`.
"""

import datetime as dt
import logging
import traceback
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks.utils import get_module_path, normalize_json

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ConflictError, DomainError
from rectify.core.locking import update_versioned

from . import registry
from .enums import JobError, JobStatus
from .models import Job, Schedule
from .services import job_enqueue

logger = logging.getLogger(__name__)

RETRY_CAP = dt.timedelta(hours=6)


class NotATask(Exception):
    """The job names something that is not a Django task (renamed or removed code)."""


def lease_duration() -> dt.timedelta:
    return dt.timedelta(seconds=settings.RECTIFY_JOBS_LEASE_SECONDS)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential back-off: the first retry after the base delay, then twice as long."""
    doublings = min(max(attempts - 1, 0), 32)  # 2**32 base delays are past any cap
    seconds = settings.RECTIFY_JOBS_RETRY_SECONDS * 2**doublings
    return min(dt.timedelta(seconds=seconds), RETRY_CAP)


def _claim(queryset, *, worker_id: str, now: dt.datetime) -> Job | None:
    """Claim the first job of `queryset` that no other worker claimed first."""
    for pk, attempts in queryset.values_list("pk", "attempts")[:5]:
        changed = Job.objects.filter(pk=pk, status=JobStatus.QUEUED, attempts=attempts).update(
            status=JobStatus.RUNNING,
            attempts=attempts + 1,
            worker_id=worker_id,
            started_at=now,
            heartbeat_at=now,
            lease_expires_at=now + lease_duration(),
            updated_at=now,
        )
        if changed == 1:
            return Job.objects.get(pk=pk)
    return None


def job_claim_next(
    *, worker_id: str, queues: list[str] | None = None, exclude: list[str] | None = None
) -> Job | None:
    """The next due job for this worker, claimed so that no other worker runs it too."""
    now = timezone.now()
    ready = Job.objects.filter(status=JobStatus.QUEUED, run_after__lte=now)
    if queues and "*" not in queues:
        ready = ready.filter(queue_name__in=queues)
    if exclude:
        ready = ready.exclude(queue_name__in=exclude)
    return _claim(ready.order_by("-priority", "run_after", "pk"), worker_id=worker_id, now=now)


def job_claim(*, job_id: int, worker_id: str) -> Job | None:
    """Claim one given job if it is queued (whether or not it is due)."""
    return _claim(Job.objects.filter(pk=job_id), worker_id=worker_id, now=timezone.now())


def _mine(job: Job) -> QuerySet[Job]:
    return Job.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, worker_id=job.worker_id, attempts=job.attempts
    )


def job_heartbeat(*, job: Job) -> bool:
    """Renew the lease of a running job; False when this worker no longer holds it."""
    now = timezone.now()
    return _mine(job).update(heartbeat_at=now, lease_expires_at=now + lease_duration()) == 1


def job_succeed(*, job: Job, value=None) -> bool:
    now = timezone.now()
    changed = _mine(job).update(
        status=JobStatus.SUCCEEDED,
        finished_at=now,
        lease_expires_at=None,
        return_value=normalize_json(value),
        error_code="",
        updated_at=now,
    )
    if changed != 1:
        logger.warning("job %s finished after its lease was lost; result discarded", job.pk)
    return changed == 1


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return JobError.REFUSED
    if isinstance(exc, NotATask):
        return JobError.NOT_A_TASK
    return JobError.EXCEPTION


@transaction.atomic
def job_fail(*, job: Job, exc: BaseException) -> bool:
    """Record a failed attempt: retried with back-off while attempts remain, else failed.

    A refused operation (a domain error) or a task that no longer exists fails at once:
    trying again cannot help.
    """
    now = timezone.now()
    kind = _error_kind(exc)
    final = kind != JobError.EXCEPTION or job.attempts >= job.max_attempts
    message = str(exc) if kind == JobError.REFUSED else f"{type(exc).__name__}: {exc}"
    fields: dict[str, Any] = {
        "error_code": kind,
        "error": message[:2000],
        "exception_class": get_module_path(type(exc)),
        "traceback": "".join(traceback.format_exception(exc))[-20000:],
        "lease_expires_at": None,
        "updated_at": now,
    }
    if final:
        fields.update(status=JobStatus.FAILED, finished_at=now)
    else:
        fields.update(status=JobStatus.QUEUED, run_after=now + retry_delay(job.attempts))
    if _mine(job).update(**fields) != 1:
        logger.warning("job %s failed after its lease was lost; error discarded", job.pk)
        return False
    if final:
        after = {"attempts": job.attempts, "error": fields["error"][:200]}
        audit_log(actor=None, code=AuditCode.JOB_FAILED, obj=job, after=after)
    return True


def jobs_reap_expired(*, now: dt.datetime | None = None) -> list[tuple[int, str]]:
    """Jobs whose worker stopped renewing its lease: queued again with back-off, or failed
    with a message for the user once they had all their attempts. Returns (id, status)."""
    now = now or timezone.now()
    expired = Job.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now)
    reaped = []
    for job in expired.order_by("lease_expires_at")[:100]:
        if _reap(job, now=now):
            reaped.append((job.pk, job.status))
    return reaped


@transaction.atomic
def _reap(job: Job, *, now: dt.datetime) -> bool:
    final = job.attempts >= job.max_attempts
    fields: dict[str, Any] = {
        "error_code": JobError.LEASE_EXPIRED,
        "error": (
            f"worker {job.worker_id} stopped renewing its lease "
            f"(last heartbeat {timezone.localtime(job.heartbeat_at):%Y-%m-%d %H:%M:%S})"
        )
        if job.heartbeat_at
        else f"worker {job.worker_id} stopped",
        "exception_class": "",
        "traceback": "",
        "lease_expires_at": None,
        "updated_at": now,
    }
    if final:
        fields.update(status=JobStatus.FAILED, finished_at=now)
    else:
        fields.update(status=JobStatus.QUEUED, run_after=now + retry_delay(job.attempts))
    changed = Job.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts, lease_expires_at__lt=now
    ).update(**fields)
    if changed != 1:
        return False  # a heartbeat renewed it, or another reaper was first
    before = {"status": JobStatus.RUNNING, "worker": job.worker_id, "attempts": job.attempts}
    job.status = JobStatus(fields["status"])
    audit_log(
        actor=None,
        code=AuditCode.JOB_LEASE_EXPIRED,
        obj=job,
        before=before,
        after={"status": job.status},
    )
    return True


def _schedule_rows(specs: dict, now: dt.datetime) -> list[Schedule]:
    """The rows of the declared schedules: missing ones created, changed ones re-timed."""
    rows = {row.name: row for row in Schedule.objects.filter(name__in=specs)}
    missing = [
        Schedule(
            name=name,
            task_path=spec.task_path,
            spec=str(spec.when),
            next_run_at=spec.when.next_after(now),
        )
        for name, spec in specs.items()
        if name not in rows
    ]
    if missing:
        Schedule.objects.bulk_create(missing, ignore_conflicts=True)  # another worker may race
        rows = {row.name: row for row in Schedule.objects.filter(name__in=specs)}
    for name, row in rows.items():
        spec = specs[name]
        if (row.spec, row.task_path) != (str(spec.when), spec.task_path):
            try:
                update_versioned(
                    row,
                    expected_version=row.version,
                    spec=str(spec.when),
                    task_path=spec.task_path,
                    next_run_at=spec.when.next_after(now),
                )
            except ConflictError:
                row.refresh_from_db()
    return list(rows.values())


def schedules_run_due(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue one job for every declared schedule that is due, and move it to its next time.

    Moving `next_run_at` is a conditional UPDATE on the row's version in the same
    transaction as the new job: of several workers looking at a due schedule, exactly one
    queues its run.
    """
    now = now or timezone.now()
    specs = registry.schedules()
    queued = []
    for row in _schedule_rows(specs, now):
        if row.next_run_at > now:
            continue
        spec = specs[row.name]
        with transaction.atomic():
            try:
                update_versioned(
                    row,
                    expected_version=row.version,
                    next_run_at=spec.when.next_after(now),
                    last_run_at=now,
                )
            except ConflictError:
                continue  # another worker ran it
            job = job_enqueue(task=spec.task, args=spec.args, kwargs=spec.kwargs, schedule=row.name)
            Schedule.objects.filter(pk=row.pk).update(last_job=job)
        queued.append(job)
    return queued
