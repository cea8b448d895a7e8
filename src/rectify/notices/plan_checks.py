"""The notice's checks on the plan: every change made after the plan's approval (a new
deadline, a new owner, a dropped measure), so the notice does not pass them over in silence."""

from __future__ import annotations

from rectify.inspections.models import Inspection
from rectify.measures.enums import RevisionKind
from rectify.measures.models import PlanRevision

FIELD_NAMES = {
    "text": ("措施内容", "text"),
    "kind": ("整改类型", "kind"),
    "target": ("整改目标", "target"),
    "responsible_leader": ("责任领导", "responsible leader"),
    "lead_department": ("牵头部门", "lead department"),
    "co_departments": ("配合部门", "co-departments"),
    "co_outside_units": ("配合外单位", "co-operating outside units"),
    "responsible_person": ("责任人", "responsible person"),
    "deadline": ("完成时限", "deadline"),
}


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def check_plan_changes(inspection: Inspection, issue_class, severity: str) -> list:
    """One issue per version after the approved plan (version 1), oldest first."""
    issues = []
    revisions = PlanRevision.objects.filter(plan__inspection=inspection, number__gt=1).order_by(
        "number"
    )
    for r in revisions.defer("snapshot"):
        measure = _short(r.measure_text)
        if r.kind == RevisionKind.DROPPED:
            zh, en = f"撤销措施“{measure}”", f"measure dropped: “{measure}”"
        elif r.kind == RevisionKind.ADDED:
            zh, en = f"新增措施“{measure}”", f"measure added: “{measure}”"
        else:
            parts = [
                (FIELD_NAMES.get(c["field"], (c["field"], c["field"])), c["before"], c["after"])
                for c in r.changes
            ]
            zh = f"措施“{measure}”" + "；".join(f"{n[0]}由{b}改为{a}" for n, b, a in parts)
            en = f"measure “{measure}”: " + "; ".join(f"{n[1]} {b} → {a}" for n, b, a in parts)
        reason = f"（第{r.number}版，原因：{r.reason}）" if r.reason else f"（第{r.number}版）"
        issues.append(
            issue_class(
                "plan_changed_after_approval",
                severity,
                f"方案审批后变更：{zh}{reason}",
                f"changed after the plan's approval: {en} (version {r.number})",
                measure_id=r.measure_id,
            )
        )
    return issues
