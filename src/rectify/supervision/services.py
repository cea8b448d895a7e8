"""Writes of supervision: the daily run, 督办单 and their replies. Atomic and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.inspections.models import DEFAULT_THRESHOLDS
from rectify.measures.lights import thresholds_by_inspection
from rectify.measures.marks import notice_due_mark, notice_due_set
from rectify.measures.policy import Action, may
from rectify.measures.services import measure_reopen, progress_report_submit
from rectify.orgs.models import User

from .decisions import decision_actions
from .enums import ActionKind, Channel, RecheckResult
from .models import (
    ChannelPreference,
    DisciplineRecord,
    MeetingDecision,
    Recheck,
    SupervisionAction,
    SupervisionMeeting,
    SupervisionNotice,
)
from .notify import notify_many
from .policy import may_run_meetings, require_register
from .recheck import add_months
from .run import Candidate, candidates

TITLES: dict[str, str] = {
    ActionKind.REMINDER: "整改措施即将到期：{text}",
    ActionKind.ESCALATION: "整改措施已逾期：{text}",
    ActionKind.REVIEW_QUEUE: "销号申请待审核已超时：{text}",
    ActionKind.RECHECK: "回头看复查到期：{text}",
    ActionKind.STALE: "整改措施长时间未报送进展：{text}",
    ActionKind.NOTICE_BLUE: "蓝色督办单 {number}：{text}",
    ActionKind.NOTICE_YELLOW: "黄色督办单 {number}：{text}",
    ActionKind.NOTICE_RED: "红色督办单 {number}：{text}",
}


def _issue_notices(found: list[Candidate], today: dt.date) -> dict[int, str]:
    """The 督办单 of the run, numbered on from the year's last; measure id → number."""
    wanted = [c for c in found if c.colour]
    if not wanted:
        return {}
    custom = thresholds_by_inspection()
    issued = SupervisionNotice.objects.filter(number__startswith=f"督办〔{today.year}〕").count()
    notices = SupervisionNotice.objects.bulk_create(
        SupervisionNotice(
            number=f"督办〔{today.year}〕{issued + n}号",
            measure_id=c.measure_id,
            colour=c.colour,
            issued_on=today,
            reply_due=today
            + dt.timedelta(days=custom.get(c.row["inspection_id"], DEFAULT_THRESHOLDS).reply_days),
        )
        for n, c in enumerate(wanted, 1)
    )
    through = SupervisionNotice.recipients.through
    through.objects.bulk_create(
        through(supervisionnotice_id=notice.pk, user_id=uid)
        for notice, c in zip(notices, wanted, strict=True)
        for uid in c.recipients
    )
    by_due: dict[dt.date, list[int]] = {}
    for notice in notices:
        by_due.setdefault(notice.reply_due, []).append(notice.measure_id)
    for reply_due, ids in by_due.items():  # a few dates: one update each
        notice_due_mark(measure_ids=ids, reply_due=reply_due)
    return {n.measure_id: n.number for n in notices}


def _apply(found: list[Candidate], today: dt.date) -> list[dict]:
    numbers = _issue_notices(found, today)
    Recheck.objects.bulk_create(
        Recheck(
            measure_id=c.measure_id,
            due_on=add_months(c.signed_on or today, c.months),
            months=c.months,
            high_risk=c.high_risk,
        )
        for c in found
        if c.kind == ActionKind.RECHECK
    )
    messages: list[tuple[int, str, str, int | None]] = []
    for c in found:
        title = TITLES[c.kind].format(number=numbers.get(c.measure_id, ""), text=c.row["text"][:40])
        messages += [(uid, c.kind, title, c.measure_id) for uid in c.recipients]
    notify_many(messages)
    SupervisionAction.objects.bulk_create(
        SupervisionAction(kind=c.kind, measure_id=c.measure_id, occasion=c.occasion, run_date=today)
        for c in found
    )
    return [_row(c, numbers.get(c.measure_id, "") if c.colour else "") for c in found]


