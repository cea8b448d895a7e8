"""Readers: bytes of a .txt/.docx/.html file → paragraphs and tables (in document order)."""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from rectify.lib.text import cjk_ratio, clean_whitespace
from rectify.parsing.errors import ParseError
from rectify.parsing.model import Para, Table

Block = Para | Table

MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_MIN_SIZE = 1024 * 1024

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


def sniff_kind(data: bytes, filename: str) -> str:
    """One of "txt", "docx", "html"; raises ParseError for unsupported or binary data."""
    ext = _ext(filename)
    for magic, kind_ext in _MAGIC:
        if data.startswith(magic):
            zh, en = UNSUPPORTED[kind_ext]
            raise ParseError("unsupported_type", filename=filename, detail_zh=zh, detail_en=en)
    if ext in UNSUPPORTED:
        zh, en = UNSUPPORTED[ext]
        raise ParseError("unsupported_type", filename=filename, detail_zh=zh, detail_en=en)
    if data.startswith(b"PK\x03\x04"):
        if ext in DOCX_EXT or ext in TEXT_EXT or ext in HTML_EXT:
            return "docx"
        raise ParseError("unsupported_type", filename=filename, detail_zh=ext, detail_en=ext)
    if ext in DOCX_EXT:
        raise ParseError(
            "corrupt",
            filename=filename,
            detail_zh="不是有效的 .docx",
            detail_en="not a valid .docx",
        )
    if any(data.startswith(m) for m in _BINARY_MAGIC):
        raise ParseError("binary", filename=filename)
    if ext in HTML_EXT:
        return "html"
    if ext not in TEXT_EXT and not ext.startswith(".t"):
        head = data[:2048].lstrip().lower()
        if not (head.startswith(b"<") or head[:1].isascii()):
            raise ParseError("unsupported_type", filename=filename, detail_zh=ext, detail_en=ext)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \r\n\t").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    return "txt"


