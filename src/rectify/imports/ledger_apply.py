"""整改台账 in: a read ledger checked against a round (people, departments, dates) and applied
through the owning apps' services — findings by their path, measures by their problem and
text (the stable key: an exported ledger re-imported changes nothing), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.inspections.services import finding_create
from rectify.measures.enums import MeasureKind
from rectify.measures.grid import (
    GridContext,
    cells_of,
    grid_context,
    parse_cells,
    row_changes,
    suggestions_for,
)
from rectify.measures.models import Measure
from rectify.measures.services import measure_create
from rectify.measures.services.grid import GridRow, plan_rows_save
from rectify.orgs.models import User

from .ledger import LedgerRead, LedgerRow

COLUMN_NAMES = {
    "kind": "整改类型",
    "category": "措施类别",
    "responsible_leader": "责任领导",
    "lead_department": "牵头部门",
    "co_departments": "配合部门",
    "responsible_person": "责任人",
    "deadline": "完成时限",
    "target": "整改目标",
    "indicator_target": "指标",
}
LEVELS = {
    1: (FindingKind.PROBLEM,),
    2: (FindingKind.ASPECT, FindingKind.PROBLEM),
    3: (FindingKind.ASPECT, FindingKind.PROBLEM, FindingKind.ITEM),
}


@dataclass
class LedgerPlan:
    read: LedgerRead
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    matches: list[tuple[LedgerRow, Measure | None, dict[str, str]]] = field(default_factory=list)
    # Kind and category the wording suggests for new rows that name none (row, column, value,
    # cue): the defaults are written and the plan grid offers these to confirm (采用建议).
    suggestions: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        problems = {row.path for row in self.read.rows}
        return {
            "problems": len(problems),
            "measures": len(self.read.rows),
            "statuses": dict(self.read.statuses),
            "deadlines": self.read.deadlines,
            "errors": self.read.errors,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "suggestions": self.suggestions,
        }


def _path_of(finding: Finding, by_id: dict[int, Finding]) -> tuple[str, ...]:
    chain = []
    node: Finding | None = finding
    while node is not None:
        chain.append(f"{node.label}{node.title}")
        node = by_id.get(node.parent_id) if node.parent_id else None
    return tuple(reversed(chain))


def _cells(row: LedgerRow, measure: Measure | None) -> dict[str, str]:
    cells = cells_of(measure) if measure is not None else {"kind": "限期整改"}
    for column in COLUMN_NAMES:
        if column in ("kind", "category") and not row.cells.get(column):
            continue  # an empty cell keeps the measure's value (a new one: the default)
        if column in row.cells and column != "deadline":
            cells[column] = row.cells[column]
    if "deadline" in row.cells:
        text = row.deadline_text
        cells["deadline"] = row.deadline.isoformat() if row.deadline else ""
        if text in ("长期坚持", "长期"):
            cells["kind"] = "长期坚持"
        elif text == "立行立改":
            cells["kind"] = "立行立改"
    return cells


def _suggestions(row: LedgerRow, cells: dict[str, str]) -> list[dict[str, Any]]:
    """What the grid would offer a new row's measure, where the file left the cell empty
    (a 立行立改 or 长期坚持 deadline names the kind): a value in the file always wins."""
    given = {
        "kind": row.cells.get("kind") or row.deadline_text in ("长期坚持", "长期", "立行立改"),
        "category": row.cells.get("category"),
    }
    offered = suggestions_for(Measure(text=row.cells["text"]), cells)
    return [
        {"row": row.number, "column": COLUMN_NAMES[name], "value": s.text, "cue": s.cue}
        for name, s in offered.items()
        if not given[name]
    ]


def ledger_plan(*, inspection: Inspection, read: LedgerRead) -> LedgerPlan:
    """Every row matched and checked; nothing written."""
    plan = LedgerPlan(read=read)
    findings = list(inspection.findings.all())
    by_id = {f.pk: f for f in findings}
    paths = {_path_of(f, by_id): f for f in findings}
    measures: dict[tuple[int, str], Measure] = {}
    for m in inspection.measures.prefetch_related(
        "co_departments", "co_outside_units", "indicators"
    ).select_related("lead_department", "responsible_leader", "responsible_person"):
        measures.setdefault((m.finding_id, m.text.strip()), m)
    ctx: GridContext = grid_context(inspection)
    for row in read.rows:
        finding = paths.get(row.path)
        measure = measures.get((finding.pk, row.cells["text"])) if finding else None
        cells = _cells(row, measure)
        values, errors = parse_cells(cells, ctx)
        for column, message in errors.items():
            read.error(row.number, COLUMN_NAMES.get(column, column), str(message))
        if measure is None:
            plan.created += 1
            plan.suggestions.extend(_suggestions(row, cells))
        elif not errors and row_changes(measure, values):
            plan.updated += 1
        else:
            plan.unchanged += 1
        plan.matches.append((row, measure, cells))
    return plan


def _finding_for(inspection: Inspection, path: tuple[str, ...], made: dict, actor) -> Finding:
    parent = None
    for depth in range(1, len(path) + 1):
        key = path[:depth]
        if key not in made:
            made[key] = finding_create(
                inspection=inspection,
                actor=actor,
                title=path[depth - 1],
                kind=LEVELS[min(len(path), 3)][min(depth, 3) - 1],
                parent=parent,
            )
        parent = made[key]
    return parent


@transaction.atomic
def ledger_apply(*, inspection: Inspection, plan: LedgerPlan, actor: User | None) -> None:
    """Apply a checked plan (no errors) through the services, in one transaction."""
    findings = list(inspection.findings.all())
    by_id = {f.pk: f for f in findings}
    made = {_path_of(f, by_id): f for f in findings}
    rows: list[GridRow] = []
    for row, measure, cells in plan.matches:
        if measure is None:
            finding = _finding_for(inspection, row.path, made, actor)
            measure = measure_create(
                finding=finding,
                actor=actor,
                text=row.cells["text"],
                label=row.cells.get("label", "")[:20],
                kind=MeasureKind.TIME_BOUND,
            )
        rows.append(GridRow(measure_id=measure.pk, version=measure.version, cells=cells))
    plan_rows_save(inspection=inspection, actor=actor, rows=rows, reason="导入台账")
    audit_log(
        actor=actor,
        code=AuditCode.LEDGER_IMPORTED,
        obj=inspection,
        after={k: v for k, v in plan.summary().items() if k in ("created", "updated", "unchanged")},
    )
