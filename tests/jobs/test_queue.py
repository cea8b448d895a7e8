"""The job queue: a job is claimed once, retried with back-off, and a job whose worker died
is retried or failed with a message once its lease runs out."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from rectify.audit.models import AuditEntry
from rectify.jobs import queue as services
from rectify.jobs.enums import JobError, JobStatus
from rectify.jobs.models import Job
from rectify.jobs.queue import (
    job_claim,
    job_claim_next,
    job_heartbeat,
    job_succeed,
    jobs_reap_expired,
    retry_delay,
)
from rectify.jobs.runner import execute
from rectify.jobs.services import job_enqueue

from . import tasks

pytestmark = pytest.mark.django_db


def _due(job: Job) -> None:
    """The back-off of a job has passed."""
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())


def _near(moment: dt.datetime, expected: dt.datetime, slack: float = 5) -> bool:
    return abs((moment - expected).total_seconds()) < slack


def test_a_task_enqueued_through_the_django_tasks_api_runs_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.add.enqueue(2, 3)
    job = Job.objects.get(pk=int(result.id))
    assert (job.task_path, job.args, job.status) == ("tests.jobs.tasks.add", [2, 3], "succeeded")
    assert (job.attempts, job.return_value, job.worker_id) == (1, 5, "immediate")
    fetched = tasks.add.get_result(result.id)
    assert fetched.status == "SUCCESSFUL" and fetched.return_value == 5
    assert tasks.CALLS == [("add", 2, 3)]


def test_a_deferred_job_waits_for_a_worker_even_in_immediate_mode(
    django_capture_on_commit_callbacks, later
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = tasks.add.using(run_after=later(60)).enqueue(1, 1)
    assert callbacks == []
    assert Job.objects.get(pk=int(result.id)).status == "queued" and tasks.CALLS == []


def test_a_job_asked_for_by_a_person_is_audited(cast):
    job = job_enqueue(task=tasks.add, args=[1, 1], owner=cast.office)
    entry = AuditEntry.objects.get(code="job.queued")
    assert (entry.actor, entry.object_id, entry.after) == (
        cast.office,
        str(job.pk),
        {"task": "tests.jobs.tasks.add"},
    )


def test_a_job_is_claimed_once():
    job = job_enqueue(task=tasks.add, args=[1, 2])
    claimed = job_claim_next(worker_id="w1")
    assert claimed.pk == job.pk
    assert (claimed.status, claimed.attempts, claimed.worker_id) == ("running", 1, "w1")
    assert _near(claimed.lease_expires_at, timezone.now() + services.lease_duration())
    assert job_claim_next(worker_id="w2") is None
    # A worker that read the row while it was queued, and writes after the first claim:
    # its conditional UPDATE changes no row.
    assert job_claim(job_id=job.pk, worker_id="w2") is None
    assert Job.objects.get(pk=job.pk).worker_id == "w1"


def test_claims_follow_priority_then_time_and_wait_for_run_after(later):
    later_job = job_enqueue(task=tasks.add, args=[0, 0], run_after=later(3600))
    first = job_enqueue(task=tasks.add, args=[1, 1])
    urgent = job_enqueue(task=tasks.urgent)
    assert job_claim_next(worker_id="w").pk == urgent.pk
    assert job_claim_next(worker_id="w").pk == first.pk
    assert job_claim_next(worker_id="w") is None  # not before its time
    assert Job.objects.get(pk=later_job.pk).status == "queued"


def test_queues_are_respected():
    job = job_enqueue(task=tasks.add.using(queue_name="default"), args=[1, 1])
    assert job_claim_next(worker_id="w", queues=["exports"]) is None
    assert job_claim_next(worker_id="w", queues=["*"], exclude=["default"]) is None
    assert job_claim_next(worker_id="w", queues=["default"]).pk == job.pk


def test_retries_back_off_exponentially_then_fail(settings):
    settings.RECTIFY_JOBS_RETRY_SECONDS = 30
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(30) == retry_delay(1000) == services.RETRY_CAP
    job = job_enqueue(task=tasks.boom, max_attempts=3)

    for attempt, delay in [(1, 30), (2, 60)]:
        assert execute(job_claim_next(worker_id="w")) is False
        job.refresh_from_db()
        assert (job.status, job.attempts, job.error_code) == ("queued", attempt, "exception")
        assert _near(job.run_after, timezone.now() + dt.timedelta(seconds=delay))
        assert job.error == "RuntimeError: the disk is full" and "Traceback" in job.traceback
        assert job_claim_next(worker_id="w") is None  # waiting out the back-off
        _due(job)

    execute(job_claim_next(worker_id="w"))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.lease_expires_at) == ("failed", 3, None)
    assert job.finished_at is not None
    with translation.override("en"):
        assert job.user_message == "The job stopped with an error (attempt 3 of 3)."
    assert AuditEntry.objects.filter(code="job.failed", object_id=str(job.pk)).count() == 1


def test_a_refused_operation_fails_at_once_with_its_message():
    job = job_enqueue(task=tasks.refuse, max_attempts=5)
    execute(job_claim_next(worker_id="w"))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == ("failed", 1, JobError.REFUSED)
    assert job.user_message == "这份台账已被删除，无法导出。"


def test_a_job_naming_no_task_fails_at_once():
    job = job_enqueue(task=tasks.add, args=[1, 1])
    Job.objects.filter(pk=job.pk).update(task_path="tests.jobs.tasks.not_a_task")
    execute(job_claim_next(worker_id="w"))
    job.refresh_from_db()
    assert (job.status, job.error_code) == ("failed", JobError.NOT_A_TASK)


def test_a_live_lease_is_kept_and_renewed(later):
    job = job_enqueue(task=tasks.add, args=[1, 1])
    claimed = job_claim_next(worker_id="w")
    assert jobs_reap_expired(now=later(1)) == []
    first_lease = Job.objects.get(pk=job.pk).lease_expires_at
    assert job_heartbeat(job=claimed)
    renewed = Job.objects.get(pk=job.pk)
    assert renewed.lease_expires_at >= first_lease and renewed.heartbeat_at is not None


def test_an_expired_lease_is_retried_then_failed_with_a_message(later, settings):
    """The worker died (no heartbeat): once the lease has run out the job is queued again
    with back-off, and after its last attempt it fails with a message for the user."""
    settings.RECTIFY_JOBS_RETRY_SECONDS = 10
    lease = services.lease_duration().total_seconds()
    job = job_enqueue(task=tasks.add, args=[1, 1], max_attempts=2)
    dead = job_claim_next(worker_id="dead-1")

    reaped_at = later(lease + 1)
    assert jobs_reap_expired(now=reaped_at) == [(job.pk, "queued")]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == ("queued", 1, "lease_expired")
    assert job.run_after == reaped_at + dt.timedelta(seconds=10)
    assert "dead-1" in job.error and job.lease_expires_at is None
    # The dead worker, were it only slow, can no longer write to the job.
    assert not job_heartbeat(job=dead) and not job_succeed(job=dead, value=2)

    _due(job)
    job_claim_next(worker_id="dead-2")
    assert jobs_reap_expired(now=later(lease + 1)) == [(job.pk, "failed")]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code) == ("failed", 2, "lease_expired")
    with translation.override("zh-hans"):
        assert job.user_message == "后台任务进程在运行此任务时停止了（第 2 次尝试，共 2 次）。"
    with translation.override("en"):
        assert "worker stopped" in job.user_message
    entries = AuditEntry.objects.filter(code="job.lease_expired", object_id=str(job.pk))
    assert [e.after["status"] for e in entries.order_by("seq")] == ["queued", "failed"]


def test_a_retried_job_succeeds_and_clears_its_error(later):
    job = job_enqueue(task=tasks.add, args=[2, 2])
    job_claim_next(worker_id="dead")
    jobs_reap_expired(now=later(services.lease_duration().total_seconds() + 1))
    _due(job)
    assert execute(job_claim_next(worker_id="alive"))
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error_code, job.return_value) == (
        JobStatus.SUCCEEDED,
        2,
        "",
        4,
    )


def test_enqueue_unless_queued_waits_for_the_job_already_waiting():
    from rectify.jobs.services import job_enqueue_unless_queued

    first = job_enqueue_unless_queued(task=tasks.add, args=[1, 2])
    assert first is not None
    assert job_enqueue_unless_queued(task=tasks.add, args=[1, 2]) is None
    assert job_enqueue_unless_queued(task=tasks.add, args=[2, 2]) is not None  # other arguments
    Job.objects.filter(pk=first.pk).update(status=JobStatus.RUNNING)
    assert job_enqueue_unless_queued(task=tasks.add, args=[1, 2]) is not None  # started: again
    assert Job.objects.filter(task_path=tasks.add.module_path).count() == 3
