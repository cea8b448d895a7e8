"""Background tasks (run by `rectify worker`): thin wrappers taking ids, calling one service."""

from django_tasks import task


@task()
def ledger_export_task(job_id: int) -> None:
    from .exports import export_job_run

    export_job_run(job_id=job_id)
