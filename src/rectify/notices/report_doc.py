"""整改落实情况报告: the report due to the inspecting body after the feedback, in the house style
of the notice (GB/T 9704): the figures (from the one selector of the ledger), what was done
per problem, the rules established, what remains, and the next steps.

The report counts the ledger as it is on the day it is made; a report dated in the past
would need the ledger as of that date, which the notice's as-of counting provides.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from rectify.core.errors import ValidationFailed
from rectify.inspections.enums import FindingKind, InspectionKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Measure, ProgressReport
from rectify.parsing.extract import institutions
from rectify.reports.selectors import inspection_stats

from .blocks import Block, Run
from .docx import render_docx
from .typography import official, sentence

KIND_WORDS = {
    InspectionKind.XUNSHI: "巡视",
    InspectionKind.XUNCHA: "巡察",
    InspectionKind.AUDIT: "审计",
    InspectionKind.ENVIRONMENTAL: "督察",
    InspectionKind.SPECIAL: "检查",
    InspectionKind.FOLLOW_UP: "巡察“回头看”",
}
STATUS_WORDS = {
    MeasureStatus.SIGNED_OFF: "已完成",
    MeasureStatus.LONG_TERM: "长期坚持",
    MeasureStatus.SIGNOFF_REQUESTED: "已完成，待销号",
    MeasureStatus.IN_PROGRESS: "正在推进",
    MeasureStatus.RETURNED: "正在推进",
    MeasureStatus.NOT_STARTED: "尚未启动",
}
NUMBERS = "一二三四五六七八九十"
NEXT_STEPS = (
    "对尚未完成的整改事项，继续紧盯不放、挂账督办，按时限要求逐项销号；对长期坚持的"
    "事项，定期评估、持续推进，巩固整改成果，坚决防止问题反弹回潮。"
)


def _p(text: str, style: str = "body") -> Block:
    return Block(style, [Run(text, style)])


def cn_date(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def kind_word(inspection: Inspection) -> str:
    return KIND_WORDS.get(inspection.kind, "巡察")


@dataclass
class ReportDocument:
    inspection: Inspection
    date: dt.date
    stats: dict
    blocks: list[Block]

    @property
    def title(self) -> str:
        body = self.inspection.inspecting_body or "上级"
        return f"关于{body}{kind_word(self.inspection)}反馈意见整改落实情况的报告"


def _figures(stats: dict, kinds: dict[str, int]) -> str:
    m = stats["measures"]
    immediate, bound = kinds.get(MeasureKind.IMMEDIATE, 0), kinds.get(MeasureKind.TIME_BOUND, 0)
    text = (
        f"反馈问题{stats['problems']}个，制定整改措施{m['total']}项，其中立行立改"
        f"{immediate}项、限期整改{bound}项、"
        f"长期坚持{kinds.get(MeasureKind.LONG_TERM, 0)}项。目前已完成（销号）{m['done']}项，"
        f"完成率{m['done_rate']}%；正在推进{m['open']}项"
    )
    if m["overdue"]:
        text += f"，其中超过完成时限{m['overdue']}项"
    if m["extended"]:
        text += f"；经批准调整完成时限{m['extended']}项"
    return text + "。"


def _latest_progress(measure_ids: list[int], date: dt.date) -> dict[int, str]:
    latest: dict[int, str] = {}
    reports = ProgressReport.objects.filter(measure_id__in=measure_ids, report_date__lte=date)
    for measure_id, text in reports.order_by("measure_id", "-report_date", "-pk").values_list(
        "measure_id", "text"
    ):
        latest.setdefault(measure_id, text)
    return latest


def _measure_line(ordinal: int, measure: Measure, progress: str) -> str:
    status = STATUS_WORDS.get(measure.status, "")
    line = f"{NUMBERS[ordinal - 1] if ordinal <= 10 else ordinal}是{sentence(measure.text)}"
    line = line.rstrip("。") + f"（{status}）。"
    if progress and progress.strip().rstrip("。") != measure.text.strip().rstrip("。"):
        line += f"进展情况：{sentence(progress)}"
    return line


def _per_problem(inspection: Inspection, date: dt.date) -> tuple[list[Block], list[Measure]]:
    """For every finding with measures: its heading, then each measure, status and progress."""
    measures = list(Measure.objects.filter(inspection=inspection).order_by("sort_key", "pk"))
    by_finding: dict[int, list[Measure]] = defaultdict(list)
    for m in measures:
        by_finding[m.finding_id].append(m)
    progress = _latest_progress([m.pk for m in measures], date)
    out: list[Block] = []
    for finding in Finding.objects.filter(inspection=inspection).order_by("sort_key"):
        own = by_finding.get(finding.pk, [])
        heading = f"{finding.label}{finding.title}"
        if finding.kind == FindingKind.ASPECT:
            out.append(Block("h2", [Run(heading, "h2")]))
        if not own:
            if finding.kind != FindingKind.ASPECT:
                out.append(Block("h3", [Run(heading, "h3")]))
            continue
        lines = "".join(
            _measure_line(i, m, progress.get(m.pk, "")) for i, m in enumerate(own, start=1)
        )
        if finding.kind == FindingKind.ASPECT:
            out.append(Block("body", [Run(lines)]))
        else:
            out.append(Block("body", [Run(sentence(heading), "lead"), Run(lines)]))
    return out, measures


def _rules(measures: list[Measure]) -> list[str]:
    """建章立制: the 《…》 rules named in the measures and their progress, each once."""
    texts = [m.text for m in measures]
    texts += ProgressReport.objects.filter(measure__in=measures).values_list("text", flat=True)
    seen: dict[str, None] = {}
    for text in texts:
        for item in institutions(text, None):
            seen.setdefault(f"《{item['title']}》", None)
    return list(seen)


def _remaining(measures: list[Measure], date: dt.date) -> list[Block]:
    open_ = [m for m in measures if m.status not in (MeasureStatus.SIGNED_OFF,)]
    if not open_:
        return [Block("body", [Run("反馈问题的整改措施已全部完成销号。")])]
    long_term = [m for m in open_ if m.status == MeasureStatus.LONG_TERM]
    late = [m for m in open_ if m.is_overdue(date)]  # as the ledger counts overdue
    text = f"尚有{len(open_)}项整改措施正在推进，其中长期坚持{len(long_term)}项"
    text += f"、超过完成时限{len(late)}项。" if late else "。"
    blocks = [Block("body", [Run(text)])]
    for m in late:
        due = cn_date(m.deadline) if m.deadline else ""
        text = f"“{m.text.rstrip('。')}”原定{due}前完成，尚未完成销号，正督促加快推进。"
        blocks.append(Block("body", [Run(text)]))
    return blocks


def report_document(*, inspection: Inspection, date: dt.date | None = None) -> ReportDocument:
    """The report of ``inspection`` as of today (the caller has checked access)."""
    today = timezone.localdate()
    date = date or today
    if date < today:
        raise ValidationFailed(
            "报告日期早于今天：台账按过去日期统计尚不支持，请用今天或以后的日期。"
        )
    stats = inspection_stats(inspection=inspection, today=date)
    kinds: dict[str, int] = defaultdict(int)
    for kind in Measure.objects.filter(inspection=inspection).values_list("kind", flat=True):
        kinds[kind] += 1
    per_problem, measures = _per_problem(inspection, date)
    body = inspection.inspecting_body or "上级"
    unit = str(inspection.inspected_unit)
    when = f"{cn_date(inspection.feedback_date)}，" if inspection.feedback_date else ""
    rules = _rules(measures)
    doc = ReportDocument(inspection, date, stats, [])
    intro = (
        f"{when}{body}向{unit}反馈了{kind_word(inspection)}意见。{unit}坚持把抓好反馈意见"
        "整改作为重要政治任务，逐条制定整改措施，压实整改责任，实行销号管理。"
        "现将整改落实情况报告如下。"
    )
    rules_text = (
        f"结合整改，建立完善制度和工作方案{len(rules)}项：{'、'.join(rules)}。"
        if rules
        else "整改中尚未形成新的制度文件。"
    )
    blocks = [
        Block("title", [Run(doc.title, "title")]),
        Block("addressee", [Run(f"{body}：")]),
        _p(intro),
        _p("一、整改工作总体情况", "h1"),
        _p(f"截至{cn_date(date)}，{_figures(stats, kinds)}"),
        _p("二、反馈问题整改落实情况", "h1"),
        *per_problem,
        _p("三、建章立制情况", "h1"),
        _p(rules_text),
        _p("四、尚需持续推进的工作", "h1"),
        *_remaining(measures, date),
        _p("五、下一步工作打算", "h1"),
        _p(NEXT_STEPS),
        _p(inspection.issuer or unit, "signature"),
        _p(cn_date(date), "date"),
    ]
    for block in blocks:
        for run in block.runs:
            run.text = official(run.text)
    doc.blocks = blocks
    return doc


def report_docx(doc: ReportDocument) -> bytes:
    author = doc.inspection.issuer or str(doc.inspection.inspected_unit)
    return render_docx(doc.blocks, title=doc.title, author=author)