def _row(candidate: Candidate, number: str = "") -> dict:
    return {
        "kind": str(candidate.kind),
        "measure": candidate.measure_id,
        "recipients": candidate.recipients,
        "channel": "inapp",
        "notice": number,
    }


def _with_names(actions: list[dict]) -> list[dict]:
    """Recipients by user name (one query for the whole run)."""
    ids = {uid for a in actions for uid in a["recipients"] if isinstance(uid, int)}
    names = dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))
    for action in actions:
        action["recipients"] = sorted(names.get(u, u) if isinstance(u, int) else u
                                      for u in action["recipients"])  # fmt: skip
    return actions


@transaction.atomic
def supervise_run(
    *, today: dt.date, inspection_id: int | None = None, dry_run: bool = False
) -> list[dict]:
    """The daily supervision run: reminders, escalations, 督办单, sign-offs waiting too long,
    re-checks due, meeting decisions due. Each act is done once (a second run the same day
    does nothing); a dry run says what would be done and writes nothing.
    """
    found = candidates(today=today, inspection_id=inspection_id)
    decisions = [] if inspection_id else decision_actions(today=today, dry_run=dry_run)
    if dry_run:
        return _with_names([_row(c) for c in found]) + decisions
    actions = _with_names(_apply(found, today)) + decisions
    if actions:
        notices = [[a["notice"], a["measure"]] for a in actions if a.get("notice")]
        audit_log(
            actor=None,
            code=AuditCode.SUPERVISION_RUN,
            after={"today": today, "inspection": inspection_id, "actions": len(actions),
                   "notices": notices},
        )  # fmt: skip
    return actions


@transaction.atomic
def supervision_notice_reply(
    *, notice: SupervisionNotice, actor: User, reply: str, files: Sequence[UploadedFile] = ()
) -> SupervisionNotice:
    """The written reply to a 督办单, with evidence: a progress report on its measure (by
    those who report on it), linked to the notice."""
    if not may(actor, Action.REPORT_PROGRESS, notice.measure):
        raise PermissionRefused()
    if not reply.strip():
        raise ValidationFailed(_("Write the reply to the supervision notice."))
    if not files:
        raise ValidationFailed(_("Attach the evidence (佐证材料) of what has been done."))
    if notice.replied_at is not None:
        raise ValidationFailed(_("This supervision notice has been answered already."))
    report = progress_report_submit(
        measure=notice.measure,
        actor=actor,
        text=f"【{notice.number}回复】{reply.strip()}",
        files=list(files),
    )
    notice.reply, notice.replied_at, notice.reply_report = reply.strip(), timezone.now(), report
    notice.save(update_fields=["reply", "replied_at", "reply_report", "updated_at"])
    still_open = (
        SupervisionNotice.objects.filter(measure=notice.measure, replied_at__isnull=True)
        .order_by("reply_due")
        .values_list("reply_due", flat=True)
        .first()
    )
    notice_due_set(measure_id=notice.measure_id, reply_due=still_open)
    audit_log(
        actor=actor,
        code=AuditCode.SUPERVISION_NOTICE_REPLIED,
        obj=notice.measure,
        after={"number": notice.number},
        note=reply.strip()[:500],
    )
    return notice


@transaction.atomic
def discipline_record_create(
    *,
    actor: User,
    unit,
    step: str,
    held_on: dt.date,
    reason: str,
    subject: User | None = None,
    subject_name: str = "",
    outcome: str = "",
    follow_up_on: dt.date | None = None,
    referred_to: str = "",
    measures=(),
    notices=(),
):
    """Record a reminder talk, an interview or a referral in the unit's register."""
    require_register(actor, unit)
    if not reason.strip():
        raise ValidationFailed(_("Say why the talk was held."))
    if subject is None and not subject_name.strip():
        raise ValidationFailed(_("Name the person talked to."))
    record = DisciplineRecord.objects.create(
        unit=unit, step=step, recorded_by=actor, subject=subject, subject_name=subject_name,
        held_on=held_on, reason=reason.strip(), outcome=outcome.strip(),
        follow_up_on=follow_up_on, referred_to=referred_to.strip(),
    )  # fmt: skip
    record.measures.set(measures)
    record.notices.set(notices)
    audit_log(
        actor=actor,
        code=AuditCode.SUPERVISION_DISCIPLINE_RECORDED,
        obj=record,
        after={"step": step, "whom": record.whom, "held_on": held_on,
               "measures": [m.pk for m in measures], "notices": [n.pk for n in notices]},
    )  # fmt: skip
    return record


