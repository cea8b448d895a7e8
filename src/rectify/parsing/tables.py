"""Rectification lists in tables (序号/问题/整改措施/责任单位/完成时限) → findings."""

from __future__ import annotations

import re

from rectify.lib.text import clean_whitespace, match_view
from rectify.parsing import measures as ms
from rectify.parsing.model import Finding, Measure, Table


def _aspect(title: str) -> Finding:
    """An aspect row ("一、大气污染防治方面" across the whole table) or 类别 cell."""
    return Finding(
        label="",
        label_raw="",
        kind="aspect",
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


def table_findings(table: Table) -> tuple[list[Finding], list[dict[str, str | None]]] | None:
    """Findings (aspects optional) and deadline cells, or None if not a rectification list."""
    rows = [[c.strip() for c in r] for r in table.rows if any(c.strip() for c in r)]
    found = [
        (h, _roles(header))
        for h, header in enumerate(rows[:3])
        if {"problem"} <= set(_roles(header))
        and set(_roles(header)) & {"measure", "status", "owner"}
    ]
    if not found:
        return None
    h, roles = found[0]
    header = rows[h]
    findings: list[Finding] = []
    deadlines: list[dict[str, str | None]] = []
    aspect: Finding | None = None
    width = len(header)
    n_aspect = 0
    counter = 0
    for row in rows[h + 1 :]:
        if len(set(row)) == 1 or (len(row) < width and len(row) <= 2):
            title = clean_whitespace(row[0])
            if _NOTE.match(match_view(title)):
                continue  # "注：整改进展截至…" under the table
            n_aspect += 1
            aspect = _aspect(title)
            findings.append(aspect)
            continue

        def cell(role: str, r: list[str] = row) -> str:
            i = roles.get(role)
            return r[i].strip() if i is not None and i < len(r) else ""

        problem = cell("problem")
        if not problem:
            continue
        if "aspect" in roles:
            name = cell("aspect")
            if name and (aspect is None or aspect.text != clean_whitespace(name)):
                aspect = _aspect(clean_whitespace(name))
                findings.append(aspect)
        counter += 1
        seq = re.sub(r"\s", "", cell("seq"))
        label = f"{seq}." if seq.isdigit() else (seq or f"{counter}.")
        parent_path = aspect.path if aspect else []
        lead = clean_whitespace(problem.replace("\n", ""))
        f = Finding(
            label=label,
            label_raw=seq,
            kind="problem",
            numbered=bool(seq),
            title=ms.clean_title(ms.split_lead(lead)[0]),
            lead=lead,
            text=" | ".join(clean_whitespace(c) for c in row),
            path=[*parent_path, label],
        )
        f.measures = split_cell(cell("measure") or cell("status"))
        owners = [x for x in (cell("owner"), cell("owner2")) if x]
        f.owner = "；".join(dict.fromkeys(clean_whitespace(x) for x in owners)) or None
        f.deadline = clean_whitespace(cell("deadline")) or None
        if "measure" in roles and cell("status"):
            f.progress = clean_whitespace(cell("status"))
        if cell("target"):
            f.body = "整改目标：" + clean_whitespace(cell("target").replace("\n", ""))
        if f.deadline:
            deadlines.append({"text": f.deadline, "path": f.path})
        (aspect.children if aspect else findings).append(f)
    findings = [f for f in findings if f.kind != "aspect" or f.children]
    return findings, deadlines


def split_cell(text: str) -> list[Measure]:
    text = "\n".join(clean_whitespace(x) for x in text.split("\n") if x.strip())
    if not text:
        return []
    chain = ms.find_chain(text, lines=True)
    if chain:
        _, found = ms.split_chain(text, chain)
        return [Measure(m.label, m.text.replace("\n", "")) for m in found]
    lines = [x for x in text.split("\n") if x]
    if len(lines) > 1:
        return [Measure(None, x) for x in lines]
    return [Measure(None, text)]
