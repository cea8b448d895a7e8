"""整改方案编制: the plan grid of one round — one row per measure under its problem."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rectify.core.errors import DomainError, PermissionRefused
from rectify.inspections import policy as inspection_policy
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.measures.grid import (
    CATEGORY_TEXT,
    COLUMNS,
    KIND_TEXT,
    GridInvalid,
    cells_of,
    grid_context,
    incomplete,
    suggestions_for,
)
from rectify.measures.selectors import inspection_get_for, plan_for
from rectify.measures.services.grid import GridRow, plan_rows_save


def _measures(inspection):
    return list(
        inspection.measures.select_related(
            "finding", "lead_department", "responsible_leader", "responsible_person"
        )
        .prefetch_related("co_departments", "co_outside_units", "indicators")
        .order_by("sort_key", "pk")
    )


def _posted_rows(post) -> list[GridRow]:
    rows = []
    for raw_id in post.getlist("row"):
        if not raw_id.isdigit():
            continue
        pk = int(raw_id)
        version = post.get(f"m{pk}-version", "")
        rows.append(
            GridRow(
                measure_id=pk,
                version=int(version) if version.isdigit() else 0,
                cells={c: post.get(f"m{pk}-{c}", "") for c in COLUMNS},
            )
        )
    return rows


def _groups(measures, posted: dict, errors: dict) -> tuple[list[dict], int]:
    groups: list[dict] = []
    missing = 0
    for measure in measures:
        row = posted.get(measure.pk)
        cells = row.cells if row else cells_of(measure)
        suggested = suggestions_for(measure, cells)
        cell_errors = errors.get(measure.pk, {})
        item = {
            "measure": measure,
            "cells": [(c, cells.get(c, ""), cell_errors.get(c), suggested.get(c)) for c in COLUMNS],
            "row_error": errors.get(measure.pk, {}).get("_row"),
            "incomplete": incomplete(cells),
        }
        missing += item["incomplete"]
        if not groups or groups[-1]["finding"].pk != measure.finding_id:
            groups.append({"finding": measure.finding, "rows": []})
        groups[-1]["rows"].append(item)
    return groups, missing


@login_required
def plan_grid(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    if not inspection_policy.may(request.user, inspection_policy.Action.EDIT_TREE, inspection):
        raise PermissionDenied
    posted, errors, status = {}, {}, 200
    if request.method == "POST":
        rows = _posted_rows(request.POST)
        try:
            saved = plan_rows_save(
                inspection=inspection,
                actor=request.user,
                rows=rows,
                reason=request.POST.get("reason", ""),
            )
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except GridInvalid as exc:
            errors, status = exc.errors, 400
            messages.error(request, _("Nothing was saved: correct the marked cells."))
        except DomainError as exc:
            status = 400
            messages.error(request, _("Nothing was saved: %(error)s") % {"error": exc})
        else:
            messages.success(request, _("%(n)d rows saved.") % {"n": saved})
            return redirect("inspections:plan_grid", pk=inspection.pk)
        posted = {row.measure_id: row for row in rows}
    groups, missing = _groups(_measures(inspection), posted, errors)
    ctx = grid_context(inspection)
    context = {
        "inspection": inspection,
        "plan": plan_for(inspection=inspection),
        "groups": groups,
        "missing": missing,
        "people": sorted(
            {(str(p), "|".join(ctx.paths_of.get(p.pk, []))) for p in ctx.people.values()}
        ),
        "units": sorted({(u.name, u.path) for u in ctx.units.values()}),
        "kinds": [KIND_TEXT[k] for k in MeasureKind],
        "categories": [CATEGORY_TEXT[c] for c in MeasureCategory],
        "error_count": sum(len(e) for e in errors.values()),
    }
    return render(request, "reports/plan_grid.html", context, status=status)
