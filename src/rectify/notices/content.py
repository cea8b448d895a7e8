"""The notice as data, built from the ledger: every number in it comes from the ledger.

`notice_for(inspection=…)` reads the inspection, its general sections, its finding tree and
each measure's latest progress (a handful of queries) and returns a `Notice` that the txt,
html and docx renderers all draw from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from rectify.inspections.enums import FindingKind, SectionPlacement
from rectify.inspections.models import Inspection
from rectify.lib.numbering import ARABIC, PAREN_ARABIC, PAREN_CN, PART, int_to_cn, parse_label
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure, MeasureEvent
from rectify.reports.as_of import end_of, inspection_stats_as_of
from rectify.reports.selectors import inspection_stats
from rectify.supervision.selectors import discipline_count

# Sentences other apps add to the summary, each from the ledger it keeps (the public's
# opinions: rectify.public.hooks registers one). Each returns "" when it has nothing to say.
SUMMARY_FIGURES: list[Callable[[Inspection, dt.date], str]] = []

DEFAULT_CONTACT_NOTE = (
    "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。"
)


@dataclass
class MeasureLine:
    pk: int | None
    label: str
    text: str  # the measure as planned: internal progress notes are never printed
    from_report: bool = False


@dataclass
class Node:
    """A finding as printed: heading label and title, its measures, its children."""

    pk: int | None
    kind: str
    label: str
    title: str
    numbered: bool
    measures: list[MeasureLine] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Section:
    level: int  # 1: 一、 heading; 2: （一） run-in heading
    label: str
    title: str
    text: str


@dataclass
class Notice:
    title: str
    preamble: list[str]
    before: list[Section]
    findings_label: str
    findings_heading: str
    findings_intro: list[str]
    summary: str
    findings: list[Node]
    after: list[Section]
    contact: str
    contact_phone: str
    issuer: str
    date: dt.date | None
    stats: dict

    def nodes(self) -> list[Node]:
        return [n for root in self.findings for n in root.walk()]


def shi_label(ordinal: int) -> str:
    return f"{int_to_cn(ordinal)}是"


def official_label(label: str) -> str:
    """The printed form of a finding's label: （一） 1． （1）; other labels as stored."""
    parsed = parse_label(label) if label else None
    if parsed is None or parsed.end < len(label.strip()):
        return label
    return {
        PAREN_CN: f"（{int_to_cn(parsed.ordinal)}）",
        ARABIC: f"{parsed.ordinal}．",
        PAREN_ARABIC: f"（{parsed.ordinal}）",
        PART: f"{int_to_cn(parsed.ordinal)}、",
    }.get(parsed.kind, label)


def _sections(
    inspection: Inspection, *, findings_numbered: bool
) -> tuple[list[Section], list[str], list[Section], int]:
    """General sections with consecutive labels: 一、 for parts, （一） within a part.

    Returns the sections before the findings, the paragraphs introducing the findings part
    (plain sections placed first after it), the sections after, and the findings part's number.
    """
    rows = sorted(inspection.sections.all(), key=lambda s: (s.placement != "before", s.position))
    before: list[Section] = []
    intro: list[str] = []
    after: list[Section] = []
    part = sub = 0
    findings_part = 0
    for row in rows:
        if row.placement == SectionPlacement.AFTER and not findings_part:
            findings_part = part + 1 if findings_numbered else part
            part, sub = findings_part, 0
        parsed = parse_label(row.label) if row.label else None
        if parsed is not None and parsed.kind == PART:
            part, sub = part + 1, 0
            section = Section(1, f"{int_to_cn(part)}、", row.title, row.text)
        elif row.label or row.title:
            sub += 1
            section = Section(2, f"（{int_to_cn(sub)}）", row.title, row.text)
        else:
            section = Section(0, "", "", row.text)
        if row.placement == SectionPlacement.BEFORE:
            before.append(section)
        elif section.level == 0 and not after:
            intro.append(section.text)
        else:
            after.append(section)
    if not findings_part:
        findings_part = part + 1
    return before, intro, after, findings_part


def _contact(contacts: dict) -> tuple[str, str]:
    contacts = contacts or {}
    parts = []
    if contacts.get("phone"):
        parts.append(f"电话{contacts['phone']}")
    if contacts.get("address"):
        postal = f"邮政信箱{contacts['address']}"
        if contacts.get("postcode"):
            postal += f"，邮政编码{contacts['postcode']}"
        parts.append(postal)
    elif contacts.get("postcode"):
        parts.append(f"邮政编码{contacts['postcode']}")
    if contacts.get("email"):
        parts.append(f"电子邮箱{contacts['email']}")
    if not parts:
        return "", ""
    note = contacts.get("note") or DEFAULT_CONTACT_NOTE
    return f"{note}联系方式：{'；'.join(parts)}。", contacts.get("phone") or ""


