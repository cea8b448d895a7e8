"""HTML pages (government sites) → paragraphs and tables; page chrome is left out."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from rectify.lib.text import clean_whitespace
from rectify.parsing.decode import decode_text
from rectify.parsing.model import Block, Para, Table

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


def _is_chrome(tag: Tag) -> bool:
    classes: list[str] = list(tag.get("class") or [])
    attrs = " ".join([str(tag.get("id") or ""), *classes, str(tag.get("role") or "")])
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


def _cell_text(cell: Tag) -> str:
    parts: list[str] = []
    for el in cell.descendants:
        if isinstance(el, NavigableString) and not isinstance(el, Comment):
            parts.append(re.sub(r"\s+", " ", str(el)))
        elif isinstance(el, Tag) and el.name in ("br", "p", "div", "li"):
            parts.append("\n")
    return "\n".join(clean_whitespace(x) for x in "".join(parts).split("\n") if x.strip())


def _fill(row: list[str], carry: dict[int, tuple[str, int]]) -> None:
    """Cells of rowspans from the rows above that fall at the row's end."""
    while len(row) in carry:
        text, left = carry[len(row)]
        if left <= 1:
            del carry[len(row)]
        else:
            carry[len(row)] = (text, left - 1)
        row.append(text)


def _table_grid(table: Tag) -> list[list[str]]:
    """Rows of cell texts; rowspan cells repeat downwards, colspan cells across."""
    grid: list[list[str]] = []
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to fill)
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        row: list[str] = []
        for c in tr.find_all(["td", "th"], recursive=False):
            _fill(row, carry)
            text = _cell_text(c)
            down = min(_span(c.get("rowspan")), 500)
            for _ in range(min(_span(c.get("colspan")), 50)):
                if down > 1:
                    carry[len(row)] = (text, down - 1)
                row.append(text)
        _fill(row, carry)
        grid.append(row)
    return grid


class _Blocks:
    """The page's text, block by block: a block tag or <br> ends a paragraph."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if self.buf:
            text = re.sub(r"\s+", " ", "".join(self.buf))
            self.buf.clear()
            if text.strip():
                n = len(self.blocks) + 1
                self.blocks.append(Para(text, f"第{n}段", f"block {n}"))

    def walk(self, el: Tag) -> None:
        for child in el.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                self.buf.append(str(child))
            elif isinstance(child, Tag) and child.name not in _DROP_TAGS and not _is_chrome(child):
                self._element(child)

    def _element(self, tag: Tag) -> None:
        if tag.name == "br":
            self.flush()
        elif tag.name == "table" and self._table(tag):
            pass
        elif tag.name in _BLOCK_TAGS:
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)

    def _table(self, tag: Tag) -> bool:
        """A table of at least two rows and two columns becomes a Table block."""
        rows = [r for r in _table_grid(tag) if any(x.strip() for x in r)]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            self.flush()
            self.blocks.append(Table(rows, "表格", "table"))
            return True
        return False


def read_html(data: bytes, filename: str = "") -> list[Block]:
    soup = BeautifulSoup(_html_decode(data, filename), "lxml")
    reader = _Blocks()
    reader.walk(soup.body or soup)
    reader.flush()
    return reader.blocks
