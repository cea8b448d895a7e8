"""Background tasks (run by `rectify worker`): thin wrappers taking ids, calling one service."""

from django_tasks import task

from .ledger_file import export_job_run


@task()
def ledger_export_task(export_id: int) -> int:
    return export_job_run(export_id=export_id).rows
