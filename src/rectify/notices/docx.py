"""The notice as a Word document laid out after GB/T 9704-2012 (党政机关公文格式).

A4; margins 37 mm top, 28 mm left (binding side), 35 mm bottom, 26 mm right; title in
方正小标宋简体 二号 (22 pt) centred; body 仿宋_GB2312 三号 (16 pt), first line indented two
characters, exact line pitch so that 29 lines fit a page (the office's 28–30); headings of the
first levels in 黑体 (一、) and 楷体_GB2312 (（一）); page numbers "— 1 —" in 宋体 四号 (14 pt)
at the bottom outside edge (right on odd pages, left on even pages), one character in.

East-asian font names are set through w:rFonts/@w:eastAsia; the font table names a fallback
(w:altName) for each, so machines without the GB2312 fonts use 仿宋/黑体/楷体. See
docs/notice-format.md.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from .blocks import Block, Table

LINES_PER_PAGE = 29
TEXT_HEIGHT_PT = (297 - 37 - 35) / 25.4 * 72  # 637.8 pt of text area
LINE_PITCH = Pt(round(TEXT_HEIGHT_PT / LINES_PER_PAGE - 0.05, 1))  # 21.9 pt → 29 lines
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
TABLE_SIZE = Pt(10.5)  # 五号: the task table of an attachment
LATIN = "Times New Roman"
TITLE_CHARS_PER_LINE = 20  # 156 mm of line at 22 pt

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
# Font table fallbacks (w:altName) for machines without the official fonts.
FALLBACKS = {
    FONT_TITLE: "华文中宋",
    FONT_BODY: "仿宋",
    FONT_H2: "楷体",
    FONT_H1: "SimHei",
    FONT_PAGE: "SimSun",
}

STYLES = {
    # name: (east-asian font, size, bold, alignment, first-line indent in chars)
    "Notice Title": (FONT_TITLE, TITLE_SIZE, False, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Notice Heading 1": (FONT_H1, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "Notice Heading 2": (FONT_H2, BODY_SIZE, True, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "Notice Heading 3": (FONT_H2, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    "Notice Addressee": (FONT_BODY, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.LEFT, 0),
    "Notice Signature": (FONT_BODY, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    "Notice Date": (FONT_BODY, BODY_SIZE, False, WD_ALIGN_PARAGRAPH.RIGHT, 0),
}
BLOCK_STYLES = {
    "title": "Notice Title",
    "h1": "Notice Heading 1",
    "h2": "Notice Heading 2",
    "h3": "Notice Heading 3",
    "addressee": "Notice Addressee",
    "signature": "Notice Signature",
    "date": "Notice Date",
}
RUN_FONTS = {"h2": (FONT_H2, False), "lead": (FONT_BODY, True)}


def set_fonts(rpr_owner, east_asia: str, latin: str = LATIN) -> None:
    """Name the fonts of a run or style: Latin for ascii/hAnsi, ``east_asia`` for CJK."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    set_fonts(normal.element, FONT_BODY)
    normal.font.size = BODY_SIZE
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.first_line_indent = BODY_SIZE * 2
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = True
    for name, (font, size, bold, align, indent) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_fonts(style.element, font)
        style.font.size = size
        style.font.bold = bold
        pf = style.paragraph_format
        pf.alignment = align
        pf.first_line_indent = BODY_SIZE * indent if indent else Pt(0)
        if name == "Notice Title":
            pf.line_spacing = Pt(round(TITLE_SIZE.pt * 1.5))  # 33 pt, a title line and a half
            pf.space_after = LINE_PITCH  # one blank line under the title
        elif name.startswith("Notice Heading"):
            pf.keep_with_next = True
        elif name == "Notice Signature":
            pf.right_indent = BODY_SIZE * 2
            pf.space_before = LINE_PITCH * 2
        elif name == "Notice Date":
            pf.right_indent = BODY_SIZE * 4
    for name, font, align in (
        ("Notice Table", FONT_BODY, WD_ALIGN_PARAGRAPH.LEFT),
        ("Notice Table Header", FONT_H1, WD_ALIGN_PARAGRAPH.CENTER),
    ):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_fonts(style.element, font)
        style.font.size = TABLE_SIZE
        pf = style.paragraph_format
        pf.alignment = align
        pf.first_line_indent = Pt(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _setup_page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    # The pitch is recorded for Word's grid; exact line spacing sets it (no snapping, which
    # would double the height of lines set in a taller fallback font).
    grid.attrib.pop(qn("w:type"), None)
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.pt * 20)))
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_run(paragraph, instruction: str, placeholder: str) -> None:
    def add(kind: str, text: str | None = None):
        run = paragraph.add_run()
        set_fonts(run._r, FONT_PAGE)
        run.font.size = PAGE_NUMBER_SIZE
        if kind == "text":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "value":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)

    add("begin")
    add("text", f" {instruction} ")
    add("separate")
    add("value", placeholder)
    add("end")


