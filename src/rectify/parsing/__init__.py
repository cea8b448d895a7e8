"""Parser for inspection feedback and rectification notices (.txt, .docx, .html).

Pure Python: imports nothing of Django and nothing of Rectify but `rectify.lib`
(tests/parsing/test_purity.py checks it). Entry points, each returning a `ParsedNotice` or
raising `ParseError`::

    parse_file(path) / parse_bytes(data, filename) / parse_text(text)

The steps, one module each: readers (bytes → paragraphs and tables; html_reader,
docx_reader, docx_numbering) → clean (page chrome, wrapped lines) → layout (title,
signature, closing) → tree (labelled paragraphs nested) → parts, builder, listed, fields,
measures (the finding tree and its measures; tables for table-form lists) → extract (figures,
《…》 titles, dates, contacts, the inspection); pipeline runs them, context keeps the
warnings. The result types are in model, facts and enums; `ParsedNotice.to_dict()` is the
JSON of `rectify parse --format json`, and `ParsedNotice.from_dict()` reads it back.
"""

from __future__ import annotations

import os
from pathlib import Path

from rectify.parsing.enums import (
    DocKind,
    ErrorCode,
    ParsedFindingKind,
    ParsedInspectionKind,
    SectionRole,
    SourceKind,
    WarningCode,
)
from rectify.parsing.errors import ParseError
from rectify.parsing.facts import ParsedContacts, ParsedDate, ParsedFigure, ParsedInstitution
from rectify.parsing.model import (
    Para,
    ParsedFinding,
    ParsedInspection,
    ParsedMeasure,
    ParsedNotice,
    ParsedSection,
    ParseWarning,
)
from rectify.parsing.pipeline import parse_blocks
from rectify.parsing.readers import read_blocks

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DocKind",
    "ErrorCode",
    "ParseError",
    "ParseWarning",
    "ParsedContacts",
    "ParsedDate",
    "ParsedFigure",
    "ParsedFinding",
    "ParsedFindingKind",
    "ParsedInspection",
    "ParsedInspectionKind",
    "ParsedInstitution",
    "ParsedMeasure",
    "ParsedNotice",
    "ParsedSection",
    "SectionRole",
    "SourceKind",
    "WarningCode",
    "parse_bytes",
    "parse_file",
    "parse_text",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _too_large(filename: str, size: int, max_bytes: int) -> ParseError:
    return ParseError(
        ErrorCode.TOO_LARGE,
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
    return parse_blocks(blocks, kind, filename)


def parse_text(text: str) -> ParsedNotice:
    """Parse already-decoded text (one paragraph per line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return parse_blocks(
        [Para(line, f"第{i}行", f"line {i}") for i, line in enumerate(lines, 1)],
        SourceKind.TXT,
        None,
    )
