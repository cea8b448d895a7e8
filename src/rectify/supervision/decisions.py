"""Meeting decisions chased by the daily run like measures: a reminder before the deadline,
an escalation once it has passed — each once (`SupervisionAction` on the decision)."""

from __future__ import annotations

import datetime as dt

from rectify.inspections.models import DEFAULT_THRESHOLDS

from .enums import ActionKind
from .models import MeetingDecision, SupervisionAction
from .notify import notify

TITLES = {
    ActionKind.DECISION_REMINDER: "督导会议议定事项即将到期：{text}",
    ActionKind.DECISION_ESCALATION: "督导会议议定事项已逾期：{text}",
}


def _due(today: dt.date) -> list[tuple[str, MeetingDecision]]:
    open_ = MeetingDecision.objects.filter(done_at__isnull=True, deadline__isnull=False)
    soon = today + dt.timedelta(days=DEFAULT_THRESHOLDS.remind_days)
    found = [
        (ActionKind.DECISION_REMINDER, d)
        for d in open_.filter(deadline__gte=today, deadline__lte=soon)
    ]
    found += [(ActionKind.DECISION_ESCALATION, d) for d in open_.filter(deadline__lt=today)]
    done = set(
        SupervisionAction.objects.filter(decision__in=[d for _, d in found]).values_list(
            "kind", "decision_id", "occasion"
        )
    )
    return [(k, d) for k, d in found if (k, d.pk, f"{d.deadline}") not in done]


def decision_actions(*, today: dt.date, dry_run: bool) -> list[dict]:
    rows = []
    for kind, decision in _due(today):
        people = [p for p in (decision.owner, decision.meeting.recorded_by) if p is not None]
        if kind == ActionKind.DECISION_REMINDER:
            people = people[:1]
        if not dry_run:
            title = TITLES[kind].format(text=decision.text[:40])
            notify(recipients=people, kind=kind, title=title)
            SupervisionAction.objects.create(
                kind=kind, decision=decision, occasion=f"{decision.deadline}", run_date=today
            )
        rows.append(
            {
                "kind": str(kind),
                "measure": None,
                "decision": decision.pk,
                "recipients": sorted({p.username for p in people}),
                "channel": "inapp",
                "notice": "",
            }
        )
    return rows
