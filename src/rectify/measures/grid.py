"""整改方案编制: the plan grid's cells — read from text (typed, filled down or pasted from
Excel), checked one by one, and shown back as text. No writes here (services/grid.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from rectify.inspections.models import Inspection
from rectify.lib.dates import parse_date
from rectify.lib.measure_wording import suggest_category, suggest_kind
from rectify.orgs.models import OrgUnit, OutsideUnit, User
from rectify.orgs.selectors import outside_units_by_name, users_in_subtree

from .enums import MeasureCategory, MeasureKind, MeasureStatus
from .models import Measure

COLUMNS = (
    "kind",
    "category",
    "responsible_leader",
    "lead_department",
    "co_departments",
    "responsible_person",
    "deadline",
    "target",
    "indicator_target",
    "indicator_unit",
)
KIND_WORDS = {
    "立行立改": MeasureKind.IMMEDIATE,
    "限期整改": MeasureKind.TIME_BOUND,
    "长期坚持": MeasureKind.LONG_TERM,
}
KIND_TEXT = {value: word for word, value in KIND_WORDS.items()}
CATEGORY_WORDS = {
    "一般": MeasureCategory.GENERAL,
    "建章立制": MeasureCategory.RULES,
    "案件": MeasureCategory.CASE,
}
CATEGORY_TEXT = {value: word for word, value in CATEGORY_WORDS.items()}
CATEGORY_WORDS.update(
    {"拆违": MeasureCategory.CASE, "信访": MeasureCategory.CASE, "12345": MeasureCategory.CASE}
)
SEPARATORS = ("、", "，", ",", ";", "；", "/")


class GridInvalid(Exception):
    """Cells that did not validate: {measure id: {column: message}}; nothing was saved."""

    def __init__(self, errors: dict[int, dict[str, str]]) -> None:
        self.errors = errors
        super().__init__(f"{sum(len(e) for e in errors.values())} cells")


@dataclass
class GridContext:
    """What the cells are read against: the unit's people and departments, the feedback date."""

    feedback_date: dt.date | None
    people: dict[str, User] = field(default_factory=dict)
    units: dict[str, OrgUnit] = field(default_factory=dict)
    outside: dict[str, OutsideUnit] = field(default_factory=dict)  # the register (外单位)
    paths_of: dict[int, list[str]] = field(default_factory=dict)  # user id → unit paths

    def in_department(self, person: User, unit: OrgUnit) -> bool:
        return any(path.startswith(unit.path) for path in self.paths_of.get(person.pk, []))


def grid_context(inspection: Inspection) -> GridContext:
    unit = inspection.inspected_unit
    ctx = GridContext(feedback_date=inspection.feedback_date)
    for person in users_in_subtree(unit=unit).prefetch_related("memberships__org_unit"):
        ctx.people.setdefault(str(person), person)
        ctx.people.setdefault(person.username, person)
        ctx.paths_of[person.pk] = [m.org_unit.path for m in person.memberships.all()]
    for department in OrgUnit.objects.subtree_of([unit]).exclude(pk=unit.pk):
        ctx.units.setdefault(department.name, department)
        if department.short_name:
            ctx.units.setdefault(department.short_name, department)
    ctx.outside = outside_units_by_name()
    return ctx


def _split(text: str) -> list[str]:
    for sep in SEPARATORS[1:]:
        text = text.replace(sep, SEPARATORS[0])
    return [part.strip() for part in text.split(SEPARATORS[0]) if part.strip()]


def _deadline(text: str, ctx: GridContext, errors: dict[str, str]) -> dt.date | None:
    if not text or text in ("长期坚持", "立行立改"):
        return None
    year = ctx.feedback_date.year if ctx.feedback_date else None
    value = parse_date(text, year=year)
    if value is None:
        errors["deadline"] = _("Cannot read “%(text)s” as a date.") % {"text": text}
    elif ctx.feedback_date and value < ctx.feedback_date:
        errors["deadline"] = _("The deadline is before the feedback date.")
    return value


def _decimal(text: str, errors: dict[str, str]) -> Decimal | None:
    if not text:
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        errors["indicator_target"] = _("Not a number.")
        return None


def _lookup(table: dict, text: str, column: str, errors: dict[str, str], message: str):
    if not text:
        return None
    found = table.get(text)
    if found is None:
        errors[column] = message % {"name": text}
    return found


def _co_units(text: str, ctx: GridContext, errors: dict[str, str]) -> tuple[list, list]:
    """配合部门: the unit's departments, and outside units from the register (外单位)."""
    departments: list[OrgUnit] = []
    outside: list[OutsideUnit] = []
    for name in _split(text):
        if name in ctx.units:
            departments.append(ctx.units[name])
        elif name in ctx.outside:
            outside.append(ctx.outside[name])
        else:
            errors["co_departments"] = _(
                "No such department or outside unit: “%(name)s” (add it to the register)."
            ) % {"name": name}
    return departments, list(dict.fromkeys(outside))


def _lead(text: str, ctx: GridContext, errors: dict[str, str]) -> OrgUnit | None:
    if text and text not in ctx.units and text in ctx.outside:
        errors["lead_department"] = _(
            "“%(name)s” is an outside unit: it may co-operate, not lead."
        ) % {"name": text}
        return None
    return _lookup(ctx.units, text, "lead_department", errors, _("No such department: “%(name)s”."))


