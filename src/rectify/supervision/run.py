"""What the daily supervision run would do today: candidates per kind, not yet done.

Each candidate is (kind, measure, occasion, recipients …): the occasion names what the act is
about (the deadline a reminder is for, a notice's colour and deadline), so the same act is
never done twice (`SupervisionAction` is unique on kind, measure, occasion). A reminder is
only due inside its window (before the deadline): a missed one is not sent late; an
escalation or a notice that became due is. Rows are read as plain values and recipients from
one map of role holders, so a run costs a few queries whatever the ledger's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate

from rectify.inspections.models import DEFAULT_THRESHOLDS, Thresholds
from rectify.measures.enums import OVERDUE_STATUSES, MeasureStatus
from rectify.measures.lights import thresholds_by_inspection
from rectify.measures.models import Measure, MeasureEvent, ProgressReport, overdue_q

from .enums import ActionKind, NoticeColour
from .models import SupervisionAction, SupervisionNotice
from .people import People
from .recheck import due_rechecks

ROW = (
    "pk",
    "text",
    "deadline",
    "status",
    "inspection_id",
    "responsible_person_id",
    "responsible_leader_id",
    "lead_department_id",
    "inspection__inspected_unit__path",
    "inspection__inspecting_unit__path",
)
CHUNK = 2000


@dataclass
class Candidate:
    kind: str
    row: dict
    occasion: str
    recipients: list[int] = field(default_factory=list)
    colour: str = ""
    months: int = 0  # a re-check: how long after sign-off
    high_risk: bool = False
    signed_on: dt.date | None = None

    @property
    def measure_id(self) -> int:
        return int(self.row["pk"])


def _rows(qs: QuerySet[Measure], *fields: str) -> Iterator[dict]:
    return qs.order_by().values(*ROW, *fields).iterator(chunk_size=CHUNK)


def _th(custom: dict[int, Thresholds], row: dict) -> Thresholds:
    return custom.get(row["inspection_id"], DEFAULT_THRESHOLDS)


def _max(custom: dict[int, Thresholds], name: str) -> int:
    values = [getattr(DEFAULT_THRESHOLDS, name), *(getattr(t, name) for t in custom.values())]
    return int(max(values))


def _max_gap(custom: dict[int, Thresholds]) -> int:
    """How much later than the default a custom `stale_days` may flag (a loose bound)."""
    return max([0, *(DEFAULT_THRESHOLDS.stale_days - t.stale_days for t in custom.values())])


def _rank(colour: str) -> int:
    return ["", NoticeColour.BLUE, NoticeColour.YELLOW, NoticeColour.RED].index(colour)


def _colour(row: dict, today: dt.date, th: Thresholds, last: dict | None) -> str:
    """The colour a measure's 督办单 should have today, climbing when one went unanswered."""
    days = (row["deadline"] - today).days
    colour = ""
    if days < 0:
        colour = NoticeColour.RED
    elif days <= th.yellow_days:
        colour = NoticeColour.YELLOW
    elif days <= th.blue_days:
        colour = NoticeColour.BLUE
    if last is not None and last["replied_at"] is None and last["reply_due"] < today:
        climbed = {NoticeColour.BLUE: NoticeColour.YELLOW, NoticeColour.YELLOW: NoticeColour.RED}
        colour = max(colour, climbed.get(last["colour"], last["colour"]), key=_rank)
    return colour


