"""The Django tasks backend of Rectify: `some_task.enqueue(…)` writes a `Job` row that
`rectify worker` claims, runs under a lease and retries.

    TASKS = {"default": {"BACKEND": "rectify.jobs.backend.JobBackend",
                         "OPTIONS": {"immediate": False}}}

With `immediate` true (the test settings) a job runs in the enqueuing process as soon as
the transaction that queued it commits, through the same claim and bookkeeping as the worker.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskResult
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued

from .results import job_task_result


class JobBackend(BaseTaskBackend):
    is_job_backend = True
    supports_defer = True
    supports_get_result = True
    supports_priority = True
    supports_async_task = False

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.immediate = bool(self.options.get("immediate", False))

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        from .services import job_enqueue  # noqa: PLC0415  (the backend loads before the apps)

        job = job_enqueue(task=task, args=args, kwargs=kwargs)
        result = job_task_result(job, task)
        task_enqueued.send(type(self), task_result=result)
        return result

    def enqueued(self, job) -> None:
        """Called by `job_enqueue`: in immediate mode, run the job once the caller commits."""
        if self.immediate and job.run_after <= timezone.now():
            from .runner import run_now  # noqa: PLC0415  (the backend loads before the apps)

            transaction.on_commit(partial(run_now, job.pk))

    def get_result(self, result_id: str) -> TaskResult:
        from .models import Job  # noqa: PLC0415  (the backend loads before the apps)

        try:
            job = Job.objects.get(pk=int(result_id))
        except (Job.DoesNotExist, ValueError) as exc:
            raise TaskResultDoesNotExist(result_id) from exc
        return job_task_result(job)