def _category(text: str, errors: dict[str, str]) -> str | None:
    """An empty category cell keeps the measure's category (a ledger without the column)."""
    if not text:
        return None
    category = CATEGORY_WORDS.get(text) or (text if text in MeasureCategory.values else None)
    if category is None:
        errors["category"] = _("Choose 一般, 建章立制 or 案件.")
    return category


def parse_cells(raw: dict[str, str], ctx: GridContext) -> tuple[dict[str, Any], dict[str, str]]:
    """The row's values from its cells' text, and a message for every cell that is wrong."""
    cells = {name: (raw.get(name) or "").strip() for name in COLUMNS}
    errors: dict[str, str] = {}
    no_person = _("No such person in the unit: “%(name)s”.")
    kind = KIND_WORDS.get(cells["kind"]) or (
        cells["kind"] if cells["kind"] in MeasureKind.values else None
    )
    if kind is None:
        errors["kind"] = _("Choose 立行立改, 限期整改 or 长期坚持.")
    category = _category(cells["category"], errors)
    values: dict[str, Any] = {
        "kind": kind,
        "category": category,
        "responsible_leader": _lookup(
            ctx.people, cells["responsible_leader"], "responsible_leader", errors, no_person
        ),
        "lead_department": _lead(cells["lead_department"], ctx, errors),
        "responsible_person": _lookup(
            ctx.people, cells["responsible_person"], "responsible_person", errors, no_person
        ),
        "co_departments": [],
        "co_outside_units": [],
        "deadline": _deadline(cells["deadline"], ctx, errors),
        "target": cells["target"],
        "indicator_target": _decimal(cells["indicator_target"], errors),
        "indicator_unit": cells["indicator_unit"][:20],
    }
    values["co_departments"], values["co_outside_units"] = _co_units(
        cells["co_departments"], ctx, errors
    )
    person, lead = values["responsible_person"], values["lead_department"]
    if person and lead and not ctx.in_department(person, lead):
        errors["responsible_person"] = _("The responsible person is not in the lead department.")
    return values, errors


def cells_of(measure: Measure) -> dict[str, str]:
    """A measure's cells as text (what the grid shows and an unchanged row sends back)."""
    indicator = next(iter(measure.indicators.all()), None)
    target_value = indicator.target_value if indicator else None
    return {
        "kind": KIND_TEXT.get(MeasureKind(measure.kind), measure.kind),
        "category": CATEGORY_TEXT.get(MeasureCategory(measure.category), measure.category),
        "responsible_leader": str(measure.responsible_leader or ""),
        "lead_department": measure.lead_department.name if measure.lead_department else "",
        "co_departments": "、".join(
            [u.name for u in measure.co_departments.all()]
            + [u.name for u in measure.co_outside_units.all()]
        ),
        "responsible_person": str(measure.responsible_person or ""),
        "deadline": measure.deadline.isoformat() if measure.deadline else "",
        "target": measure.target,
        "indicator_target": "" if target_value is None else f"{target_value.normalize():f}",
        "indicator_unit": indicator.unit if indicator else "",
    }


@dataclass(frozen=True)
class CellSuggestion:
    """A value the measure's wording suggests for a cell, and the words it was read from;
    shown beside the cell for a person to adopt (one click), never written by itself."""

    text: str
    cue: str


def suggestions_for(measure: Measure, cells: dict[str, str]) -> dict[str, CellSuggestion]:
    """The kind and category cells whose value the wording would suggest otherwise."""
    if measure.status == MeasureStatus.SIGNED_OFF:
        return {}
    out = {}
    kind = suggest_kind(measure.text)
    kind_text = KIND_TEXT[MeasureKind(kind.value)]
    # A long-term measure stays long-term, so nothing else is suggested for it.
    if kind.decided and kind_text != cells.get("kind") and measure.kind != MeasureKind.LONG_TERM:
        out["kind"] = CellSuggestion(kind_text, kind.cue)
    category = suggest_category(measure.text)
    category_text = CATEGORY_TEXT[MeasureCategory(category.value)]
    if category.decided and category_text != cells.get("category"):
        out["category"] = CellSuggestion(category_text, category.cue)
    return out


def incomplete(cells: dict[str, str]) -> bool:
    """A row the office still has to fill: no owner, or no date for a measure that needs one."""
    needs_date = cells.get("kind") != KIND_TEXT[MeasureKind.LONG_TERM]
    no_owner = not (cells.get("lead_department") and cells.get("responsible_person"))
    return no_owner or (needs_date and not cells.get("deadline"))


PLAIN_FIELDS = (
    "kind",
    "category",
    "target",
    "responsible_leader",
    "lead_department",
    "responsible_person",
)


def row_changes(measure: Measure, values: dict[str, Any]) -> dict[str, Any]:
    """What a row's values would change in the measure (nothing: an unchanged row)."""
    changed = {
        k: values[k]
        for k in (*PLAIN_FIELDS, "deadline")
        if getattr(measure, k) != values[k] and not (k == "category" and values[k] is None)
    }
    for name in ("co_departments", "co_outside_units"):
        if {u.pk for u in getattr(measure, name).all()} != {u.pk for u in values[name]}:
            changed[name] = values[name]
    indicator = next(iter(measure.indicators.all()), None)
    old = (indicator.target_value, indicator.unit) if indicator else (None, "")
    if (values["indicator_target"], values["indicator_unit"]) != old:
        changed["indicator"] = (values["indicator_target"], values["indicator_unit"], indicator)
    return changed