@transaction.atomic
def recheck_record(*, recheck: Recheck, actor: User, held: bool, note: str) -> Recheck:
    """The result of a 回头看: held, or rebound — which reopens the measure with this note."""
    measure = recheck.measure
    if not (may(actor, Action.REOPEN, measure) or may(actor, Action.EDIT_PLAN, measure)):
        raise PermissionRefused()
    if recheck.result != RecheckResult.PENDING:
        raise ValidationFailed(_("This re-check has been recorded already."))
    if not note.strip():
        raise ValidationFailed(_("Say what the re-check found."))
    recheck.result = RecheckResult.HELD if held else RecheckResult.REBOUND
    recheck.note, recheck.checked_by, recheck.checked_at = note.strip(), actor, timezone.now()
    recheck.save(update_fields=["result", "note", "checked_by", "checked_at", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.SUPERVISION_RECHECK_RECORDED,
        obj=measure,
        after={"result": recheck.result, "months": recheck.months},
        note=recheck.note,
    )
    if not held:
        measure_reopen(
            measure=measure, actor=actor, reason=f"回头看（{recheck.months}个月）：{note}"
        )
    return recheck


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    unit,
    title: str,
    held_on: dt.date,
    attendees: str = "",
    minutes: str = "",
    decisions: Sequence[dict] = (),
) -> SupervisionMeeting:
    """Record a supervision meeting and its decisions (text, owner, deadline, measures)."""
    if not may_run_meetings(actor, unit):
        raise PermissionRefused()
    if not title.strip():
        raise ValidationFailed(_("A title is required."))
    meeting = SupervisionMeeting.objects.create(
        unit=unit, title=title.strip(), held_on=held_on, attendees=attendees,
        minutes=minutes, recorded_by=actor,
    )  # fmt: skip
    for item in decisions:
        if not item.get("text", "").strip():
            continue
        decision = MeetingDecision.objects.create(
            meeting=meeting, text=item["text"].strip(), owner=item.get("owner"),
            deadline=item.get("deadline"),
        )  # fmt: skip
        decision.measures.set(item.get("measures", []))
    audit_log(
        actor=actor,
        code=AuditCode.SUPERVISION_MEETING_RECORDED,
        obj=meeting,
        after={"title": meeting.title, "held_on": held_on, "decisions": meeting.decisions.count()},
    )
    return meeting


@transaction.atomic
def meeting_decision_done(*, decision: MeetingDecision, actor: User) -> MeetingDecision:
    if not (may_run_meetings(actor, decision.meeting.unit) or decision.owner_id == actor.pk):
        raise PermissionRefused()
    if decision.done_at is None:
        decision.done_at = timezone.now()
        decision.save(update_fields=["done_at", "updated_at"])
        audit_log(
            actor=actor, code=AuditCode.SUPERVISION_DECISION_DONE, obj=decision.meeting,
            after={"decision": decision.pk},
        )  # fmt: skip
    return decision


@transaction.atomic
def channel_preferences_set(*, user: User, enabled: dict[str, bool]) -> dict[str, bool]:
    """A person's own choice of channels (the inbox cannot be turned off)."""
    changed = {}
    for channel, on in enabled.items():
        if channel not in Channel.values or channel == Channel.INAPP:
            continue
        pref, _created = ChannelPreference.objects.update_or_create(
            user=user, channel=channel, defaults={"enabled": on}
        )
        changed[channel] = pref.enabled
    if changed:
        audit_log(actor=user, code=AuditCode.SUPERVISION_CHANNELS_SET, obj=user, after=changed)
    return changed
