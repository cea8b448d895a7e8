"""Inspection rounds: the list with progress, and one round's page with its finding tree.

These pages live in reports (they show the ledger's figures) but keep the `inspections`
URL namespace; see reports/urls_inspections.py.
"""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import timezone

from rectify.inspections import policy as inspection_policy
from rectify.inspections.selectors import finding_tree
from rectify.measures import policy as measure_policy
from rectify.measures.enums import Light
from rectify.measures.lights import light_tree, with_lights, worst
from rectify.measures.policy import plan_documents_allowed
from rectify.measures.selectors import (
    findings_with_records,
    inspection_get_for,
    inspection_list_for,
    measure_filter,
    measure_list_for,
)

from ..marks import marks_for
from ..selectors import COUNTED_STATUSES, finding_counts, inspection_stats, stats_for
from ..tree_html import finding_tree_html

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
        {"status": s.value, "label": s.label, "n": by_status.get(s.value, 0)}
        for s in COUNTED_STATUSES
    ]


INLINE_MEASURES_LIMIT = 400
OFFICE_TOOLS = (measure_policy.Action.EDIT_PLAN, measure_policy.Action.WITHDRAW)


def _tree_tools(user, inspection, roots, by_finding) -> None:
    """What the office may do to each node: delete what nothing hangs on, withdraw the rest
    (the measure policy's allowed actions decide each measure's buttons)."""
    with_records, findings_with = findings_with_records(inspection=inspection)
    stack = list(roots)
    while stack:
        node = stack.pop()
        node.has_records = node.pk in findings_with
        for measure in by_finding.get(node.pk, []):
            measure.finding = node  # the policy reads the round through it: no query
            measure.has_records = measure.pk in with_records
            measure.allowed = measure_policy.allowed_actions(user, measure, among=OFFICE_TOOLS)
        stack.extend(node.child_nodes)


def _dress(roots, counts, by_finding, lights, marks) -> None:
    """Give each node of the tree its counts, its measures, its warning light and the marks
    later apps put on it (`reports.marks`: 反弹 / 屡改屡犯)."""
    stack = list(roots)
    while stack:
        node = stack.pop()
        node.marks = marks.get(node.pk, [])
        node.counts = counts.get(node.pk)
        node.measure_list = by_finding.get(node.pk, [])
        node.lights = lights.get(node.pk)
        node.light = worst(node.lights) if node.lights else None
        stack.extend(node.child_nodes)


def _tree_html(request, roots, *, today, inline: bool, edit: bool):
    """The tree built in Python (one format per row), or None where the template shows it:
    for an editor of a round whose measures are inline (their rows carry the policy's forms).
    An editor's node tools are the template `reports/_tree_tools.html`, one small render each."""
    if edit and inline:
        return None
    tools = None
    if edit:
        template, token = get_template("reports/_tree_tools.html"), get_token(request)

        def tools(node):  # no request: the context processors would run for every node
            return template.render({"node": node, "csrf_token": token})

    return finding_tree_html(roots, today=today, inline=inline, tools=tools)


def _totals(lights: dict, roots: list) -> dict[str, int]:
    """The inspection's lights, every light present: the roots' rolled-up counts (the same
    query as the tree's, not a second pass over the measures)."""
    totals = dict.fromkeys(Light.values, 0)
    for root in roots:
        for colour, n in lights.get(root.pk, {}).items():
            totals[colour] += n
    return totals


@login_required
def inspection_detail(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    stats = inspection_stats(inspection=inspection, today=today)
    # The tree counts what this user may open (a department: its own measures), as its ledger.
    counts = finding_counts(
        inspection=inspection, today=today, measures=measure_list_for(user=request.user)
    )
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
    # A very large inspection links each finding to the ledger instead of listing its rows.
    inline = stats["measures"]["total"] <= INLINE_MEASURES_LIMIT
    by_finding = defaultdict(list)
    lights = light_tree(
        measure_list_for(user=request.user), inspection_id=inspection.pk, today=today
    )
    for measure in with_lights(measures, today=today) if inline else []:
        by_finding[measure.finding_id].append(measure)
    roots = finding_tree(inspection=inspection)
    allowed = inspection_policy.allowed_actions(request.user, inspection)
    can_edit_tree = inspection_policy.Action.EDIT_TREE in allowed
    _dress(roots, counts, by_finding, lights, marks_for(inspection=inspection, user=request.user))
    if can_edit_tree:
        _tree_tools(request.user, inspection, roots, by_finding)
    visible = sum(counts[root.pk].total for root in roots if root.pk in counts)
    context = {
        "inspection": inspection,
        "stats": stats,
        # Fewer than the inspection's: the summary is the inspection's, the tree the user's.
        "tree_partial": visible != stats["measures"]["total"],
        "tree_visible": visible,
        "status_rows": status_rows(stats["measures"]["by_status"]),
        "roots": roots,
        "today": today,
        "inline": inline,
        "light_totals": _totals(lights, roots),
        "can_documents": plan_documents_allowed(request.user, inspection),
        "can_edit_tree": can_edit_tree,
        "can_set_inspecting_unit": inspection_policy.Action.SET_INSPECTING_UNIT in allowed,
        "tree_html": _tree_html(request, roots, today=today, inline=inline, edit=can_edit_tree),
    }
    return render(request, "reports/inspection_detail.html", context)