# ---------------------------------------------------------------- text decoding
def _utf16_guess(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.2 and even < 0.05:
        return "utf-16-le"
    if even > 0.2 and odd < 0.05:
        return "utf-16-be"
    return None


def _gb2312_share(text: str) -> float:
    hanzi = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not hanzi:
        return 1.0
    common = 0
    for c in hanzi:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(hanzi)


def decode_text(data: bytes, filename: str = "") -> str:
    """Decode text: BOMs, UTF-8, UTF-16 without BOM, GB18030, Big5, then charset-normalizer."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise ParseError(
                    "unknown_encoding", filename=filename, detail_zh=enc, detail_en=enc
                ) from exc
    utf16 = _utf16_guess(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ParseError("binary", filename=filename)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    try:
        text = data.decode("gb18030")
        if _gb2312_share(text) >= 0.9 and cjk_ratio(text) > 0.05:
            return text
        candidates.append(text)
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("big5hkscs")
        if cjk_ratio(text) > 0.2:
            return text
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 256 * 1024]).best()
        if best is not None and best.encoding:
            text = data.decode(best.encoding, errors="strict")
            if cjk_ratio(text) > 0.2:
                return text
    except (ImportError, LookupError, UnicodeDecodeError):
        pass
    if candidates and cjk_ratio(candidates[0]) > 0.3:
        return candidates[0]
    raise ParseError("unknown_encoding", filename=filename)


_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\ufff0-\uffff]")


def _check_controls(text: str, filename: str) -> None:
    sample = text[:20000]
    if not sample:
        return
    bad = len(_CONTROL.findall(sample))
    if bad / len(sample) > 0.05:
        raise ParseError("binary", filename=filename)


def read_txt(data: bytes, filename: str = "") -> list[Block]:
    text = decode_text(data, filename)
    _check_controls(text, filename)
    lines = re.split(r"\r\n|\r|\n|\u2028|\u2029|\x0c", text)
    return [Para(line, f"第{i}行", f"line {i}") for i, line in enumerate(lines, 1)]


# ---------------------------------------------------------------- docx
def _check_zip(data: bytes, filename: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ParseError("corrupt", filename=filename) from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED or len(infos) > 10000:
        raise ParseError(
            "zip_bomb",
            filename=filename,
            detail_zh=f"解压后约 {total // (1024 * 1024)} MB",
            detail_en=f"about {total // (1024 * 1024)} MB uncompressed",
        )
    for info in infos:
        ratio = info.file_size / max(1, info.compress_size)
        if info.file_size > RATIO_MIN_SIZE and ratio > MAX_RATIO:
            raise ParseError(
                "zip_bomb",
                filename=filename,
                detail_zh=f"{info.filename} 压缩比 {ratio:.0f}:1",
                detail_en=f"{info.filename} compression ratio {ratio:.0f}:1",
            )
    if "word/document.xml" not in zf.namelist():
        raise ParseError(
            "unsupported_type",
            filename=filename,
            detail_zh="不是 Word 文档",
            detail_en="not a Word document",
        )
    return zf


def read_docx(data: bytes, filename: str = "") -> list[Block]:
    _check_zip(data, filename)
    try:
        import docx
        from docx.table import Table as DocxTable
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover
        raise ParseError(
            "unsupported_type", filename=filename, detail_en="python-docx missing"
        ) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on broken packages
        raise ParseError("corrupt", filename=filename) from exc
    from rectify.parsing.docx_numbering import Numberer

    numberer = Numberer(document)
    blocks: list[Block] = []
    body = document.element.body
    n_para = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n_para += 1
            para = Paragraph(child, document)
            label = numberer.label(para)
            for line in (label + para.text).split("\n"):
                blocks.append(Para(line, f"第{n_para}段", f"paragraph {n_para}"))
        elif tag == "tbl":
            table = DocxTable(child, document)
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
            blocks.append(
                Table(rows, f"第{n_para + 1}段处的表格", f"table near paragraph {n_para + 1}")
            )
    return blocks


# ---------------------------------------------------------------- html
_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "nav",
    "footer",
    "form",
    "button",
    "select",
    "head",
    "template",
    "svg",
    "object",
}
_CHROME_ATTR = re.compile(
    r"breadcrumb|crumb|bdshare|share|footer|\bfoot\b|\bnav|menu|sidebar|toolbar|print|fontsize|"
    r"font-size|zihao|copyright|qrcode|weixin|wechat|topbar|\bheader\b|position|location|related|"
    r"pagination|pager|\bbottom\b|\bfoot|\bft\b",
    re.I,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "center",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "main",
    "body",
    "html",
    "header",
    "aside",
    "figure",
    "figcaption",
    "address",
    "hr",
}


def _is_chrome(tag) -> bool:
    attrs = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("role") or ""])
    return bool(attrs.strip()) and bool(_CHROME_ATTR.search(attrs))


def _html_decode(data: bytes, filename: str) -> str:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", data[:4096], re.I)
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"
        try:
            return data.decode(enc).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, filename).lstrip("\ufeff")


def _span(value: object) -> int:
    try:
        return max(1, int(str(value).strip())) if value else 1
    except ValueError:
        return 1


def read_html(data: bytes, filename: str = "") -> list[Block]:
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag

    soup = BeautifulSoup(_html_decode(data, filename), "lxml")
    blocks: list[Block] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            text = re.sub(r"\s+", " ", "".join(buf))
            buf.clear()
            if text.strip():
                blocks.append(Para(text, f"第{len(blocks) + 1}段", f"block {len(blocks) + 1}"))

    def cell_text(cell: Tag) -> str:
        parts: list[str] = []
        for el in cell.descendants:
            if isinstance(el, NavigableString) and not isinstance(el, Comment):
                parts.append(re.sub(r"\s+", " ", str(el)))
            elif isinstance(el, Tag) and el.name in ("br", "p", "div", "li"):
                parts.append("\n")
        return "\n".join(clean_whitespace(x) for x in "".join(parts).split("\n") if x.strip())

    def table_grid(table: Tag) -> list[list[str]]:
        """Rows of cell texts; rowspan cells repeat downwards, colspan cells across."""
        grid: list[list[str]] = []
        carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            row: list[str] = []

            def fill(row: list[str] = row) -> None:
                while len(row) in carry:
                    text, left = carry[len(row)]
                    if left <= 1:
                        del carry[len(row)]
                    else:
                        carry[len(row)] = (text, left - 1)
                    row.append(text)

            for c in tr.find_all(["td", "th"], recursive=False):
                fill()
                text = cell_text(c)
                down = min(_span(c.get("rowspan")), 500)
                for _ in range(min(_span(c.get("colspan")), 50)):
                    if down > 1:
                        carry[len(row)] = (text, down - 1)
                    row.append(text)
            fill()
            grid.append(row)
        return grid

    def walk(el: Tag) -> None:
        for child in el.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in _DROP_TAGS or _is_chrome(child):
                continue
            if name == "br":
                flush()
                continue
            if name == "table":
                rows = [r for r in table_grid(child) if any(x.strip() for x in r)]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    flush()
                    blocks.append(Table(rows, "表格", "table"))
                    continue
            if name in _BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    root = soup.body or soup
    walk(root)
    flush()
    return blocks


def read_blocks(data: bytes, filename: str) -> tuple[list[Block], str]:
    """Dispatch on the sniffed kind; returns the blocks and the kind."""
    if not data.strip(b" \t\r\n") or data in (
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise ParseError("empty", filename=filename)
    kind = sniff_kind(data, filename)
    if kind == "docx":
        return read_docx(data, filename), kind
    if kind == "html":
        return read_html(data, filename), kind
    return read_txt(data, filename), kind
