"""Background tasks of insights (run by `rectify worker`): thin wrappers calling one function."""

from django.utils import timezone
from django_tasks import task

from . import figures
from .rounds import round_checks
from .services import finding_matches_refresh


@task()
def finding_matches_task(units: list[int] | None = None) -> int:
    return finding_matches_refresh(units=units)


@task()
def inspection_figures_task() -> int:
    return figures.refresh(today=timezone.localdate())


@task()
def round_checks_task(inspection_id: int) -> int:
    """Compute and keep one round's copy and photo checks; returns the measures flagged."""
    found = round_checks(inspection_id)
    return len(set(found["copies"]) | set(found["photos"]))
