"""Background tasks of insights (run by `rectify worker`): ids in, one call each."""

from django_tasks import task

from .rounds import round_checks


@task()
def round_checks_task(inspection_id: int) -> int:
    """Compute and keep one round's copy and photo checks; returns the measures flagged."""
    found = round_checks(inspection_id)
    return len(set(found["copies"]) | set(found["photos"]))
