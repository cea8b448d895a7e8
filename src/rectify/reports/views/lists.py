"""The three lists offices keep (问题清单, 任务清单, 责任清单) and chart data for ECharts."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rectify.inspections.selectors import finding_tree
from rectify.measures.enums import MeasureStatus
from rectify.measures.selectors import inspection_get_for, measure_filter, measure_list_for

from ..forms import InspectionPickForm, TaskFilterForm
from ..selectors import (
    finding_counts,
    inspection_stats,
    measures_by_department,
    responsibility_groups,
)

PAGE_SIZE = 50


@login_required
def inspection_chart(request, pk: int):
    """Chart data for the inspection page: measures by status and by lead department."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    stats = inspection_stats(inspection=inspection, today=today)
    by_status = stats["measures"]["by_status"]
    departments = measures_by_department(inspection=inspection, today=today)
    return JsonResponse(
        {
            "status": [
                {"key": s.value, "name": str(s.label), "value": by_status.get(s.value, 0)}
                for s in MeasureStatus
                if by_status.get(s.value, 0)
            ],
            "departments": {
                "names": [row["department"] or _("Not assigned") for row in departments],
                "done": [row["done"] for row in departments],
                "open": [row["open"] for row in departments],
                "overdue": [row["overdue"] for row in departments],
                "labels": {
                    "done": str(MeasureStatus.SIGNED_OFF.label),
                    "open": _("Not yet signed off"),
                    "overdue": _("Overdue"),
                },
            },
        }
    )


def _flatten(nodes, counts, depth=0):
    for node in nodes:
        node.counts = counts.get(node.pk)
        node.level = depth
        yield node
        yield from _flatten(node.child_nodes, counts, depth + 1)


@login_required
def problem_list(request):
    """问题清单: every finding with its measures counted by status, rolled up the tree."""
    form = InspectionPickForm(request.GET or None, user=request.user)
    inspection = form.chosen()
    rows = []
    if inspection is not None:
        counts = finding_counts(  # what the user may open, as the ledger and the tree
            inspection=inspection,
            today=timezone.localdate(),
            measures=measure_list_for(user=request.user),
        )
        rows = list(_flatten(finding_tree(inspection=inspection), counts))
    return render(
        request,
        "reports/problem_list.html",
        {"form": form, "inspection": inspection, "rows": rows, "list_name": "problems"},
    )


@login_required
def task_list(request):
    """任务清单: the measures of one inspection with kind, owner, deadline and status."""
    form = TaskFilterForm(request.GET or None, user=request.user)
    inspection = form.chosen()
    today = timezone.localdate()
    page = None
    if inspection is not None:
        status = form.cleaned_data.get("status", "") if form.is_bound and form.is_valid() else ""
        measures = measure_filter(
            measure_list_for(user=request.user),
            today=today,
            inspection=inspection.pk,
            status=status,
        ).order_by("finding__sort_key", "position", "pk")
        page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/task_list.html",
        {
            "form": form,
            "inspection": inspection,
            "page": page,
            "today": today,
            "list_name": "tasks",
        },
    )


@login_required
def responsibility_list(request):
    """责任清单: who answers for what — leader → lead department → person."""
    form = InspectionPickForm(request.GET or None, user=request.user)
    inspection = form.chosen()
    today = timezone.localdate()
    groups = []
    if inspection is not None:
        measures = measure_filter(
            measure_list_for(user=request.user), today=today, inspection=inspection.pk
        ).order_by("lead_department__path", "finding__sort_key", "position", "pk")
        groups = responsibility_groups(measures, today=today)
    return render(
        request,
        "reports/responsibility_list.html",
        {
            "form": form,
            "inspection": inspection,
            "groups": groups,
            "today": today,
            "list_name": "responsibility",
        },
    )
