"""The Django tasks view of a job row (TaskResult), shared by the backend and the runner."""

from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskError, TaskResult, TaskResultStatus

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
