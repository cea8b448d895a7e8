"""Blocks → ParsedNotice: clean, lay out, build the finding tree, extract the facts."""

from __future__ import annotations

import re

from rectify.lib.dates import DatePrecision, find_dates, month_end, parse_date
from rectify.lib.numbering import LabelKind
from rectify.parsing import extract
from rectify.parsing.clean import prepare
from rectify.parsing.context import Ctx, DeadlineText
from rectify.parsing.enums import DocKind, ErrorCode, SectionRole, SourceKind, WarningCode
from rectify.parsing.errors import ParseError
from rectify.parsing.facts import ParsedDate
from rectify.parsing.feedback import recommendations, report_deadline, split_tail
from rectify.parsing.inline import inline_findings
from rectify.parsing.layout import Layout, layout
from rectify.parsing.meeting import meeting
from rectify.parsing.model import (
    Block,
    Para,
    ParsedFinding,
    ParsedInspection,
    ParsedNotice,
    ParsedSection,
)
from rectify.parsing.parts import findings_from_roots, loose_findings
from rectify.parsing.tables import table_findings
from rectify.parsing.tree import build_tree, doc_is_feedback

TableResult = tuple[list[ParsedFinding], list[DeadlineText]]


def parse_blocks(blocks: list[Block], kind: SourceKind, filename: str | None) -> ParsedNotice:
    if not any((b.text.strip() if isinstance(b, Para) else b.rows) for b in blocks):
        raise ParseError(ErrorCode.EMPTY, filename=filename)
    prep = prepare(blocks, kind)
    paras, tables = _split_tables(prep.blocks)
    if not paras and not tables:
        raise ParseError(ErrorCode.EMPTY, filename=filename)
    lay = layout(paras)
    notice = ParsedNotice(title=lay.title, source=prep.source, filename=filename)
    preamble_text = "\n".join(p.text for p in lay.preamble)
    feedback = doc_is_feedback(lay.title, preamble_text, lay.body)
    notice.doc_kind = DocKind.FEEDBACK if feedback else DocKind.RECTIFICATION
    ctx = Ctx(rectification=not feedback)
    notice.date = (
        parse_date(lay.sig_date or "")
        or parse_date(lay.title_date or "")
        or parse_date(prep.meta_date or "")
    )
    notice.issuer = lay.issuer or prep.source
    tail: list[Para] = []
    if feedback:
        lay.body, tail = split_tail(lay.body)
    deadlines = _findings(notice, lay, ctx, tables, preamble_text)
    if tail:
        text = "\n".join(p.text for p in tail)
        notice.sections.append(ParsedSection(None, None, text, None, SectionRole.RECOMMENDATIONS))
    if feedback:
        notice.recommendations = recommendations(_advice(notice.sections))
    if lay.closing:
        closing = "\n".join(p.text for p in lay.closing)
        notice.sections.append(ParsedSection(None, None, closing, None, SectionRole.CLOSING))
    insp_text = preamble_text or "\n".join(p.text for p in lay.body[:3])
    year = notice.date.year if notice.date else _first_year(lay)
    notice.inspection = extract.inspection(insp_text, lay.title, year)
    if not _complete(notice.inspection):  # a news item, a round summary: facts anywhere
        everything = "\n".join(p.text for p in lay.preamble + lay.body[:12])
        more = extract.inspection(everything, lay.title, year)
        if notice.inspection.start is None and more.start is not None and more.target:
            notice.inspection.target = more.target  # "对…开展了巡察" over "向…反馈"
        _fill(notice.inspection, more)
    if not notice.findings or any(w.code == WarningCode.INLINE_LIST for w in ctx.warnings):
        head = "\n".join(p.text for p in (lay.preamble + lay.body)[:2])
        notice.meeting = dict(meeting(head, year))
    notice.inspection.target = _addressee(lay, notice.inspection.target) or extract.resolve_self(
        notice.inspection.target, notice.issuer, lay.title
    )
    _extract_all(notice, lay, ctx, deadlines)
    if feedback:
        _report_due(notice, tail + lay.closing + lay.body + lay.preamble)
    notice.warnings = ctx.warnings
    return notice


def _split_tables(blocks: list[Block]) -> tuple[list[Para], list[TableResult]]:
    """Tables that are rectification lists give findings; the others give their cell texts."""
    paras: list[Para] = []
    tables: list[TableResult] = []
    for b in blocks:
        if isinstance(b, Para):
            paras.append(b)
            continue
        found = table_findings(b)
        if found and found[0]:
            tables.append(found)
            continue
        for row in b.rows:
            for cell in dict.fromkeys(row):
                paras.extend(
                    Para(x.strip(), b.loc_zh, b.loc_en) for x in cell.split("\n") if x.strip()
                )
    return paras, tables


def _findings(
    notice: ParsedNotice, lay: Layout, ctx: Ctx, tables: list[TableResult], preamble_text: str
) -> list[DeadlineText]:
    """The preamble and the finding tree; returns the deadlines written as text."""
    if lay.preamble:
        notice.sections.append(ParsedSection(None, None, preamble_text, None, SectionRole.PREAMBLE))
    roots, loose = build_tree(lay.body)
    if loose:
        text = "\n".join(p.text for p in loose)
        notice.sections.append(ParsedSection(None, None, text, None, SectionRole.PREAMBLE))
    notice.findings = findings_from_roots(roots, ctx, notice.sections)
    if not notice.findings and not tables:
        notice.findings = inline_findings(lay.preamble + lay.body, ctx)
    if not roots and not tables and not notice.findings:
        notice.findings = loose_findings(lay.body + lay.preamble, ctx)
    deadlines = list(ctx.field_deadlines)
    for found, more in tables:
        notice.findings.extend(found)
        deadlines.extend(more)
    if not notice.findings:
        ctx.warn(
            WarningCode.NO_TREE,
            "未识别出问题清单：已读取文中的单位、日期和数字，问题需手工录入",
            "no finding tree was recognised: the facts were read, the problems must be "
            "entered by hand",
            None,
        )
    elif ctx.rectification and not any(f.measures for f in notice.all_findings()):
        ctx.warn(
            WarningCode.PROBLEMS_ONLY,
            "只识别出问题，未识别出整改措施",
            "only problems were recognised, no measures",
            None,
        )
    return deadlines


