"""Writes on a measure's plan: create, edit, indicators, long-term, suggestions."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_change, audit_log
from rectify.core.changes import model_update
from rectify.core.errors import ValidationFailed
from rectify.core.locking import update_versioned
from rectify.core.text import MEASURE_TEXT_MAX, TARGET_MAX, checked_text
from rectify.inspections import policy as inspection_policy
from rectify.inspections.models import Finding
from rectify.inspections.services import finding_delete
from rectify.orgs.models import OrgUnit, OutsideUnit, User

from ..enums import MeasureKind, MeasureStatus, RevisionKind
from ..models import Indicator, Measure
from ..policy import Action, require
from ..workflow import transition
from .approval import plan_revision_record


def _clean_texts(changes: dict) -> dict:
    """Text and target through the boundary's normalisation and limits (API, grid, import)."""
    start = (changes.get("text") or "")[:15]
    labels = {
        "text": (MEASURE_TEXT_MAX, _("Measure “%(start)s…”") % {"start": start}),
        "target": (TARGET_MAX, _("The target of measure “%(start)s…”") % {"start": start}),
    }
    for name, (limit, label) in labels.items():
        if changes.get(name) is not None:
            changes[name] = checked_text(changes[name], limit=limit, label=str(label))
    return changes


EDITABLE_FIELDS = (
    "text",
    "kind",
    "category",
    "target",
    "responsible_leader",
    "lead_department",
    "responsible_person",
)


@transaction.atomic
def measure_create(
    *,
    finding: Finding,
    text: str,
    actor: User | None,
    label: str = "",
    kind: str = MeasureKind.TIME_BOUND,
    deadline: dt.date | None = None,
    lead_department: OrgUnit | None = None,
    position: int | None = None,
    reason: str = "",
    **fields,
) -> Measure:
    """A new measure under ``finding``, last among its measures unless a position is given."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT_TREE, finding.inspection)
    cleaned = _clean_texts({"text": text, "target": fields.get("target")})
    text = cleaned["text"]
    if cleaned["target"] is not None:
        fields["target"] = cleaned["target"]
    if not text:
        raise ValidationFailed(_("Say what the measure does."))
    if position is None:
        position = finding.measures.count() + 1
    measure = Measure.objects.create(
        finding=finding,
        text=text,
        label=label,
        kind=kind,
        deadline=deadline,
        lead_department=lead_department,
        position=position,
        **fields,
    )
    audit_log(actor=actor, code=AuditCode.MEASURE_CREATED, obj=measure, after={"text": text})
    plan_revision_record(
        measure=measure, actor=actor, reason=reason, diff={}, kind=RevisionKind.ADDED
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    actor: User,
    expected_version: int,
    co_departments: list[OrgUnit] | None = None,
    co_outside_units: list[OutsideUnit] | None = None,
    reason: str = "",
    **changes,
) -> Measure:
    """Edit a measure's plan (not its status or deadline). Refuses stale edits. After the
    plan's approval the change needs a reason and becomes a new version of the plan."""
    require(actor, Action.EDIT_PLAN, measure)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be edited here: %(f)s"), f=", ".join(unknown))
    changes = _clean_texts(changes)
    if "kind" in changes and (changes["kind"] == MeasureKind.LONG_TERM) != (
        measure.kind == MeasureKind.LONG_TERM
    ):
        raise ValidationFailed(
            _("Use “Mark as long-term” to make a measure long-term; it changes its status too.")
        )
    diff = model_update(instance=measure, changes=changes, expected_version=expected_version)
    for name, units in (("co_departments", co_departments), ("co_outside_units", co_outside_units)):
        if units is not None:
            _set_co_units(measure, name, units, diff, expected_version)
    audit_change(actor=actor, code=AuditCode.MEASURE_UPDATED, obj=measure, diff=diff, note=reason)
    if diff:
        plan_revision_record(measure=measure, actor=actor, reason=reason, diff=diff)
    return measure


def _set_co_units(
    measure: Measure, name: str, units: list, diff: dict, expected_version: int
) -> None:
    """Set a measure's co-operating departments or outside units, adding the change to diff."""
    manager = getattr(measure, name)
    before, after = sorted(manager.values_list("pk", flat=True)), sorted(u.pk for u in units)
    if before == after:
        return
    if not diff:  # the m2m change alone still takes the version (stale edits refused)
        update_versioned(measure, expected_version=expected_version)
    manager.set(units)
    diff[name] = [before, after]


