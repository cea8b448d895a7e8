"""Reads of the job queue: only the system administrator sees every job."""

from django.db.models import Count, QuerySet

from rectify.orgs.enums import Role
from rectify.orgs.selectors import has_role

from . import registry
from .enums import JobStatus
from .models import Job, Schedule


def job_list_for(*, user, status: str = "") -> QuerySet[Job]:
    """Every job, newest first, for the system administrator; nothing for anyone else."""
    if not has_role(user, Role.SYSADMIN):
        return Job.objects.none()
    jobs = Job.objects.select_related("owner").order_by("-created_at", "-pk")
    if status in JobStatus.values:
        jobs = jobs.filter(status=status)
    return jobs.defer("traceback", "args", "kwargs", "return_value")


def job_counts_for(*, user) -> dict[str, int]:
    if not has_role(user, Role.SYSADMIN):
        return {}
    rows = Job.objects.order_by().values_list("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(JobStatus.values, 0)
    counts.update(dict(rows))
    return counts


def schedule_list_for(*, user) -> list[dict]:
    """Declared schedules with their state (a declared schedule has no row before a worker
    first ran), and rows whose declaration was removed from the code."""
    if not has_role(user, Role.SYSADMIN):
        return []
    declared = registry.schedules()
    rows = {row.name: row for row in Schedule.objects.select_related("last_job")}
    return [
        {
            "name": name,
            "label": registry.label_for(
                declared[name].task_path if name in declared else rows[name].task_path
            ),
            "spec": declared[name].when.describe() if name in declared else rows[name].spec,
            "row": rows.get(name),
            "declared": name in declared,
        }
        for name in sorted(set(declared) | set(rows))
    ]
