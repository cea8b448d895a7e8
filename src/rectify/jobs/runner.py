"""Run one claimed job: call its Django task, renew the lease meanwhile, record the outcome."""

import logging
import threading

from django.db import connections
from django.utils.module_loading import import_string
from django_tasks import TaskContext
from django_tasks.base import Task
from django_tasks.signals import task_finished, task_started

from .models import Job
from .queue import NotATask, job_claim, job_fail, job_heartbeat, job_succeed, lease_duration
from .results import job_task_result

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    """Renews the job's lease every quarter of its length while the task runs.

    It uses its own database connection (Django's are per thread) and closes it at the end.
    It stops when the lease went to another attempt (this worker was too slow): the task
    runs on, but `job_succeed`/`job_fail` will no longer write to the job.
    """

    def __init__(self, job: Job):
        super().__init__(name=f"heartbeat-job-{job.pk}", daemon=True)
        self.job = job
        self.every = max(lease_duration().total_seconds() / 4, 0.1)
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            while not self._stop_event.wait(self.every):
                if not job_heartbeat(job=self.job):
                    logger.warning("job %s: lease lost to another attempt", self.job.pk)
                    return
        except Exception:
            logger.exception("job %s: heartbeat failed", self.job.pk)
        finally:
            connections.close_all()

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def resolve(task_path: str) -> Task:
    try:
        task = import_string(task_path)
    except ImportError as exc:
        raise NotATask(f"{task_path} cannot be imported") from exc
    if not isinstance(task, Task):
        raise NotATask(f"{task_path} is not a task")
    return task


def execute(job: Job, *, heartbeat: bool = True) -> bool:
    """Run a job this worker has claimed; True when it succeeded.

    An exception becomes a retry or a failure (`job_fail`). KeyboardInterrupt and SystemExit
    (a worker told twice to stop) pass through: the job keeps its lease, which expires, and
    the reaper of any worker retries or fails it.
    """
    try:
        task = resolve(job.task_path)
    except NotATask as exc:
        job_fail(job=job, exc=exc)
        return False
    result = job_task_result(job, task)
    task_started.send(sender=type(task.get_backend()), task_result=result)
    beat = Heartbeat(job) if heartbeat else None
    if beat:
        beat.start()
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *job.args, **job.kwargs)
        else:
            value = task.call(*job.args, **job.kwargs)
    except Exception as exc:
        if beat:
            beat.stop()
        logger.exception("job %s (%s) attempt %s failed", job.pk, job.task_path, job.attempts)
        job_fail(job=job, exc=exc)
        ok = False
    else:
        if beat:
            beat.stop()
        ok = job_succeed(job=job, value=value)
    job.refresh_from_db()
    task_finished.send(sender=type(task.get_backend()), task_result=job_task_result(job, task))
    return ok


def run_now(job_id: int) -> None:
    """The backend's immediate mode: claim and run a job in this process, no lease renewal."""
    job = job_claim(job_id=job_id, worker_id="immediate")
    if job is not None:
        execute(job, heartbeat=False)
