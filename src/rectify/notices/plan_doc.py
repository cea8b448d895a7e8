"""整改方案 as documents: a GB/T 9704 Word document (the general part, then the 整改任务清单 as
one landscape table grouped by problem with merged cells) and the same task list in Excel.

Either the plan as it stands, or the version the leader approved (the snapshot frozen with
version 1: what was sent to the inspecting body, whatever has changed since); the changes
made after approval are listed under the table with their reasons.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils import timezone

from rectify.core.errors import ValidationFailed
from rectify.inspections.models import Inspection
from rectify.measures.enums import MeasureKind, RevisionKind
from rectify.measures.models import Measure, Plan, PlanRevision
from rectify.reports.selectors import inspection_stats
from rectify.reports.sheet import Column, GroupedSheet, SheetRow

from .blocks import Block, Run, Table
from .docx import render_docx
from .report_doc import cn_date, kind_word
from .typography import official

CURRENT, APPROVED = "current", "approved"
VERSIONS = (CURRENT, APPROVED)
FIELD_WORDS = {
    "text": "措施内容",
    "kind": "整改类型",
    "target": "整改目标",
    "responsible_leader": "责任领导",
    "lead_department": "牵头部门",
    "co_departments": "配合部门",
    "responsible_person": "责任人",
    "deadline": "完成时限",
}
GROUP_HEADERS = ["方面", "问题", "子问题"]
GROUP_WIDTHS = {1: [42], 2: [22, 44], 3: [16, 24, 26]}  # mm, by the depth of the tree
REST_HEADER = ["整改措施", "整改类型", "责任领导", "牵头部门", "配合部门", "责任人", "完成时限"]
REST_WIDTHS = [47, 18, 16, 16, 16, 13, 21]  # with 序号 (12) and the groups: 225 mm
SHEET_COLUMNS = [
    Column("序号", 4.5, "center"),
    Column("方面", 8),
    Column("问题", 14),
    Column("子问题", 14),
    Column("整改措施", 34),
    Column("整改类型", 6, "center"),
    Column("责任领导", 8, "center"),
    Column("牵头部门", 9, "center"),
    Column("配合部门", 9, "center"),
    Column("责任人", 8, "center"),
    Column("完成时限", 11, "center"),
    Column("整改目标", 18),
]


@dataclass
class PlanRow:
    path: tuple[str, ...]
    text: str
    kind: str  # 立行立改 / 限期整改 / 长期坚持
    leader: str
    lead: str
    co: str
    person: str
    deadline: dt.date | None
    target: str

    @property
    def deadline_text(self) -> str:
        if self.deadline:
            return cn_date(self.deadline)
        return self.kind if self.kind != str(MeasureKind.TIME_BOUND.label) else ""


@dataclass
class PlanDocument:
    inspection: Inspection
    plan: Plan | None
    version: str
    rows: list[PlanRow]
    changes: list[PlanRevision] = field(default_factory=list)

    @property
    def title(self) -> str:
        body = self.inspection.inspecting_body or "上级"
        return f"关于落实{body}{kind_word(self.inspection)}反馈意见的整改方案"


def _path(measure: Measure) -> tuple[str, ...]:
    chain: list[str] = []
    node = measure.finding
    while node is not None and len(chain) < 3:
        chain.append(f"{node.label}{node.title}")
        node = node.parent
    return tuple(reversed(chain))


def current_rows(inspection: Inspection) -> list[PlanRow]:
    measures = (
        Measure.objects.filter(inspection=inspection)
        .select_related(
            "finding__parent__parent", "lead_department", "responsible_leader", "responsible_person"
        )
        .prefetch_related("co_departments")
        .order_by("sort_key", "pk")
    )
    return [
        PlanRow(
            path=_path(m),
            text=m.text,
            kind=str(MeasureKind(m.kind).label),
            leader=str(m.responsible_leader or ""),
            lead=m.lead_department.name if m.lead_department else "",
            co="、".join(u.name for u in m.co_departments.all()),
            person=str(m.responsible_person or ""),
            deadline=m.deadline,
            target=m.target,
        )
        for m in measures
    ]


def _approved_rows(snapshot: list[dict]) -> list[PlanRow]:
    return [
        PlanRow(
            path=tuple(row.get("path") or [row.get("finding", "")]),
            text=row["text"],
            kind=row["kind"],
            leader=row["responsible_leader"],
            lead=row["lead_department"],
            co=row["co_departments"],
            person=row["responsible_person"],
            deadline=dt.date.fromisoformat(row["deadline"]) if row["deadline"] else None,
            target=row["target"],
        )
        for row in snapshot
    ]


def plan_document(*, inspection: Inspection, version: str = CURRENT) -> PlanDocument:
    """The plan as it stands, or as approved (version 1) with the changes made since."""
    plan = Plan.objects.filter(inspection=inspection).select_related("approved_by").first()
    revisions = list(plan.revisions.order_by("number")) if plan else []
    if version == APPROVED:
        first = next((r for r in revisions if r.kind == RevisionKind.APPROVED), None)
        if first is None:
            raise ValidationFailed("整改方案尚未经审批，没有批准版本可导出。")
        changes = [r for r in revisions if r.number > first.number]
        return PlanDocument(inspection, plan, version, _approved_rows(first.snapshot), changes)
    return PlanDocument(inspection, plan, version, current_rows(inspection))


def _general(doc: PlanDocument, counts: Counter, problems: int) -> list[Block]:
    inspection = doc.inspection
    body = inspection.inspecting_body or "上级"
    unit = str(inspection.inspected_unit)
    when = f"{cn_date(inspection.feedback_date)}，" if inspection.feedback_date else ""
    due = inspection.report_due_date
    report = (
        f"于{cn_date(due)}前向{body}报送整改落实情况报告" if due else f"按时向{body}报告整改情况"
    )
    paragraphs = [
        (
            "body",
            f"{when}{body}向{unit}反馈了{kind_word(inspection)}意见，指出问题{problems}个。"
            "为切实抓好反馈意见的整改落实，结合实际，制定本方案。",
        ),
        ("h1", "一、总体要求"),
        (
            "body",
            "坚持问题导向、目标导向和结果导向，对反馈问题逐条制定整改措施，明确责任领导、"
            "牵头部门、配合部门、责任人和完成时限，做到问题不查清不放过、整改不到位不放过、"
            "群众不满意不放过。",
        ),
        ("h1", "二、整改任务"),
        (
            "body",
            f"针对反馈的{problems}个问题，制定整改措施{len(doc.rows)}项，其中立行立改"
            f"{counts['立行立改']}项、限期整改{counts['限期整改']}项、长期坚持{counts['长期坚持']}项。"
            "各项措施的责任领导、牵头部门、配合部门、责任人和完成时限见附件《整改任务清单》。",
        ),
        ("h1", "三、工作要求"),
        (
            "body",
            "（一）加强组织领导。主要负责同志履行第一责任人职责，分管领导对分管领域的"
            "整改任务负直接领导责任，牵头部门会同配合部门逐项抓好落实。",
        ),
        (
            "body",
            "（二）严格销号管理。整改事项实行销号制，完成一项、销号一项，佐证材料不全的"
            "不予销号；长期坚持的事项定期评估、持续推进。",
        ),
        ("body", f"（三）按时报告情况。整改方案调整须说明理由并记录在案，{report}。"),
    ]
    return [Block(style, [Run(text, style)]) for style, text in paragraphs]


def _changes(doc: PlanDocument) -> list[Block]:
    if not doc.changes:
        return []
    out = [Block("h1", [Run("批准后的调整", "h1")])]
    for r in doc.changes:
        what = "；".join(
            f"{FIELD_WORDS.get(c['field'], c['field'])}由“{c['before']}”调整为“{c['after']}”"
            for c in r.changes
        )
        kind = {RevisionKind.ADDED: "新增措施", RevisionKind.DROPPED: "撤销措施"}.get(r.kind, "")
        text = f"第{r.number}版（{cn_date(timezone.localtime(r.at).date())}）：{r.measure_text}"
        text += f"。{kind or what}" + (f"。理由：{r.reason}" if r.reason else "")
        out.append(Block("body", [Run(text.rstrip("。") + "。")]))
    return out


def _task_table(rows: list[PlanRow]) -> Table:
    """序号, the groups the tree has (方面 / 问题 / 子问题), then the measure and its owners."""
    depth = max((len(row.path) for row in rows), default=1) or 1
    widths = GROUP_WIDTHS[depth]
    extra = sum(GROUP_WIDTHS[3]) - sum(widths)  # a shallower tree gives the measure the room
    lines = []
    for n, row in enumerate(rows, start=1):
        path = list(row.path) + [""] * (depth - len(row.path))
        lines.append(
            [
                str(n),
                *path,
                row.text,
                row.kind,
                row.leader,
                row.lead,
                row.co,
                row.person,
                row.deadline_text,
            ]
        )
    groups = {1: ["问题"], 2: GROUP_HEADERS[:2], 3: GROUP_HEADERS}[depth]
    header = ["序号", *groups, *REST_HEADER]
    width_list = [12, *widths, REST_WIDTHS[0] + extra, *REST_WIDTHS[1:]]
    return Table(header, width_list, lines, grouped=tuple(range(1, 1 + depth)))


def plan_blocks(doc: PlanDocument, *, today: dt.date) -> list[Block]:
    stats = inspection_stats(inspection=doc.inspection, today=today)
    counts = Counter(row.kind for row in doc.rows)
    approved = doc.plan.approved_at if doc.plan and doc.plan.approved_at else None
    title = doc.title if doc.version == APPROVED or approved else f"{doc.title}（送审稿）"
    blocks = [Block("title", [Run(title, "title")])]
    blocks += _general(doc, counts, stats["problems"])
    blocks.append(Block("body", [Run("附件：整改任务清单")]))
    issuer = doc.inspection.issuer or str(doc.inspection.inspected_unit)
    blocks.append(Block("signature", [Run(issuer)]))
    date = timezone.localtime(approved).date() if approved and doc.version == APPROVED else today
    blocks.append(Block("date", [Run(cn_date(date))]))
    blocks.append(Block("landscape"))
    blocks.append(Block("h1", [Run("附件", "h1")]))
    blocks.append(Block("title", [Run("整改任务清单", "title")]))
    blocks.append(Block("table", table=_task_table(doc.rows)))
    blocks += _changes(doc)
    for block in blocks:
        for run in block.runs:
            run.text = official(run.text)
    return blocks


def plan_docx(doc: PlanDocument, *, today: dt.date) -> bytes:
    issuer = doc.inspection.issuer or str(doc.inspection.inspected_unit)
    return render_docx(plan_blocks(doc, today=today), title=doc.title, author=issuer)


def plan_xlsx(doc: PlanDocument, output) -> int:
    """The task list as a print-ready sheet, grouped like the ledger."""
    rows = (
        SheetRow(
            row.path,
            [
                row.text,
                row.kind,
                row.leader,
                row.lead,
                row.co,
                row.person,
                row.deadline_text,
                row.target,
            ],
        )
        for row in doc.rows
    )
    version = "批准版本" if doc.version == APPROVED else "当前版本"
    summary = f"{version}；整改措施 {len(doc.rows)} 项"
    if doc.plan and doc.plan.approved_at:
        summary += f"；{cn_date(timezone.localtime(doc.plan.approved_at).date())}批准"
    sheet = GroupedSheet(output, columns=SHEET_COLUMNS, sheet_name="整改任务清单")
    return sheet.write(rows, title=f"{doc.title}·整改任务清单", summary=summary)