def _page_number(paragraph, align) -> None:
    """ "— 1 —" in 宋体 四号, one character in from the outside edge."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = PAGE_NUMBER_SIZE
    else:
        fmt.left_indent = PAGE_NUMBER_SIZE
    for text in ("— ", None, " —"):
        if text is None:
            _field_run(paragraph, "PAGE", "1")
            continue
        run = paragraph.add_run(text)
        set_fonts(run._r, FONT_PAGE)
        run.font.size = PAGE_NUMBER_SIZE


def _font_table_fallbacks(doc) -> None:
    """Declare the official fonts with w:altName fallbacks and the GB2312 charset."""
    part = next(
        (p for p in doc.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"),
        None,
    )
    if part is None:
        return
    root = part.element if hasattr(part, "element") else etree.fromstring(part.blob)
    known = {el.get(qn("w:name")) for el in root.findall(qn("w:font"))}
    for name, alt in FALLBACKS.items():
        if name in known:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
        family = "modern" if name in {FONT_H1} else "roman"
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    if not hasattr(part, "element"):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def title_lines(title: str, per_line: int = TITLE_CHARS_PER_LINE) -> list[str]:
    """Break a long title where the meaning breaks: before 关于 (issuer / subject)."""
    if len(title) <= per_line:
        return [title]
    at = title.find("关于")
    if 0 < at <= per_line and len(title) - at <= per_line:
        return [title[:at], title[at:]]
    return [title]


def _section(doc, *, landscape: bool) -> None:
    """A new page in the given orientation; margins turn with the page (binding side up)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    long, short = Mm(297), Mm(210)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    if landscape:
        section.top_margin, section.bottom_margin = Mm(28), Mm(26)
        section.left_margin, section.right_margin = Mm(35), Mm(37)
    else:
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)


def _group_starts(rows: list[list[str]], grouped: tuple[int, ...]) -> list[dict[int, bool]]:
    """Per row and grouped column: does a merged group start here?"""
    starts = []
    for i, row in enumerate(rows):
        before = rows[i - 1] if i else None
        starts.append(
            {
                col: before is None
                or [row[g] for g in grouped[: k + 1]] != [before[g] for g in grouped[: k + 1]]
                for k, col in enumerate(grouped)
            }
        )
    return starts


def _fill(doc, cells, texts: list[str], widths: list[float], style: str) -> None:
    for cell, text, width in zip(cells, texts, widths, strict=True):
        cell.width = Mm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles[style]
        if text:
            paragraph.add_run(text)


def _table(doc, table: Table) -> None:
    """The table, its header repeated on every page, its grouped columns merged down."""
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
    grid.style = doc.styles["Table Grid"]
    grid.autofit = False
    for column, width in zip(grid.columns, table.widths_mm, strict=True):
        column.width = Mm(width)  # the grid LibreOffice lays out by; cells repeat it for Word
    head = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    _fill(doc, head.cells, table.header, table.widths_mm, "Notice Table Header")
    starts = _group_starts(table.rows, table.grouped)
    rows = [grid.rows[i + 1].cells for i in range(len(table.rows))]
    for cells, texts, begins in zip(rows, table.rows, starts, strict=True):
        shown = [t if begins.get(c, True) else "" for c, t in enumerate(texts)]
        _fill(doc, cells, shown, table.widths_mm, "Notice Table")
    for c in table.grouped:
        first = 0
        for i in range(1, len(rows) + 1):
            if i == len(rows) or starts[i][c]:
                if i - 1 > first:
                    rows[first][c].merge(rows[i - 1][c])
                first = i


def render_docx(blocks: list[Block], *, title: str, author: str = "") -> bytes:
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    _font_table_fallbacks(doc)
    body = doc.paragraphs[0] if doc.paragraphs else None
    if body is not None:
        body._p.getparent().remove(body._p)
    for block in blocks:
        if block.style in ("landscape", "portrait"):
            _section(doc, landscape=block.style == "landscape")
            continue
        if block.table is not None:
            _table(doc, block.table)
            continue
        if not block.text:
            continue
        paragraph = doc.add_paragraph(style=BLOCK_STYLES.get(block.style, "Normal"))
        if block.style == "title":
            lines = title_lines(block.text)
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if i < len(lines) - 1:
                    run.add_break()
            continue
        for item in block.runs:
            run = paragraph.add_run(item.text)
            if item.role in RUN_FONTS:
                font, bold = RUN_FONTS[item.role]
                set_fonts(run._r, font)
                if bold:
                    run.bold = True
    props = doc.core_properties
    props.title = title
    props.author = author
    props.language = "zh-CN"
    props.comments = "Rectify 整改通 — GB/T 9704-2012"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