class Planner:
    """One run's view of the ledger: thresholds, role holders, the last notice of each measure."""

    def __init__(self, today: dt.date, inspection_id: int | None) -> None:
        self.today = today
        self.custom = thresholds_by_inspection()
        self.people = People()
        qs = Measure.objects.all()
        self.measures = qs.filter(inspection_id=inspection_id) if inspection_id else qs
        self.open = self.measures.filter(status__in=OVERDUE_STATUSES)

    def reminders(self) -> Iterator[Candidate]:
        window = self.today + dt.timedelta(days=_max(self.custom, "remind_days"))
        for row in _rows(self.open.filter(deadline__gte=self.today, deadline__lte=window)):
            if (row["deadline"] - self.today).days <= _th(self.custom, row).remind_days:
                yield Candidate(ActionKind.REMINDER, row, f"{row['deadline']}",
                                self.people.responsible(row))  # fmt: skip

    def escalations(self) -> Iterator[Candidate]:
        for row in _rows(self.open.filter(overdue_q(self.today))):
            people = self.people.leaders(row) + self.people.office(row)
            yield Candidate(ActionKind.ESCALATION, row, f"{row['deadline']}",
                            list(dict.fromkeys(people)))  # fmt: skip

    def notices(self) -> Iterator[Candidate]:
        horizon = self.today + dt.timedelta(days=_max(self.custom, "blue_days"))
        due = self.open.filter(deadline__lte=horizon)
        last: dict[int, dict] = {}
        for notice in (
            SupervisionNotice.objects.filter(measure__in=due.values("pk"))
            .order_by("issued_on", "pk")
            .values("measure_id", "colour", "replied_at", "reply_due")
        ):
            last[notice["measure_id"]] = notice
        for row in _rows(due):
            previous = last.get(row["pk"])
            colour = _colour(row, self.today, _th(self.custom, row), previous)
            if colour and (previous is None or _rank(colour) > _rank(previous["colour"])):
                yield Candidate(f"notice_{colour}", row, f"{colour}:{row['deadline']}",
                                self._notice_recipients(row, colour), colour)  # fmt: skip

    def _notice_recipients(self, row: dict, colour: str) -> list[int]:
        if colour == NoticeColour.BLUE:
            return self.people.responsible(row)
        if colour == NoticeColour.YELLOW:
            people = self.people.responsible(row) + self.people.leaders(row)
            return list(dict.fromkeys(people))
        return self.people.principal_leaders(row)

    def review_queue(self) -> Iterator[Candidate]:
        waiting = self.measures.filter(status=MeasureStatus.SIGNOFF_REQUESTED)
        requests = MeasureEvent.objects.filter(
            measure__in=waiting.values("pk"), transition="request_signoff"
        )
        asked = dict(
            requests.values("measure")
            .annotate(at=Max("at"))
            .values_list("measure", "at")
        )  # fmt: skip
        for row in _rows(waiting):
            since = asked.get(row["pk"])
            if since and (self.today - since.date()).days >= _th(self.custom, row).review_days:
                yield Candidate(ActionKind.REVIEW_QUEUE, row, since.date().isoformat(),
                                self.people.reviewers(row))  # fmt: skip

    def stale(self) -> Iterator[Candidate]:
        """No progress for `stale_days`: the people who report on it are told, once for each
        silence (the occasion is the last report's date)."""
        last = ProgressReport.objects.filter(measure=OuterRef("pk")).order_by("-report_date")
        quiet = self.open.exclude(status=MeasureStatus.SIGNOFF_REQUESTED).annotate(
            last_report=Coalesce(Subquery(last.values("report_date")[:1]), TruncDate("created_at"))
        )
        since = self.today - dt.timedelta(days=DEFAULT_THRESHOLDS.stale_days)
        window = quiet.filter(last_report__lt=since + dt.timedelta(days=_max_gap(self.custom)))
        for row in _rows(window, "last_report"):
            days = (self.today - row["last_report"]).days
            if days > _th(self.custom, row).stale_days:  # as the light counts it
                yield Candidate(ActionKind.STALE, row, f"stale:{row['last_report']}",
                                self.people.responsible(row))  # fmt: skip

    def rechecks(self) -> Iterator[Candidate]:
        for row, months, high_risk in due_rechecks(self.measures, self.today, ROW):
            people = self.people.office(row) + self.people.reviewers(row)
            yield Candidate(ActionKind.RECHECK, row, f"recheck:{months}",
                            list(dict.fromkeys(people)), months=months, high_risk=high_risk,
                            signed_on=row["signed_on"])  # fmt: skip


def _not_done(found: list[Candidate]) -> list[Candidate]:
    ids = sorted({c.measure_id for c in found})
    done: set[tuple[str, int, str]] = set()
    for start in range(0, len(ids), CHUNK):
        done.update(
            SupervisionAction.objects.filter(measure_id__in=ids[start : start + CHUNK])
            .values_list("kind", "measure_id", "occasion")
        )  # fmt: skip
    return [c for c in found if (c.kind, c.measure_id, c.occasion) not in done]


def candidates(*, today: dt.date, inspection_id: int | None = None) -> list[Candidate]:
    plan = Planner(today, inspection_id)
    found = [
        *plan.reminders(),
        *plan.escalations(),
        *plan.notices(),
        *plan.review_queue(),
        *plan.stale(),
        *plan.rechecks(),
    ]
    return _not_done(found)
