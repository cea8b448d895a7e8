"""Parser for inspection / rectification notices (.txt, .docx, .html). No Django imports.

parse_file(path) / parse_bytes(data, filename) / parse_text(text) -> ParsedNotice
"""

from __future__ import annotations

import os
from pathlib import Path

from rectify.lib.dates import find_dates, parse_date
from rectify.parsing import extract, structure
from rectify.parsing.clean import prepare
from rectify.parsing.errors import ParseError
from rectify.parsing.model import (
    Finding,
    Measure,
    Para,
    ParsedNotice,
    Section,
    Table,
)
from rectify.parsing.readers import read_blocks
from rectify.parsing.tables import table_findings

__all__ = [
    "Finding",
    "Measure",
    "ParseError",
    "ParsedNotice",
    "Section",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _too_large(filename: str, size: int, max_bytes: int) -> ParseError:
    return ParseError(
        "too_large",
        filename=filename,
        detail_zh=f"{size} 字节，上限 {max_bytes} 字节",
        detail_en=f"{size} bytes, limit {max_bytes}",
    )


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedNotice:
    """Parse a .txt/.docx/.html file; refuses by size before reading."""
    p = Path(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise _too_large(p.name, size, max_bytes)
    with p.open("rb") as fh:
        data = fh.read(max_bytes + 1)
    return parse_bytes(data, p.name, max_bytes=max_bytes)


def parse_bytes(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedNotice:
    """Parse file content; ``filename`` chooses the reader (with content sniffing)."""
    if len(data) > max_bytes:
        raise _too_large(filename, len(data), max_bytes)
    blocks, kind = read_blocks(data, filename)
    return _parse_blocks(blocks, kind, filename)


def parse_text(text: str) -> ParsedNotice:
    """Parse already-decoded text (one paragraph per line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks = [Para(line, f"第{i}行", f"line {i}") for i, line in enumerate(lines, 1)]
    return _parse_blocks(blocks, "txt", None)


def _parse_blocks(blocks: list[Para | Table], kind: str, filename: str | None) -> ParsedNotice:
    if not any((b.text.strip() if isinstance(b, Para) else b.rows) for b in blocks):
        raise ParseError("empty", filename=filename)
    prep = prepare(blocks, kind)
    paras: list[Para] = []
    table_results: list[tuple[list[Finding], list[dict]]] = []
    for b in prep.blocks:
        if isinstance(b, Table):
            found = table_findings(b)
            if found and found[0]:
                table_results.append(found)
            else:
                for row in b.rows:
                    for cell in dict.fromkeys(row):
                        paras.extend(
                            Para(x.strip(), b.loc_zh, b.loc_en)
                            for x in cell.split("\n")
                            if x.strip()
                        )
        else:
            paras.append(b)
    if not paras and not table_results:
        raise ParseError("empty", filename=filename)

    lay = structure.layout(paras)
    notice = ParsedNotice(title=lay.title, source=prep.source, filename=filename)
    preamble_text = "\n".join(p.text for p in lay.preamble)
    feedback = structure.doc_is_feedback(lay.title, preamble_text)
    notice.doc_kind = "feedback" if feedback else "rectification"
    ctx = structure.Ctx(rectification=not feedback)

    notice.date = (
        parse_date(lay.sig_date or "")
        or parse_date(lay.title_date or "")
        or parse_date(prep.meta_date or "")
    )
    notice.issuer = lay.issuer or prep.source
    if lay.preamble:
        notice.sections.append(Section(None, None, preamble_text, None, "preamble"))

    roots, loose = structure.build_tree(lay.body)
    if loose:
        notice.sections.append(
            Section(None, None, "\n".join(p.text for p in loose), None, "preamble")
        )
    notice.findings = structure.findings_from_roots(roots, ctx, notice.sections)
    if not roots and not table_results:
        notice.findings = structure.loose_findings(lay.body + lay.preamble, ctx)
    table_deadlines: list[dict] = list(ctx.field_deadlines)
    for found, deadlines in table_results:
        notice.findings.extend(found)
        table_deadlines.extend(deadlines)
    if not notice.findings and not roots:
        where = filename or None
        raise ParseError("no_structure", filename=where)
    if not notice.findings:
        ctx.warn("no_findings", "未识别出问题清单", "no findings were recognised", None)
    if lay.closing:
        notice.sections.append(
            Section(None, None, "\n".join(p.text for p in lay.closing), None, "closing")
        )

    insp_text = preamble_text or "\n".join(p.text for p in lay.body[:3])
    notice.inspection = extract.inspection(insp_text, lay.title)
    _extract_all(notice, lay, ctx, table_deadlines)
    notice.warnings = ctx.warnings
    return notice


def _extract_all(
    notice: ParsedNotice, lay: structure.Layout, ctx: structure.Ctx, table_deadlines: list[dict]
) -> None:
    year = notice.date.year if notice.date else None
    units: list[tuple[str, list[str] | None]] = []
    for s in notice.sections:
        if s.role != "closing":
            units.append(("\n".join(x for x in (s.title or "", s.text) if x), None))
    for f in notice.all_findings():
        parts = [f.lead, f.body, *(m.text for m in f.measures), *(m.text for m in f.points)]
        if f.progress:
            parts.append(f.progress)
        if f.label_kind == "aspect_di" or not f.lead:
            parts.insert(0, f.title)
        units.append(("\n".join(x for x in parts if x), f.path or None))
    closing = "\n".join(p.text for p in lay.closing)
    units.append((closing, None))
    for text, path in units:
        if not text:
            continue
        notice.figures += extract.figures(text, path)
        notice.institutions += extract.institutions(text, path)
        dates, deadlines = extract.dates_and_deadlines(text, path, year)
        notice.dates += dates
        notice.deadlines += deadlines
    for d in table_deadlines:
        found = find_dates(d["text"], year=year)
        value = found[0].date if found else None
        if found and found[0].precision == "month":
            from rectify.lib.dates import month_end

            value = month_end(value.year, value.month) if value else None
        notice.deadlines.append(
            {
                "text": d["text"],
                "date": value.isoformat() if value else None,
                "precision": found[0].precision if found else None,
                "finding_path": d["path"],
            }
        )
    for d in notice.dates + notice.deadlines:
        if d["date"] is None and d.get("precision") == "unknown":
            ctx.warn(
                "unparsed_date",
                f"日期“{d['text']}”不完整，未能识别",
                f"date '{d['text']}' is incomplete and was not parsed",
                d["finding_path"],
            )
    contact_text = closing or "\n".join(p.text for p in lay.body[-3:])
    notice.contacts = extract.contacts(contact_text)
    if not any(notice.contacts.values()):
        notice.contacts = extract.contacts("\n".join(s.text for s in notice.sections))
