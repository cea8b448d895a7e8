"""Inspection rounds: the list with progress, and one round's page with its finding tree.

These pages live in reports (they show the ledger's figures) but keep the `inspections`
URL namespace; see reports/urls_inspections.py.
"""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from rectify.inspections import policy as inspection_policy
from rectify.inspections.selectors import finding_tree
from rectify.measures.enums import MeasureStatus
from rectify.measures.lights import light_totals, light_tree, with_lights, worst
from rectify.measures.policy import plan_documents_allowed
from rectify.measures.selectors import (
    inspection_get_for,
    inspection_list_for,
    measure_filter,
    measure_list_for,
)

from ..selectors import finding_counts, inspection_stats, stats_for

PAGE_SIZE = 20


@login_required
def inspection_list(request):
    today = timezone.localdate()
    page = Paginator(inspection_list_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for inspection, stats in zip(page, stats_for(inspections=page, today=today), strict=True):
        inspection.stats = stats
    can_create = bool(inspection_policy.office_units(request.user))
    return render(request, "reports/inspection_list.html", {"page": page, "can_create": can_create})


def status_rows(by_status: dict) -> list[dict]:
    return [
        {"status": s.value, "label": s.label, "n": by_status.get(s.value, 0)} for s in MeasureStatus
    ]


INLINE_MEASURES_LIMIT = 400


@login_required
def inspection_detail(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    stats = inspection_stats(inspection=inspection, today=today)
    counts = finding_counts(inspection=inspection, today=today)
    measures = (
        measure_filter(measure_list_for(user=request.user), today=today, inspection=inspection.pk)
        .select_related(None)
        .select_related("lead_department")
        .prefetch_related(None)
        .only(
            "pk",
            "finding_id",
            "label",
            "text",
            "kind",
            "deadline",
            "status",
            "lead_department__name",
            "lead_department__short_name",
        )
        .order_by("sort_key", "pk")
    )
    # A very large inspection lists its measures in the ledger, one link per finding,
    # instead of thousands of rows on this page.
    inline = stats["measures"]["total"] <= INLINE_MEASURES_LIMIT
    by_finding = defaultdict(list)
    lights = light_tree(
        measure_list_for(user=request.user), inspection_id=inspection.pk, today=today
    )
    for measure in with_lights(measures, today=today) if inline else []:
        by_finding[measure.finding_id].append(measure)
    roots = finding_tree(inspection=inspection)
    stack = list(roots)
    while stack:
        node = stack.pop()
        node.counts = counts.get(node.pk)
        node.measure_list = by_finding.get(node.pk, [])
        node.lights = lights.get(node.pk)
        node.light = worst(node.lights) if node.lights else None
        stack.extend(node.child_nodes)
    context = {
        "inspection": inspection,
        "stats": stats,
        "status_rows": status_rows(stats["measures"]["by_status"]),
        "roots": roots,
        "today": today,
        "inline": inline,
        "light_totals": light_totals(
            measure_list_for(user=request.user).filter(inspection_id=inspection.pk), today=today
        ),
        "can_documents": plan_documents_allowed(request.user, inspection),
        "can_edit_tree": inspection_policy.may(
            request.user, inspection_policy.Action.EDIT_TREE, inspection
        ),
    }
    return render(request, "reports/inspection_detail.html", context)