@transaction.atomic
def indicator_set(
    *,
    measure: Measure,
    actor: User | None,
    name: str,
    unit: str = "",
    target_value: Decimal | None = None,
    current_value: Decimal | None = None,
) -> Indicator:
    require(actor, Action.EDIT_PLAN, measure)
    values = {"unit": unit, "target_value": target_value, "current_value": current_value}
    indicator, created = Indicator.objects.update_or_create(
        measure=measure,
        name=name,
        defaults=values,
        # An update keeps the indicator's place; only a new one goes last.
        create_defaults={**values, "position": measure.indicators.count() + 1},
    )
    audit_log(
        actor=actor,
        code=AuditCode.INDICATOR_CREATED if created else AuditCode.INDICATOR_UPDATED,
        obj=indicator,
        after={
            "name": name,
            "unit": unit,
            "target": str(target_value),
            "current": str(current_value),
        },
    )
    return indicator


@transaction.atomic
def measure_mark_long_term(*, measure: Measure, actor: User, note: str = "") -> Measure:
    require(actor, Action.MARK_LONG_TERM, measure)
    old_kind = measure.kind
    transition(
        measure=measure, name="mark_long_term", actor=actor, note=note, kind=MeasureKind.LONG_TERM
    )
    plan_revision_record(
        measure=measure, actor=actor, reason=note, diff={"kind": [old_kind, MeasureKind.LONG_TERM]}
    )
    return measure


@transaction.atomic
def measure_confirm_suggestion(*, measure: Measure, actor: User, accept: bool) -> Measure:
    """Confirm or dismiss the importer's suggested status (a person decides, never the parser)."""
    require(actor, Action.EDIT_PLAN, measure)
    suggested = measure.suggested_status
    if not suggested:
        return measure
    update_versioned(
        measure, expected_version=measure.version, suggested_status="", suggestion_reason=""
    )
    audit_log(
        actor=actor,
        code=(
            AuditCode.MEASURE_SUGGESTION_ACCEPTED
            if accept
            else AuditCode.MEASURE_SUGGESTION_DISMISSED
        ),
        obj=measure,
        after={"suggested_status": suggested},
    )
    if accept and suggested == MeasureStatus.LONG_TERM:
        transition(
            measure=measure,
            name="mark_long_term",
            actor=actor,
            note=str(_("Suggested by the import")),
            kind=MeasureKind.LONG_TERM,
        )
    elif (
        accept
        and suggested == MeasureStatus.IN_PROGRESS
        and (measure.status == MeasureStatus.NOT_STARTED)
    ):
        transition(
            measure=measure, name="start", actor=actor, note=str(_("Suggested by the import"))
        )
    return measure


IMPORTED_FIELDS = ("label", "text", "position", "deadline", "suggested_status", "suggestion_reason")


@transaction.atomic
def measure_update_from_import(
    *, measure: Measure, actor: User | None, note: str = "", **changes
) -> dict:
    """What a re-imported document changes in a measure's wording, order, first deadline and
    suggested status (the importer decides which; see imports.importer.matching)."""
    unknown = set(changes) - set(IMPORTED_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be edited here: %(f)s"), f=", ".join(unknown))
    changes = _clean_texts(changes)
    if all(getattr(measure, name) == value for name, value in changes.items()):
        return {}  # nothing new (a signed-off measure re-imported unchanged stays untouched)
    require(actor, Action.EDIT_PLAN, measure)
    diff = model_update(instance=measure, changes=changes)
    audit_change(actor=actor, code=AuditCode.MEASURE_UPDATED, obj=measure, diff=diff, note=note)
    if diff:
        plan_revision_record(measure=measure, actor=actor, reason=note or "导入", diff=diff)
    return diff


@transaction.atomic
def measure_reposition(
    *, measure: Measure, actor: User | None, position: int, note: str = ""
) -> None:
    """Move a measure to ``position`` among its finding's measures (the ledger order follows)."""
    require(actor, Action.EDIT_PLAN, measure)
    diff = model_update(instance=measure, changes={"position": position})
    audit_change(actor=actor, code=AuditCode.MEASURE_UPDATED, obj=measure, diff=diff, note=note)


@transaction.atomic
def measure_delete(*, measure: Measure, actor: User | None, note: str = "") -> None:
    """Delete a measure; the audit entry keeps its text and status."""
    require(actor, Action.EDIT_PLAN, measure)
    audit_log(
        actor=actor,
        code=AuditCode.MEASURE_DELETED,
        obj=measure,
        before={"text": measure.text, "status": measure.status},
        note=note,
    )
    measure.delete()


@transaction.atomic
def finding_remove(
    *, finding: Finding, actor: User | None, note: str = "", measure_note: str = ""
) -> None:
    """Remove a finding and its subtree, each measure in it deleted with its own audit entry."""
    key = finding.sort_key
    subtree = Measure.objects.filter(
        Q(sort_key__startswith=f"{key}:") | Q(sort_key__startswith=f"{key}."),
        inspection_id=finding.inspection_id,
    )
    for measure in subtree:
        measure_delete(measure=measure, actor=actor, note=measure_note or note)
    finding_delete(finding=finding, actor=actor, note=note)
