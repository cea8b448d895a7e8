"""What the daily supervision run would do today: candidates per kind, not yet done.

Each candidate is (kind, measure, occasion, recipients, colour): the occasion names what the
act is about (the deadline a reminder is for, a notice's colour and deadline), so the same act
is never done twice (`SupervisionAction` is unique on kind, measure, occasion). A reminder is
only due inside its window (before the deadline): a missed one is not sent late; an
escalation or a notice that became due is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from rectify.measures.enums import OVERDUE_STATUSES, MeasureStatus
from rectify.measures.models import Measure, MeasureEvent, overdue_q
from rectify.orgs.models import User

from . import recipients as who
from .enums import ActionKind, NoticeColour
from .lights import thresholds_by_inspection
from .models import DEFAULT_THRESHOLDS, SupervisionAction, SupervisionNotice, Thresholds
from .recheck import due_rechecks


@dataclass
class Candidate:
    kind: str
    measure: Measure
    occasion: str
    recipients: list[User] = field(default_factory=list)
    colour: str = ""
    months: int = 0  # a re-check: how long after sign-off
    high_risk: bool = False


def _measures(inspection_id: int | None) -> QuerySet[Measure]:
    qs = Measure.objects.select_related(
        "finding__inspection__inspected_unit",
        "finding__inspection__inspecting_unit",
        "responsible_person",
        "responsible_leader",
        "lead_department",
    )
    return qs.filter(inspection_id=inspection_id) if inspection_id else qs


def _within(today: dt.date, days: int) -> Q:
    return Q(deadline__gte=today, deadline__lte=today + dt.timedelta(days=days))


def _notice_colour(measure: Measure, today: dt.date, th: Thresholds, last: dict) -> str | None:
    """The colour a measure's 督办单 should have today, climbing when one went unanswered."""
    if measure.deadline is None or measure.status not in OVERDUE_STATUSES:
        return None
    days = (measure.deadline - today).days
    colour = None
    if days < 0:
        colour = NoticeColour.RED
    elif days <= th.yellow_days:
        colour = NoticeColour.YELLOW
    elif days <= th.blue_days:
        colour = NoticeColour.BLUE
    previous = last.get(measure.pk)
    if previous is not None and previous.replied_at is None and previous.reply_due < today:
        climbed = {NoticeColour.BLUE: NoticeColour.YELLOW, NoticeColour.YELLOW: NoticeColour.RED}
        colour = max(colour or "", climbed.get(previous.colour, previous.colour), key=_rank)
    return colour or None


def _rank(colour: str) -> int:
    return ["", NoticeColour.BLUE, NoticeColour.YELLOW, NoticeColour.RED].index(colour)


def _notice_recipients(measure: Measure, colour: str) -> list[User]:
    if colour == NoticeColour.BLUE:
        return who.responsible(measure)
    if colour == NoticeColour.YELLOW:
        return who.unique(who.responsible(measure) + who.leaders(measure))
    return who.principal_leaders(measure)


def candidates(*, today: dt.date, inspection_id: int | None = None) -> list[Candidate]:
    custom = thresholds_by_inspection()
    found: list[Candidate] = []
    open_now = _measures(inspection_id).filter(status__in=OVERDUE_STATUSES)
    for measure in open_now.filter(_within(today, _max(custom, "remind_days"))):
        deadline = measure.deadline or today  # the window filter leaves no measure without one
        if (deadline - today).days <= _th(custom, measure).remind_days:
            found.append(Candidate(ActionKind.REMINDER, measure, f"{measure.deadline}",
                                   who.responsible(measure)))  # fmt: skip
    for measure in open_now.filter(overdue_q(today)):
        found.append(Candidate(ActionKind.ESCALATION, measure, f"{measure.deadline}",
                               who.unique(who.leaders(measure) + who.office(measure))))  # fmt: skip
    last = {n.measure_id: n for n in SupervisionNotice.objects.order_by("issued_on", "pk")}
    horizon = _max(custom, "blue_days")
    for measure in open_now.filter(deadline__lte=today + dt.timedelta(days=horizon)):
        colour = _notice_colour(measure, today, _th(custom, measure), last)
        if colour and (measure.pk not in last or _rank(colour) > _rank(last[measure.pk].colour)):
            found.append(Candidate(f"notice_{colour}", measure, f"{colour}:{measure.deadline}",
                                   _notice_recipients(measure, colour), colour))  # fmt: skip
    found += _review_queue(today, inspection_id, custom)
    found += [
        Candidate(ActionKind.RECHECK, measure, f"recheck:{months}",
                  who.unique(who.office(measure) + who.reviewers(measure)),
                  months=months, high_risk=high_risk)
        for measure, months, high_risk in due_rechecks(_measures(inspection_id), today)
    ]  # fmt: skip
    return _not_done(found)


def _review_queue(today: dt.date, inspection_id: int | None, custom: dict) -> list[Candidate]:
    waiting = _measures(inspection_id).filter(status=MeasureStatus.SIGNOFF_REQUESTED)
    asked = dict(
        MeasureEvent.objects.filter(measure__in=waiting, transition="request_signoff")
        .values("measure")
        .annotate(at=Max("at"))
        .values_list("measure", "at")
    )
    found = []
    for measure in waiting:
        since = asked.get(measure.pk)
        if since and (today - since.date()).days >= _th(custom, measure).review_days:
            found.append(Candidate(ActionKind.REVIEW_QUEUE, measure, since.date().isoformat(),
                                   who.reviewers(measure)))  # fmt: skip
    return found


def _th(custom: dict[int, Thresholds], measure: Measure) -> Thresholds:
    return custom.get(measure.inspection_id, DEFAULT_THRESHOLDS)


def _max(custom: dict[int, Thresholds], name: str) -> int:
    values = [getattr(DEFAULT_THRESHOLDS, name), *(getattr(t, name) for t in custom.values())]
    return int(max(values))


def _not_done(found: list[Candidate]) -> list[Candidate]:
    done = set(
        SupervisionAction.objects.filter(measure_id__in={c.measure.pk for c in found}).values_list(
            "kind", "measure_id", "occasion"
        )
    )
    return [c for c in found if (c.kind, c.measure.pk, c.occasion) not in done]