def _complete(insp: ParsedInspection) -> bool:
    return all((insp.team, insp.target, insp.start, insp.feedback_date))


def _fill(insp: ParsedInspection, more: ParsedInspection) -> None:
    for key in ("team", "target", "start", "end", "feedback_date", "kind"):
        if getattr(insp, key) is None:
            setattr(insp, key, getattr(more, key))


def _advice(sections: list[ParsedSection]) -> list[Para]:
    """The lines of the 意见建议: the tail, or a part so titled and its labelled sub-parts."""
    lines: list[str] = []
    parent: str | None = None
    for s in sections:
        if s.role == SectionRole.RECOMMENDATIONS:
            lines += s.text.split("\n")
        elif s.role == SectionRole.SECTION and "建议" in (s.title or "") and not s.parent:
            parent = s.label
            lines += s.text.split("\n") if s.text else []
        elif parent is not None and s.parent == parent:
            lines.append(f"{s.label}{s.title or ''}")
    return [Para(x) for x in lines if x]


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")


# The addressee line of a notice sent to the inspected unit ("县教育局：").
_ADDRESSEE = re.compile(
    r"^(?P<org>[^，,。；;：:、\s]{2,30}?(?:局|厅|委|办|院|校|集团|公司|中心|政府|党委|党组))[：:]$"
)
_YOU = re.compile(r"^(?:你|贵)(?:单位|局|公司|校|院)|^\s*$")


def _addressee(lay: Layout, target: str | None) -> str | None:
    """The unit a notice is addressed to, when the text names it only as 你单位."""
    m = _ADDRESSEE.match(lay.preamble[0].text.strip()) if lay.preamble else None
    if m is None or not _YOU.search(target or ""):
        return None
    return m.group("org")


def _first_year(lay: Layout) -> int | None:
    """An undated news item's year: that of its first full date ("9月12日…2024年7月8日至…")."""
    for p in lay.preamble + lay.body[:12]:
        m = _YEAR.search(p.text)
        if m:
            return int(m.group(1))
    return None


def _report_due(notice: ParsedNotice, paras: list[Para]) -> None:
    """The reporting deadline of a feedback document, dated from the feedback."""
    base = notice.inspection.feedback_date or notice.date
    for p in paras:
        due = report_deadline(p.text, base)
        if due is not None:
            notice.deadlines.append(due)
            return


def _units(notice: ParsedNotice, closing: str) -> list[tuple[str, list[str] | None]]:
    """The texts facts are read from, each with the path of its finding."""
    units: list[tuple[str, list[str] | None]] = []
    for s in notice.sections:
        if s.role != SectionRole.CLOSING:
            units.append(("\n".join(x for x in (s.title or "", s.text) if x), None))
    for f in notice.all_findings():
        parts = [f.lead, f.body, *(m.text for m in f.measures), *(m.text for m in f.points)]
        if f.progress:
            parts.append(f.progress)
        if f.label_kind == LabelKind.ASPECT_DI or not f.lead:
            parts.insert(0, f.title)
        units.append(("\n".join(x for x in parts if x), f.path or None))
    units.append((closing, None))
    return units


def _extract_all(
    notice: ParsedNotice, lay: Layout, ctx: Ctx, deadline_texts: list[DeadlineText]
) -> None:
    year = notice.date.year if notice.date else None
    closing = "\n".join(p.text for p in lay.closing)
    for text, path in _units(notice, closing):
        if not text:
            continue
        notice.figures += extract.figures(text, path)
        notice.institutions += extract.institutions(text, path)
        dates, deadlines = extract.dates_and_deadlines(text, path, year)
        notice.dates += dates
        notice.deadlines += deadlines
    notice.deadlines += [_dated(d, year) for d in deadline_texts]
    for d in notice.dates + notice.deadlines:
        if d["date"] is None and d.get("precision") == DatePrecision.UNKNOWN:
            ctx.warn(
                WarningCode.UNPARSED_DATE,
                f"日期“{d['text']}”不完整，未能识别",
                f"date '{d['text']}' is incomplete and was not parsed",
                d["finding_path"],
            )
    contact_text = closing or "\n".join(p.text for p in lay.body[-3:])
    notice.contacts = extract.contacts(contact_text)
    if not any(notice.contacts.values()):
        notice.contacts = extract.contacts("\n".join(s.text for s in notice.sections))


def _dated(d: DeadlineText, year: int | None) -> ParsedDate:
    """A deadline written in a labelled line or table cell, dated (month → its last day)."""
    found = find_dates(d.text, year=year)
    value = found[0].date if found else None
    if found and found[0].precision == DatePrecision.MONTH:
        value = month_end(value.year, value.month) if value else None
    return {
        "text": d.text,
        "date": value.isoformat() if value else None,
        "precision": found[0].precision.value if found else None,
        "finding_path": d.path,
    }
