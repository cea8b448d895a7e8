"""整改台账 in: an Excel ledger read with python-calamine, its header found by its text (a
title above it, extra or reordered columns, merged group cells filled down), every row
checked and every fault named by row and column. No writes here (`ledger_apply`)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from python_calamine import CalamineWorkbook

from rectify.lib.dates import parse_date
from rectify.lib.text import to_halfwidth

# Column → the header texts offices use for it (first match wins; exact text, then prefix).
HEADERS: dict[str, tuple[str, ...]] = {
    "aspect": ("方面", "问题类别", "问题方面"),
    "problem": ("问题", "存在问题", "反馈问题", "问题清单"),
    "item": ("子问题", "具体问题", "具体表现"),
    "label": ("编号",),
    "text": ("整改措施", "措施", "整改任务"),
    "kind": ("整改类型", "类型"),
    "category": ("措施类别", "整改类别", "措施分类"),
    "target": ("整改目标", "目标"),
    "responsible_leader": ("责任领导", "分管领导", "牵头领导"),
    "lead_department": ("牵头部门", "责任部门", "牵头单位", "责任单位"),
    "co_departments": ("配合部门", "配合单位", "协办部门"),
    "responsible_person": ("责任人", "具体责任人"),
    "deadline": ("完成时限", "整改时限", "完成时间"),
    "status": ("状态", "整改状态", "完成情况", "整改进度"),
}
GROUPS = ("aspect", "problem", "item")
NO_DATE = {"立行立改": "immediate", "长期坚持": "long_term", "长期": "long_term"}
QUARTER = re.compile(r"(\d{4})\s*年?\s*第?\s*([一二三四1-4])\s*季度")
QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
STATUS_WORDS = ("已完成", "已销号", "正在推进", "整改中", "长期坚持", "未开始", "未完成")


@dataclass
class LedgerRow:
    number: int  # the sheet's row number, as Excel shows it
    path: tuple[str, ...]  # aspect, problem, sub-problem (those present)
    cells: dict[str, str]
    deadline: dt.date | None
    deadline_text: str
    status: str


@dataclass
class LedgerRead:
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    deadlines: dict[str, str | None] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _header_row(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first 15) naming at least three known columns, and their places."""
    for index, row in enumerate(rows[:15]):
        names = [_text(v).replace("\n", "").replace(" ", "") for v in row]
        found: dict[str, int] = {}
        for column, words in HEADERS.items():
            for position, name in enumerate(names):
                if position in found.values():
                    continue
                if name in words or any(name.startswith(w) for w in words if len(w) > 1):
                    found[column] = position
                    break
        if "text" in found and len(found) >= 3:
            return index, found
    return None


def read_deadline(text: str, year: int | None) -> tuple[dt.date | None, bool]:
    """(date, understood): a date, "2023年12月底前", "12月底", "2023年第三季度" (its end),
    "2024.6.30"; "立行立改" and "长期坚持" have no date and are understood."""
    text = to_halfwidth(text)
    if not text or text in NO_DATE:
        return None, True
    quarter = QUARTER.search(text)
    if quarter:
        q = QUARTERS[quarter.group(2)]
        year_q, month = int(quarter.group(1)), q * 3
        return dt.date(year_q, month, calendar.monthrange(year_q, month)[1]), True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text), True
    value = parse_date(text, year=year)
    return value, value is not None


def read_rows(rows: list[list[Any]], *, year: int | None = None) -> LedgerRead:
    out = LedgerRead()
    header = _header_row(rows)
    if header is None:
        out.error(1, "", "找不到表头（需有“整改措施”等列名）")
        return out
    start, places = header
    last: dict[str, str] = dict.fromkeys(GROUPS, "")
    for index in range(start + 1, len(rows)):
        raw = rows[index]
        cells = {c: _text(raw[p]) if p < len(raw) else "" for c, p in places.items()}
        if not cells.get("text"):
            continue  # blank, a merged remainder or a sub-total line
        for group in GROUPS:  # merged group cells: the value is in the first row only
            if group in places:
                if cells[group]:
                    last[group] = cells[group]
                    for lower in GROUPS[GROUPS.index(group) + 1 :]:
                        last[lower] = ""
                cells[group] = last[group]
        number = index + 1
        path = tuple(cells[g] for g in GROUPS if cells.get(g))
        if not path:
            out.error(number, "问题", "缺少所属问题")
        deadline_text = cells.get("deadline", "")
        deadline, understood = read_deadline(deadline_text, year)
        if not understood:
            out.error(number, "完成时限", f"无法识别“{deadline_text}”")
        if deadline_text:
            out.deadlines[deadline_text] = deadline.isoformat() if deadline else None
        status = cells.get("status", "")
        if status:
            out.statuses[status] += 1
        out.rows.append(LedgerRow(number, path, cells, deadline, deadline_text, status))
    return out


def read_workbook(source: str | Path | IO[bytes], *, year: int | None = None) -> LedgerRead:
    """The first sheet of an .xlsx/.xls/.ods ledger (a path or an open binary file)."""
    if isinstance(source, str | Path):
        book = CalamineWorkbook.from_path(str(source))
    else:
        book = CalamineWorkbook.from_filelike(source)
    sheet = book.get_sheet_by_index(0)
    return read_rows(sheet.to_python(skip_empty_area=False), year=year)
