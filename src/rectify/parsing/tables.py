"""Rectification lists in tables (序号/问题/整改措施/责任单位/完成时限) → findings."""

from __future__ import annotations

import re

from rectify.lib.text import clean_whitespace, match_view
from rectify.parsing import measures as ms
from rectify.parsing.context import DeadlineText
from rectify.parsing.enums import ParsedFindingKind
from rectify.parsing.model import ParsedFinding, ParsedMeasure, Table


def _aspect(title: str) -> ParsedFinding:
    """An aspect row ("一、大气污染防治方面" across the whole table) or 类别 cell."""
    return ParsedFinding(
        label="",
        label_raw="",
        kind=ParsedFindingKind.ASPECT,
        numbered=False,
        title=title,
        lead=title,
        text=title,
        path=[title[:20]],
    )


_NOTE = re.compile(r"^(?:注|备注|说明|附注)\s*[0-9]*\s*[:：]")
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("seq", re.compile(r"^(?:序号|编号|No\.?|#)$", re.I)),
    ("aspect", re.compile(r"方面|类别|问题类型|问题分类|类型|领域|板块")),
    ("measure", re.compile(r"措施|举措|整改任务|工作任务|整改要求|整改思路")),
    ("status", re.compile(r"整改情况|进展|完成情况|整改结果|状态|成效|落实情况")),
    ("problem", re.compile(r"问题|事项|反馈意见|内容")),
    ("owner", re.compile(r"责任|牵头|配合|主办|协办")),
    ("deadline", re.compile(r"时限|期限|完成时间|截止")),
    ("target", re.compile(r"目标")),
]


_PLAN = ("measure", "status", "owner")
_LIST = ("seq", "aspect", "deadline")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _lists_problems(rows: list[list[str]], column: int) -> bool:
    """Most cells of the problem column are sentences (not counts of a round's summary)."""
    cells = [r[column] for r in rows if column < len(r)]
    texts = [c for c in cells if len(_CJK.findall(c)) >= 6]
    return bool(cells) and 2 * len(texts) >= len(cells)


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = match_view(clean_whitespace(cell)).replace(" ", "")
        for role, rx in _ROLES:
            if rx.search(text):
                if role == "owner" and role in roles:
                    role = "owner2"
                roles.setdefault(role, i)
                break
    return roles


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """The last header row among the first three (问题 and 措施/进展/责任 columns), its roles.

    A feedback document's problem list has no measures yet: 问题 beside 序号, 类别 or 时限.

    A two-row header ("责任分工" over "牵头单位 | 配合单位") is read as one: each column
    takes the words of both rows, and the data starts after the second.
    """
    for h, header in enumerate(rows[:3]):
        roles = _roles(header)
        if "problem" in roles and set(roles) & {*_PLAN, *_LIST}:
            if h + 1 < len(rows) and _sub_header(rows[h + 1]):
                merged = [
                    a if a == b else f"{a}{b}"
                    for a, b in zip(header, rows[h + 1] + [""] * len(header), strict=False)
                ]
                return h + 1, _roles(_sub_roles(merged, rows[h + 1]))
            return h, roles
    return None


def _sub_header(row: list[str]) -> bool:
    """A row of short column names under a header (no problem text, no numbering)."""
    cells = [clean_whitespace(c) for c in row if c.strip()]
    return (
        len(set(cells)) >= 2  # not an aspect row across the table ("一、党的建设方面")
        and all(len(c) <= 8 and not c[:1].isdigit() and "、" not in c for c in cells)
        and sum(1 for c in cells if any(rx.search(match_view(c)) for _r, rx in _ROLES)) >= 1
    )


def _sub_roles(merged: list[str], sub: list[str]) -> list[str]:
    """Where the second row names the column, its own words decide the role."""
    return [
        s.strip() if s.strip() and _roles([s]) else m
        for m, s in zip(merged, sub + [""] * len(merged), strict=False)
    ]


class _Cells:
    """A row's cells by column role; "" for a role the table lacks."""

    def __init__(self, row: list[str], roles: dict[str, int]) -> None:
        self.row, self.roles = row, roles

    def __call__(self, role: str) -> str:
        i = self.roles.get(role)
        return self.row[i].strip() if i is not None and i < len(self.row) else ""


def table_findings(table: Table) -> tuple[list[ParsedFinding], list[DeadlineText]] | None:
    """Findings (aspects optional) and deadline cells, or None if not a rectification list."""
    rows = [[c.strip() for c in r] for r in table.rows if any(c.strip() for c in r)]
    header = _header(rows)
    if header is None:
        return None
    h, roles = header
    if not set(roles) & set(_PLAN) and not _lists_problems(rows[h + 1 :], roles["problem"]):
        return None
    width = len(rows[h])
    findings: list[ParsedFinding] = []
    deadlines: list[DeadlineText] = []
    aspect: ParsedFinding | None = None
    counter = 0
    for row in rows[h + 1 :]:
        if len(set(row)) == 1 or (len(row) < width and len(row) <= 2):
            title = clean_whitespace(row[0])
            if not _NOTE.match(match_view(title)):  # not "注：整改进展截至…" under the table
                aspect = _aspect(title)
                findings.append(aspect)
            continue
        cell = _Cells(row, roles)
        if not cell("problem"):
            continue
        name = cell("aspect")
        if name and (aspect is None or aspect.text != clean_whitespace(name)):
            aspect = _aspect(clean_whitespace(name))
            findings.append(aspect)
        counter += 1
        f = _problem(
            cell, counter, aspect.path if aspect else [], measure_column="measure" in roles
        )
        if f.deadline:
            deadlines.append(DeadlineText(f.deadline, f.path))
        (aspect.children if aspect else findings).append(f)
    findings = [f for f in findings if f.kind != ParsedFindingKind.ASPECT or f.children]
    return findings, deadlines


def _problem(
    cell: _Cells, counter: int, parent_path: list[str], *, measure_column: bool
) -> ParsedFinding:
    """One row of the list: the problem with its measures, owners, deadline and progress."""
    seq = re.sub(r"\s", "", cell("seq"))
    label = f"{seq}." if seq.isdigit() else (seq or f"{counter}.")
    lead = clean_whitespace(cell("problem").replace("\n", ""))
    f = ParsedFinding(
        label=label,
        label_raw=seq,
        kind=ParsedFindingKind.PROBLEM,
        numbered=bool(seq),
        title=ms.clean_title(ms.split_lead(lead)[0]),
        lead=lead,
        text=" | ".join(clean_whitespace(c) for c in cell.row),
        path=[*parent_path, label],
    )
    f.measures = split_cell(cell("measure") or cell("status"))
    owners = [x for x in (cell("owner"), cell("owner2")) if x]
    f.owner = "；".join(dict.fromkeys(clean_whitespace(x) for x in owners)) or None
    f.deadline = clean_whitespace(cell("deadline")) or None
    if measure_column and cell("status"):
        f.progress = clean_whitespace(cell("status"))
    if cell("target"):
        f.body = "整改目标：" + clean_whitespace(cell("target").replace("\n", ""))
    return f


def split_cell(text: str) -> list[ParsedMeasure]:
    text = "\n".join(clean_whitespace(x) for x in text.split("\n") if x.strip())
    if not text:
        return []
    chain = ms.find_chain(text, lines=True)
    if chain:
        _, found = ms.split_chain(text, chain)
        return [ParsedMeasure(m.label, m.text.replace("\n", "")) for m in found]
    lines = [x for x in text.split("\n") if x]
    if len(lines) > 1:
        return [ParsedMeasure(None, x) for x in lines]
    return [ParsedMeasure(None, text)]
