"""Readers: bytes of a .txt/.docx/.html file → paragraphs and tables (in document order)."""

from __future__ import annotations

import codecs
import re

from rectify.parsing.decode import decode_text
from rectify.parsing.enums import ErrorCode, SourceKind
from rectify.parsing.errors import ParseError
from rectify.parsing.model import Block, Para

TEXT_EXT = {".txt", ".text", ".md", ".csv", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml", ".mht"}
DOCX_EXT = {".docx", ".docm", ".dotx"}
UNSUPPORTED = {
    ".doc": ("旧版 Word（.doc），请另存为 .docx", "legacy Word .doc; save it as .docx"),
    ".pdf": ("PDF，请复制文字为 .txt 或另存为 .docx", "PDF; copy the text to .txt or use .docx"),
    ".wps": ("WPS 文档，请另存为 .docx", "WPS document; save it as .docx"),
    ".rtf": ("RTF，请另存为 .docx", "RTF; save it as .docx"),
    ".ofd": ("OFD 版式文件", "OFD fixed-layout file"),
    ".xls": ("Excel 表格", "Excel workbook"),
    ".xlsx": ("Excel 表格", "Excel workbook"),
    ".odt": ("ODT 文档，请另存为 .docx", "ODT document; save it as .docx"),
}
_MAGIC = [
    (b"%PDF", ".pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc"),
    (b"{\\rtf", ".rtf"),
]
_BINARY_MAGIC = [
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"MZ",
    b"BM",
]


def _ext(filename: str) -> str:
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff_kind(data: bytes, filename: str) -> SourceKind:
    """The reader for ``data``; raises ParseError for unsupported or binary data."""
    ext = _ext(filename)
    for magic, kind_ext in _MAGIC:
        if data.startswith(magic):
            zh, en = UNSUPPORTED[kind_ext]
            raise ParseError(
                ErrorCode.UNSUPPORTED_TYPE, filename=filename, detail_zh=zh, detail_en=en
            )
    if ext in UNSUPPORTED:
        zh, en = UNSUPPORTED[ext]
        raise ParseError(ErrorCode.UNSUPPORTED_TYPE, filename=filename, detail_zh=zh, detail_en=en)
    if data.startswith(b"PK\x03\x04"):
        if ext in DOCX_EXT or ext in TEXT_EXT or ext in HTML_EXT:
            return SourceKind.DOCX
        raise ParseError(
            ErrorCode.UNSUPPORTED_TYPE, filename=filename, detail_zh=ext, detail_en=ext
        )
    if ext in DOCX_EXT:
        raise ParseError(
            ErrorCode.CORRUPT,
            filename=filename,
            detail_zh="不是有效的 .docx",
            detail_en="not a valid .docx",
        )
    if any(data.startswith(m) for m in _BINARY_MAGIC):
        raise ParseError(ErrorCode.BINARY, filename=filename)
    if ext in HTML_EXT:
        return SourceKind.HTML
    if ext not in TEXT_EXT and not ext.startswith(".t"):
        head = data[:2048].lstrip().lower()
        if not (head.startswith(b"<") or head[:1].isascii()):
            raise ParseError(
                ErrorCode.UNSUPPORTED_TYPE, filename=filename, detail_zh=ext, detail_en=ext
            )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return SourceKind.HTML
    return SourceKind.TXT


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufff0-\uffff]")


def _check_controls(text: str, filename: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    bad = len(_CONTROL.findall(sample))
    if bad / len(sample) > 0.05:
        raise ParseError(ErrorCode.BINARY, filename=filename)


def read_txt(data: bytes, filename: str = "") -> list[Block]:
    text = decode_text(data, filename)
    _check_controls(text, filename)
    lines = re.split(r"\r\n|\r|\n|\u2028|\u2029|\x0c", text)
    return [Para(line, f"第{i}行", f"line {i}") for i, line in enumerate(lines, 1)]


def read_blocks(data: bytes, filename: str) -> tuple[list[Block], SourceKind]:
    """Dispatch on the sniffed kind; returns the blocks and the kind."""
    if not data.strip(b" \t\r\n") or data in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise ParseError(ErrorCode.EMPTY, filename=filename)
    kind = sniff_kind(data, filename)
    if kind == SourceKind.DOCX:
        from rectify.parsing.docx_reader import read_docx  # noqa: PLC0415  (python-docx: only for .docx)

        return read_docx(data, filename), kind
    if kind == SourceKind.HTML:
        from rectify.parsing.html_reader import read_html  # noqa: PLC0415  (lxml, bs4: only for HTML)

        return read_html(data, filename), kind
    return read_txt(data, filename), kind
