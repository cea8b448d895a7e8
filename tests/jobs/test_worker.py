"""`rectify worker` in this process: it reaps expired leases, queues due schedules and runs
what is due; `--batch` (the cron alternative) exits when nothing is left."""

import datetime as dt
import signal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from rectify.jobs import registry
from rectify.jobs.models import Job, Schedule
from rectify.jobs.queue import job_claim_next
from rectify.jobs.services import job_enqueue

from . import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_immediate")]
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]


@pytest.fixture(autouse=True)
def _keep_signal_handlers():
    """The command installs its own (stop after the current job); pytest keeps its own."""
    saved = {s: signal.getsignal(s) for s in SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction(monkeypatch):
    """The worker drops stale connections between jobs, which would close the connection of
    this test's transaction (Django's test client likewise skips it between requests)."""
    monkeypatch.setattr("rectify.jobs.worker.close_old_connections", lambda: None)


def worker(*options: str) -> None:
    call_command("worker", "--no-startup-delay", "--no-reload", "--interval", "0", *options)


def test_batch_runs_what_is_due_and_exits(later):
    done = job_enqueue(task=tasks.add, args=[2, 3])
    failed = job_enqueue(task=tasks.boom, max_attempts=1)
    waiting = job_enqueue(task=tasks.add, args=[0, 0], run_after=later(3600))
    worker("--batch")
    states = dict(Job.objects.values_list("pk", "status"))
    assert states == {done.pk: "succeeded", failed.pk: "failed", waiting.pk: "queued"}
    assert tasks.CALLS == [("add", 2, 3)]


def test_the_worker_runs_due_schedules():
    registry.periodic("tests.every_5", task=tasks.add, when=registry.every(minutes=5), args=(4, 4))
    try:
        worker("--batch")  # the first turn only sets the schedule up
        assert not Job.objects.exists()
        Schedule.objects.filter(name="tests.every_5").update(
            next_run_at=timezone.now() - dt.timedelta(seconds=1)
        )
        worker("--batch")
    finally:
        registry.unregister("tests.every_5")
    job = Job.objects.get(schedule="tests.every_5")
    assert (job.status, job.return_value) == ("succeeded", 8)
    assert Schedule.objects.get(name="tests.every_5").next_run_at > timezone.now()


def test_the_worker_reaps_a_dead_workers_job():
    job = job_enqueue(task=tasks.add, args=[1, 1])
    job_claim_next(worker_id="dead")
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - dt.timedelta(seconds=1))
    worker("--batch")
    job.refresh_from_db()
    # Queued again behind its back-off, so this batch does not run it yet.
    assert (job.status, job.attempts, job.error_code) == ("queued", 1, "lease_expired")
    assert job.run_after > timezone.now()


def test_max_tasks_and_queue_options():
    first = job_enqueue(task=tasks.add, args=[1, 1])
    second = job_enqueue(task=tasks.add, args=[2, 2])
    worker("--max-tasks", "1", "--queue-name", "*", "--worker-id", "w-one")
    assert Job.objects.get(pk=first.pk).worker_id == "w-one"
    assert Job.objects.get(pk=second.pk).status == "queued"
    with pytest.raises(CommandError):
        worker("--batch", "--exclude-queues", "default")
