"""Background tasks of insights (run by `rectify worker`): thin wrappers calling one service."""

from django.utils import timezone
from django_tasks import task

from . import figures
from .services import finding_matches_refresh


@task()
def finding_matches_task(units: list[int] | None = None) -> int:
    return finding_matches_refresh(units=units)


@task()
def inspection_figures_task() -> int:
    return figures.refresh(today=timezone.localdate())
