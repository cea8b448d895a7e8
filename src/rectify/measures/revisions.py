"""A measure's change as people read it: field names and display values, never ids."""

from typing import Any

from rectify.orgs.models import OrgUnit, OutsideUnit, User

from .enums import MeasureKind

# The fields whose change after approval makes a new version of the plan.
PLAN_FIELDS = (
    "text",
    "kind",
    "target",
    "responsible_leader",
    "lead_department",
    "co_departments",
    "co_outside_units",
    "responsible_person",
    "deadline",
)


def _names(model, ids: list) -> str:
    found = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=ids)}
    return "、".join(found.get(pk, str(pk)) for pk in ids)


def display_value(field: str, value: Any) -> str:
    """A field's value as people read it: names, not ids; labels, not codes."""
    if value is None or value in ("", []):
        return "—"
    if field == "kind":
        return str(MeasureKind(value).label)
    if field == "lead_department":
        return _names(OrgUnit, [value])
    if field == "co_departments":
        return _names(OrgUnit, list(value))
    if field == "co_outside_units":
        return _names(OutsideUnit, list(value))
    if field in ("responsible_leader", "responsible_person"):
        return _names(User, [value])
    return str(value)


def readable_changes(diff: dict[str, list[Any]]) -> list[dict[str, str]]:
    """The diff of a measure ({field: [before, after]}) as rows of names for people."""
    return [
        {
            "field": field,
            "before": display_value(field, diff[field][0]),
            "after": display_value(field, diff[field][1]),
        }
        for field in PLAN_FIELDS
        if field in diff
    ]
