"""Word .docx → paragraphs (with their automatic numbering) and tables, in document order."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from rectify.parsing.docx_numbering import Numberer
from rectify.parsing.enums import ErrorCode
from rectify.parsing.errors import ParseError
from rectify.parsing.model import Block, Para, Table

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024


def _check_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError(ErrorCode.CORRUPT, filename=filename) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or len(infos) > 10000:
        raise ParseError(
            ErrorCode.ZIP_BOMB,
            filename=filename,
            detail_zh=f"解压后约 {total // (1024 * 1024)} MB",
            detail_en=f"about {total // (1024 * 1024)} MB uncompressed",
        )
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise ParseError(
                ErrorCode.ZIP_BOMB,
                filename=filename,
                detail_zh=f"{info.filename} 压缩比 {ratio:.0f}:1",
                detail_en=f"{info.filename} compression ratio {ratio:.0f}:1",
            )
    if "word/document.xml" not in zf.namelist():
        raise ParseError(
            ErrorCode.UNSUPPORTED_TYPE,
            filename=filename,
            detail_zh="不是 Word 文档",
            detail_en="not a Word document",
        )
    return zf


def _rows(table: DocxTable) -> list[list[str]]:
    """Cell texts; a merged cell is read once per row."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            if cell._tc is prev:
                continue
            prev = cell._tc
            cells.append("\n".join(p.text for p in cell.paragraphs))
        rows.append(cells)
    return rows


def read_docx(data: bytes, filename: str = "") -> list[Block]:
    _check_zip(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken packages
        raise ParseError(ErrorCode.CORRUPT, filename=filename) from exc
    numberer = Numberer(document)
    blocks: list[Block] = []
    n_para = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n_para += 1
            para = Paragraph(child, document)
            label = numberer.label(para)
            for line in (label + para.text).split("\n"):
                blocks.append(Para(line, f"第{n_para}段", f"paragraph {n_para}"))
        elif tag == "tbl":
            rows = _rows(DocxTable(child, document))
            blocks.append(
                Table(rows, f"第{n_para + 1}段处的表格", f"table near paragraph {n_para + 1}")
            )
    return blocks
