"""The system administrator's page of background jobs and periodic schedules."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from rectify.orgs.enums import Role
from rectify.orgs.selectors import has_role

from . import registry
from .enums import JobStatus
from .selectors import job_counts_for, job_list_for, schedule_list_for


@login_required
def job_list(request):
    if not has_role(request.user, Role.SYSADMIN):
        raise PermissionDenied
    status = request.GET.get("status", "")
    status = status if status in JobStatus.values else ""
    page = Paginator(job_list_for(user=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    for job in page:
        job.label = registry.label_for(job.task_path)
    counts = job_counts_for(user=request.user)
    tabs = [{"value": v, "label": label, "n": counts[v]} for v, label in JobStatus.choices]
    return render(
        request,
        "jobs/job_list.html",
        {
            "page": page,
            "status": status,
            "tabs": tabs,
            "total": sum(counts.values()),
            "schedules": schedule_list_for(user=request.user),
        },
    )