def _summary(stats: dict, date: dt.date | None, talks: int = 0) -> str:
    measures = stats["measures"]
    problems = stats["problems"]  # counted as the inspection page counts them
    when = f"截至{date.year}年{date.month}月{date.day}日，" if date else "截至目前，"
    # The discipline office's register, when it holds talks for the period; otherwise the
    # notice keeps what the measures' own texts and indicators say (e.g. "谈话提醒104人次").
    register = f"纪检监察机构开展谈话提醒、约谈{talks}人次。" if talks else ""
    return (
        f"{when}巡察反馈问题{problems}个、整改措施{measures['total']}项、"
        f"已完成{measures['done']}项。{register}"
    )


def _talks(inspection: Inspection, today: dt.date) -> int:
    """人次 of the register of the inspected unit since the feedback (or the inspection)."""
    start = inspection.feedback_date or inspection.period_start or dt.date.min
    return discipline_count(unit=inspection.inspected_unit, start=start, end=today)


def _measure_lines(rows: list[Measure], renumber: bool) -> list[MeasureLine]:
    lines = []
    labelled = len(rows) > 1 or any(m.label for m in rows)
    for ordinal, measure in enumerate(rows, 1):
        if renumber:
            label = shi_label(ordinal) if labelled else ""
        else:
            label = measure.label or (shi_label(ordinal) if labelled else "")
        lines.append(MeasureLine(measure.pk, label, measure.text))
    return lines


def stats_as_of(inspection: Inspection, as_of: dt.date, today: dt.date) -> dict:
    """The figures a notice "截至 as_of" prints: today's ledger for today, else the ledger as it
    stood that day, from its dated records (`reports.as_of`)."""
    if as_of >= today:
        return inspection_stats(inspection=inspection, today=as_of)
    return inspection_stats_as_of(inspection=inspection, as_of=as_of)


def _in_plan(inspection: Inspection, as_of: dt.date, today: dt.date):
    """The measures and findings the notice prints: today's plan, or the plan as it was at
    the end of a past day (entered by then, not yet withdrawn then)."""
    measures = Measure.objects.filter(finding__inspection=inspection)
    findings = inspection.findings.all()
    if as_of >= today:
        return measures.in_plan(), findings.current()
    cutoff = end_of(as_of)
    later = MeasureEvent.objects.filter(transition="withdraw", at__gte=cutoff)
    measures = (
        measures.filter(created_at__lt=cutoff)
        .exclude(Q(status=MeasureStatus.WITHDRAWN) & ~Q(pk__in=later.values("measure_id")))
        .exclude(finding__withdrawn_at__lt=cutoff)
    )
    findings = findings.filter(created_at__lt=cutoff).filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=cutoff)
    )
    return measures, findings


def notice_for(
    *,
    inspection: Inspection,
    today: dt.date | None = None,
    renumber: bool = False,
    as_of: dt.date | None = None,
) -> Notice:
    """Build the notice of ``inspection`` from the ledger (the caller has checked access),
    counted as of ``as_of`` (default today): what existed and was true that day."""
    today = today or timezone.localdate()
    as_of = as_of or today
    stats = stats_as_of(inspection, as_of, today)
    in_plan, findings = _in_plan(inspection, as_of, today)
    measures: dict[int, list[Measure]] = {}
    for measure in in_plan.order_by("finding_id", "position", "pk"):
        measures.setdefault(measure.finding_id, []).append(measure)
    nodes: dict[int, Node] = {}
    roots: list[Node] = []
    for finding in findings.in_tree_order():
        node = Node(
            pk=finding.pk,
            kind=finding.kind,
            label=official_label(finding.label) if finding.numbered else "",
            title=finding.title,
            numbered=finding.numbered,
            measures=_measure_lines(measures.get(finding.pk, []), renumber),
        )
        if finding.kind == FindingKind.ASPECT:
            node.label = finding.label
        nodes[finding.pk] = node
        parent = nodes.get(finding.parent_id)
        (parent.children if parent else roots).append(node)
    before, intro, after, findings_part = _sections(
        inspection, findings_numbered=bool(inspection.findings_heading)
    )
    contact, phone = _contact(inspection.contacts)
    date = inspection.notice_date or as_of
    return Notice(
        title=inspection.notice_title or inspection.title,
        preamble=[p for p in (inspection.preamble or "").split("\n") if p.strip()],
        before=before,
        findings_label=f"{int_to_cn(findings_part)}、" if inspection.findings_heading else "",
        findings_heading=inspection.findings_heading,
        findings_intro=intro,
        summary=_summary(stats, as_of, _talks(inspection, as_of))  # as of the day counted
        + "".join(figures(inspection, as_of) for figures in SUMMARY_FIGURES),
        findings=roots,
        after=after,
        contact=contact,
        contact_phone=phone,
        issuer=inspection.issuer or str(inspection.inspected_unit),
        date=date,
        stats=stats,
    )
