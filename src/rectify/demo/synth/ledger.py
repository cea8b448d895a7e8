"""Inspections of every kind, their finding trees and their measures."""

import datetime as dt
from dataclasses import dataclass

from rectify.inspections.enums import FindingKind, InspectionKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.measures.enums import MeasureStatus as S
from rectify.measures.models import Measure, measure_sort_key

from .bulk import Table
from .people import City, Unit
from .vocabulary import TOPICS, Words

KINDS = [  # the mix of a city's rounds, xuncha most
    (InspectionKind.XUNCHA, 50),
    (InspectionKind.AUDIT, 15),
    (InspectionKind.XUNSHI, 10),
    (InspectionKind.ENVIRONMENTAL, 10),
    (InspectionKind.SPECIAL, 10),
    (InspectionKind.FOLLOW_UP, 5),
]
MEASURE_KINDS = [
    (MeasureKind.IMMEDIATE, 25),
    (MeasureKind.TIME_BOUND, 60),
    (MeasureKind.LONG_TERM, 15),
]
LABELS = "一二三四五六七八九十"
MEASURE_COLUMNS = [
    "id", "created_at", "updated_at", "version", "finding_id", "inspection_id", "sort_key",
    "position", "label", "text", "kind", "category", "target", "responsible_leader_id",
    "lead_department_id", "responsible_person_id", "deadline", "status", "notice_reply_due",
    "suggested_status", "suggestion_reason", "signed_off_at",
]  # fmt: skip


@dataclass
class Planned:
    """A measure as generated: what its history needs to know."""

    id: int
    kind: str
    status: str
    deadline: dt.date | None
    department: int
    person: int
    leader: int
    unit: Unit
    feedback: dt.date


def inspection_create(*, words: Words, city: City, unit: Unit, n: int, total: int, today, previous):
    rng = words.rng
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    feedback = today - dt.timedelta(days=20 + (total - 1 - n) * 1000 // max(1, total))
    start = feedback - dt.timedelta(days=rng.randint(60, 120))
    group = LABELS[n % 10]
    return Inspection.objects.create(
        kind=kind,
        title=f"市委第{group}巡察组对{unit.unit.name}的{kind.label.split('(')[-1].strip(')')}",
        inspecting_body=f"市委第{group}巡察组",
        inspecting_unit=city.body,
        inspected_unit=unit.unit,
        inspected_unit_name=unit.unit.name,
        period_start=start,
        period_end=start + dt.timedelta(days=50),
        feedback_date=feedback,
        report_due_date=feedback + dt.timedelta(days=60),
        previous=previous,
        issuer=f"中共{unit.unit.name}委员会",
    )


def findings_create(*, words: Words, inspection: Inspection) -> list[Finding]:
    """A tree of 3–4 aspects, 3–6 problems each, 2–5 items each; returns the items."""
    rng = words.rng

    def level(parents, kind, counts, label, title):
        rows = []
        for parent in parents:
            for i in range(rng.randint(*counts)):
                rows.append(
                    Finding(
                        inspection=inspection,
                        parent=parent,
                        kind=kind,
                        position=i + 1,
                        label=label(i),
                        title=title(i),
                        depth=0 if parent is None else parent.depth + 1,
                        sort_key=(f"{parent.sort_key}." if parent else "") + f"{i + 1:04d}",
                    )
                )
        return Finding.objects.bulk_create(rows)

    aspects = level(
        [None], FindingKind.ASPECT, (3, 4), lambda i: f"第{LABELS[i]}方面", words.aspect
    )
    problems = level(
        aspects,
        FindingKind.PROBLEM,
        (3, 6),
        lambda i: f"（{LABELS[i]}）",
        lambda i: words.problem(),
    )
    return level(problems, FindingKind.ITEM, (2, 5), lambda i: f"{i + 1}．", lambda i: words.item())


def measures_create(
    *, words: Words, table: Table, inspection, items, unit: Unit, count: int, today
):
    """`count` measures spread over the items; returns what their histories need."""
    rng = words.rng
    per_item = [0] * len(items)
    for k in rng.choices(range(len(items)), k=count):
        per_item[k] += 1
    ids = iter(table.ids(count))
    created = dt.datetime.combine(
        inspection.feedback_date + dt.timedelta(days=3), dt.time(9), dt.UTC
    )
    rows, planned = [], []
    for item, n in zip(items, per_item, strict=True):
        topic = rng.choice(TOPICS)
        for position in range(1, n + 1):
            m = _plan(words, next(ids), unit, inspection.feedback_date, today)
            planned.append(m)
            signed = created + dt.timedelta(days=rng.randint(40, 300))
            rows.append((
                m.id, created, created, 1, item.pk, inspection.pk,
                measure_sort_key(item.sort_key, position), position,
                f"{LABELS[(position - 1) % 10]}是", words.measure(topic), m.kind,
                MeasureCategory.GENERAL, "", m.leader, m.department, m.person, m.deadline,
                m.status, None, "", "",
                min(signed, _midnight(today)) if m.status == S.SIGNED_OFF else None,
            ))  # fmt: skip
    table.insert(rows)
    return planned


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), dt.UTC)


def _plan(words: Words, pk: int, unit: Unit, feedback: dt.date, today: dt.date) -> Planned:
    rng = words.rng
    kind = rng.choices([k for k, _ in MEASURE_KINDS], [w for _, w in MEASURE_KINDS])[0]
    days = {MeasureKind.IMMEDIATE: 30, MeasureKind.TIME_BOUND: rng.choice((60, 90, 180, 365))}
    deadline = feedback + dt.timedelta(days=days[kind]) if kind in days else None
    department = rng.choice(unit.departments)
    leaders = unit.leaders
    return Planned(
        id=pk,
        kind=kind,
        status=_status(rng, kind, feedback, deadline, today),
        deadline=deadline,
        department=department,
        person=rng.choice(unit.reporters[department]),
        # the 书记 answers for a third of the unit's measures, the four others for the rest
        leader=leaders[0] if rng.random() < 0.34 else rng.choice(leaders[1:]),
        unit=unit,
        feedback=feedback,
    )


def _status(rng, kind, feedback: dt.date, deadline, today: dt.date) -> str:
    age = (today - feedback).days
    if age < 25:
        return rng.choice((S.NOT_STARTED, S.IN_PROGRESS))
    if kind == MeasureKind.LONG_TERM:
        return S.LONG_TERM if rng.random() < 0.85 else S.IN_PROGRESS
    done = min(0.93, age / ((deadline - feedback).days + 90))
    u = rng.random()
    for status, share in (
        (S.SIGNED_OFF, done),
        (S.SIGNOFF_REQUESTED, 0.05),
        (S.RETURNED, 0.02),
        (S.NOT_STARTED, 0.12 * (1 - done)),
    ):
        if u < share:
            return status
        u -= share
    return S.IN_PROGRESS


def measure_table() -> Table:
    return Table(Measure, MEASURE_COLUMNS)
