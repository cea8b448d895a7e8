"""整改方案 approval and versions: submit, approve (version 1), return; every later change of a
measure's text, owners, deadline, kind or target is a new version with its reason."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ValidationFailed
from rectify.core.locking import update_versioned
from rectify.inspections.models import Inspection
from rectify.orgs.models import User

from ..enums import MeasureKind, PlanStatus, RevisionKind
from ..models import Measure, Plan, PlanRevision
from ..policy import PlanAction, plan_require
from ..revisions import readable_changes


def _plan_of(inspection: Inspection) -> Plan:
    plan, _created = Plan.objects.select_for_update(no_key=True).get_or_create(
        inspection=inspection
    )
    return plan


def _path(finding) -> list[str]:
    """方面 / 问题 / 子问题 above a measure, as the plan's task list groups it."""
    chain: list[str] = []
    node = finding
    while node is not None and len(chain) < 3:
        chain.append(f"{node.label}{node.title}")
        node = node.parent
    return list(reversed(chain))


def _snapshot(inspection: Inspection) -> list[dict]:
    rows = []
    measures = (
        Measure.objects.filter(inspection=inspection)
        .select_related(
            "finding__parent__parent",
            "lead_department",
            "responsible_leader",
            "responsible_person",
        )
        .prefetch_related("co_departments", "co_outside_units")
        .order_by("sort_key", "pk")
    )
    for m in measures:
        rows.append(
            {
                "id": m.pk,
                "finding": f"{m.finding.label}{m.finding.title}"[:200],
                "path": _path(m.finding),
                "label": m.label,
                "text": m.text,
                "kind": str(MeasureKind(m.kind).label),
                "responsible_leader": str(m.responsible_leader or ""),
                "lead_department": m.lead_department.name if m.lead_department else "",
                "co_departments": "、".join(
                    [u.name for u in m.co_departments.all()]
                    + [u.name for u in m.co_outside_units.all()]
                ),
                "responsible_person": str(m.responsible_person or ""),
                "deadline": m.deadline.isoformat() if m.deadline else "",
                "target": m.target,
            }
        )
    return rows


@transaction.atomic
def plan_submit(*, inspection: Inspection, actor: User | None, note: str = "") -> Plan:
    """The office hands the plan to the unit's leader for approval."""
    plan = _plan_of(inspection)
    plan_require(actor, PlanAction.SUBMIT, inspection, plan.status)
    if not Measure.objects.filter(inspection=inspection).exists():
        raise ValidationFailed(_("The plan has no measures yet."))
    update_versioned(
        plan,
        expected_version=plan.version,
        status=PlanStatus.SUBMITTED,
        submitted_by=actor,
        submitted_at=timezone.now(),
        return_reason="",
    )
    audit_log(actor=actor, code=AuditCode.PLAN_SUBMITTED, obj=plan, note=note)
    return plan


@transaction.atomic
def plan_approve(*, inspection: Inspection, actor: User | None, note: str = "") -> Plan:
    """The leader approves: version 1 is frozen (a snapshot of every measure), who and when."""
    plan = _plan_of(inspection)
    plan_require(actor, PlanAction.APPROVE, inspection, plan.status)
    now = timezone.now()
    update_versioned(
        plan,
        expected_version=plan.version,
        status=PlanStatus.APPROVED,
        approved_by=actor,
        approved_at=now,
        revision=1,
    )
    PlanRevision.objects.create(
        plan=plan,
        number=1,
        kind=RevisionKind.APPROVED,
        reason=note,
        snapshot=_snapshot(inspection),
        actor=actor,
    )
    audit_log(actor=actor, code=AuditCode.PLAN_APPROVED, obj=plan, after={"revision": 1}, note=note)
    return plan


@transaction.atomic
def plan_return(*, inspection: Inspection, actor: User | None, reason: str) -> Plan:
    """The leader sends the plan back to the office with a reason."""
    plan = _plan_of(inspection)
    plan_require(actor, PlanAction.RETURN, inspection, plan.status)
    if not reason.strip():
        raise ValidationFailed(_("Say why the plan is returned."))
    update_versioned(
        plan, expected_version=plan.version, status=PlanStatus.RETURNED, return_reason=reason
    )
    audit_log(actor=actor, code=AuditCode.PLAN_RETURNED, obj=plan, note=reason)
    return plan


@transaction.atomic
def plan_revision_record(
    *,
    measure: Measure,
    actor: User | None,
    reason: str,
    diff: dict[str, list[Any]],
    kind: str = RevisionKind.CHANGED,
) -> PlanRevision | None:
    """After approval, a change of a measure is a new version of the plan, with a reason.

    Before approval (or for a change of no plan field) nothing is recorded here.
    """
    plan = (
        Plan.objects.select_for_update(no_key=True)
        .filter(inspection_id=measure.inspection_id)
        .first()
    )
    if plan is None or not plan.approved:
        return None
    changes = readable_changes(diff)
    if not changes and kind == RevisionKind.CHANGED:
        return None
    if not reason.strip() and kind != RevisionKind.ADDED:
        raise ValidationFailed(
            _("The plan is approved: give a reason for this change (it becomes a new version).")
        )
    number = plan.revision + 1
    update_versioned(plan, expected_version=plan.version, revision=number)
    revision: PlanRevision = PlanRevision.objects.create(
        plan=plan,
        number=number,
        kind=kind,
        measure=measure if kind != RevisionKind.DROPPED else None,
        measure_text=f"{measure.label}{measure.text}"[:200],
        reason=reason,
        changes=changes,
        actor=actor,
    )
    audit_log(
        actor=actor,
        code=AuditCode.PLAN_REVISED,
        obj=plan,
        after={"revision": number, "measure": measure.pk, "changes": changes},
        note=reason,
    )
    return revision
