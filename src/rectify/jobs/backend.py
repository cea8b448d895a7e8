"""The Django tasks backend of Rectify: `some_task.enqueue(…)` writes a `Job` row that
`rectify worker` claims, runs under a lease and retries.

    TASKS = {"default": {"BACKEND": "rectify.jobs.backend.JobBackend",
                         "OPTIONS": {"immediate": False}}}

With `immediate` true (the test settings) a job runs in the enqueuing process as soon as
the transaction that queued it commits, through the same claim and bookkeeping as the worker.
"""

from django.utils.module_loading import import_string
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError, TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued

STATUS = {
    "queued": TaskResultStatus.READY,
    "running": TaskResultStatus.RUNNING,
    "succeeded": TaskResultStatus.SUCCESSFUL,
    "failed": TaskResultStatus.FAILED,
}


def job_task_result(job, task: Task | None = None) -> TaskResult:
    """The Django tasks view of a job row."""
    task = task or import_string(job.task_path)
    result = TaskResult(
        task=task,
        id=str(job.pk),
        status=STATUS[job.status],
        enqueued_at=job.created_at,
        started_at=job.started_at,
        last_attempted_at=job.started_at,
        finished_at=job.finished_at,
        args=job.args,
        kwargs=job.kwargs,
        backend=task.backend,
        errors=[],
        worker_ids=[job.worker_id] if job.worker_id else [],
    )
    if job.status == "failed" and job.exception_class:
        result.errors.append(
            TaskError(exception_class_path=job.exception_class, traceback=job.traceback)
        )
    object.__setattr__(result, "_return_value", job.return_value)
    return result


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

    def get_result(self, result_id: str) -> TaskResult:
        from .models import Job  # noqa: PLC0415  (the backend loads before the apps)

        try:
            job = Job.objects.get(pk=int(result_id))
        except (Job.DoesNotExist, ValueError) as exc:
            raise TaskResultDoesNotExist(result_id) from exc
        return job_task_result(job)
