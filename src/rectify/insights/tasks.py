"""Background tasks of insights (run by `rectify worker`): thin wrappers calling one service."""

from django_tasks import task

from .services import finding_matches_refresh


@task()
def finding_matches_task(units: list[int] | None = None) -> int:
    return finding_matches_refresh(units=units)
