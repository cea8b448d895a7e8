"""整改方案编制: many rows of the plan grid saved in one transaction, each row locked by its
version; a wrong cell anywhere saves nothing (`GridInvalid` lists every one)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.changes import before_after, model_update
from rectify.inspections import policy as inspection_policy
from rectify.inspections.models import Inspection
from rectify.orgs.models import User

from ..enums import MeasureKind, PlanStatus
from ..grid import GridInvalid, grid_context, parse_cells, row_changes
from ..models import Measure, Plan
from ..policy import Action, require_each
from .deadlines import deadline_set
from .plan import _set_co_units, indicator_set, measure_mark_long_term, measure_update

PLAIN = (
    "kind",
    "category",
    "target",
    "responsible_leader",
    "lead_department",
    "responsible_person",
)


@dataclass
class GridRow:
    """One row as the page sent it: the measure, the version it was read at, its cells."""

    measure_id: int
    version: int
    cells: dict[str, str]


def _kind_error(measure: Measure, changed: dict[str, Any]) -> str | None:
    if "kind" not in changed:
        return None
    if measure.kind == MeasureKind.LONG_TERM:
        return _("A long-term measure stays long-term; add a new measure instead.")
    return None


def _check(rows, measures, ctx) -> tuple[list, dict[int, dict[str, str]]]:
    errors: dict[int, dict[str, str]] = {}
    todo = []
    for row in rows:
        measure = measures.get(row.measure_id)
        if measure is None:
            errors[row.measure_id] = {"_row": _("This measure is no longer in the plan.")}
            continue
        values, cell_errors = parse_cells(row.cells, ctx)
        if cell_errors:
            errors[measure.pk] = cell_errors
            continue
        changed = row_changes(measure, values)
        if not changed:
            continue
        kind_error = _kind_error(measure, changed)
        if kind_error:
            errors[measure.pk] = {"kind": kind_error}
        elif measure.version != row.version:
            errors[measure.pk] = {
                "_row": _("Someone else changed this row; reload to see their changes.")
            }
        else:
            todo.append((measure, changed))
    return todo, errors


def _apply(measure: Measure, changed: dict[str, Any], actor, reason: str) -> None:
    """After approval: through the services that make each change a version with its reason."""
    plain = {k: changed[k] for k in PLAIN if k in changed and k != "kind"}
    long_term = changed.get("kind") == MeasureKind.LONG_TERM
    if "kind" in changed and not long_term:
        plain["kind"] = changed["kind"]
    if plain or {"co_departments", "co_outside_units"} & set(changed):
        measure_update(
            measure=measure,
            actor=actor,
            expected_version=measure.version,
            co_departments=changed.get("co_departments"),
            co_outside_units=changed.get("co_outside_units"),
            reason=reason,
            **plain,
        )
    if "deadline" in changed:
        _deadline(measure, changed["deadline"], actor, reason)
    if long_term:
        measure_mark_long_term(measure=measure, actor=actor, note=reason)
    _indicator(measure, changed, actor)


def _deadline(measure: Measure, new, actor, reason: str) -> None:
    """After approval a deadline changes only with a reason (and a recorded extension)."""
    deadline_set(
        measure=measure,
        actor=actor,
        new_deadline=new,
        reason=reason,
        expected_version=measure.version,
    )


def _apply_draft(measure: Measure, changed: dict[str, Any], actor) -> None:
    """While the plan is a draft: the row's fields in one write and one audit entry."""
    fields = {k: changed[k] for k in (*PLAIN, "deadline") if k in changed}
    long_term = fields.get("kind") == MeasureKind.LONG_TERM
    if long_term:
        del fields["kind"]
    version = measure.version
    diff = model_update(instance=measure, changes=fields, expected_version=version)
    for name in ("co_departments", "co_outside_units"):
        if name in changed:
            _set_co_units(measure, name, changed[name], diff, version)
    if diff:
        before, after = before_after(diff)
        audit_log(
            actor=actor,
            code=AuditCode.MEASURE_UPDATED,
            obj=measure,
            before=before,
            after=after,
            note=_("Plan grid"),
        )
    if long_term:
        measure_mark_long_term(measure=measure, actor=actor, note=_("Plan grid"))
    _indicator(measure, changed, actor)


def _indicator(measure: Measure, changed: dict[str, Any], actor) -> None:
    if "indicator" not in changed:
        return
    target, unit, indicator = changed["indicator"]
    indicator_set(
        measure=measure,
        actor=actor,
        name=indicator.name if indicator else "指标",
        unit=unit,
        target_value=target,
        current_value=indicator.current_value if indicator else None,
    )


@transaction.atomic
def plan_rows_save(
    *, inspection: Inspection, actor: User | None, rows: list[GridRow], reason: str = ""
) -> int:
    """Save the rows that changed; returns how many. All or nothing: `GridInvalid` names
    every wrong cell and stale row, and nothing is written."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT_TREE, inspection)
    ctx = grid_context(inspection)
    measures = {
        m.pk: m
        for m in Measure.objects.filter(
            inspection=inspection, pk__in=[row.measure_id for row in rows]
        )
        .select_related("finding__inspection__inspected_unit")
        .prefetch_related("co_departments", "co_outside_units", "indicators")
        # FOR NO KEY UPDATE: a concurrent progress report's deferred foreign-key check
        # (FOR KEY SHARE at its COMMIT, while it holds the audit chain's lock) must not wait
        # on this row lock, or the two deadlock (tests/reliability/test_concurrent_writers).
        .select_for_update(of=("self",), no_key=True)
    }
    todo, errors = _check(rows, measures, ctx)
    if errors:
        raise GridInvalid(errors)
    approved = Plan.objects.filter(inspection=inspection, status=PlanStatus.APPROVED).exists()
    require_each(actor, Action.EDIT_PLAN, [measure for measure, _changed in todo])
    for measure, changed in todo:
        if approved:
            _apply(measure, changed, actor, reason)
        else:
            _apply_draft(measure, changed, actor)
    if todo:  # each row has its own entries; this one says they were one save
        audit_log(
            actor=actor,
            code=AuditCode.PLAN_GRID_SAVED,
            obj=inspection,
            after={"measures": [measure.pk for measure, _changed in todo]},
            note=reason,
        )
    return len(todo)
