"""A ledger sheet as offices print it: rows grouped under 方面 / 问题 / 子问题 with the group
cells merged, written in constant memory (one row of look-ahead), print-ready on A4 landscape.

Used by the standard ledger (`ledger_layout`) and the approved plan's task list. The merged
cells are laid out so that a reader filling group cells down (`imports.ledger`) gets every
row's path back: a row writes its group cells from the first level where its path leaves the
previous row's, and one level higher when that level is empty for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import xlsxwriter

GROUP_LEVELS = 3  # 方面, 问题, 子问题: the columns right after 序号
FONT = "宋体"
FONT_SIZE = 10
LINE_PT = 13.5  # one line of 10 pt text, as LibreOffice and Excel lay it out
PAD_PT = 4
LIGHT_FILLS = {
    "red": "#F4B6B6",
    "yellow": "#FFE699",
    "green": "#C6E0B4",
    "grey": "#D9D9D9",
    "blue": "#BDD7EE",
}


@dataclass(frozen=True)
class Column:
    name: str
    width: float  # Excel's character units
    kind: str = "text"  # text, center, date


@dataclass
class SheetRow:
    path: tuple[str, ...]  # aspect, problem, sub-problem (as many as the finding has)
    values: list  # one per column after the group columns
    light: str = ""  # colours the status column
    heading: str = ""  # a round's title: a row of its own above its rows (several rounds)


@dataclass
class _Block:
    first: int
    height: float
    need: float
    text: str


@dataclass
class _State:
    row: int
    previous: tuple[str, ...] = ()
    blocks: list[_Block | None] = field(default_factory=lambda: [None] * GROUP_LEVELS)
    count: int = 0


def display_width(text: str) -> int:
    """Half-width units, a Chinese character taking two: (characters + UTF-8 bytes) / 2 counts
    one for ASCII and two for a three-byte character, at the speed of `encode`."""
    return (len(text) + len(text.encode("utf-8"))) // 2


def lines_needed(text, width: float) -> int:
    """Lines a wrapped cell of `width` takes (an estimate for 10 pt 宋体 in Excel)."""
    if not text or not isinstance(text, str):
        return 1
    capacity = max(2, int(width * 1.05))
    if "\n" not in text:
        return max(1, -(-display_width(text) // capacity))
    return sum(max(1, -(-display_width(part) // capacity)) for part in text.split("\n"))


def _start_level(path: tuple[str, ...], previous: tuple[str, ...]) -> int:
    padded = path + ("",) * (GROUP_LEVELS - len(path))
    before = previous + ("",) * (GROUP_LEVELS - len(previous))
    level = next((i for i in range(GROUP_LEVELS) if padded[i] != before[i]), GROUP_LEVELS)
    while level < GROUP_LEVELS and level > 0 and not padded[level]:
        level -= 1  # an empty cell cannot end the group above it: write the parent again
    return level


class GroupedSheet:
    """Write `SheetRow`s under a title, a summary and one header row."""

    HEADER_ROW = 3

    def __init__(self, output, *, columns: list[Column], sheet_name: str) -> None:
        self.columns = columns
        self.book = xlsxwriter.Workbook(
            output,
            {
                "constant_memory": True,
                "in_memory": False,
                # Text from documents is data, never a formula or a link (formula injection).
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "remove_timezone": True,
            },
        )
        self.sheet = self.book.add_worksheet(sheet_name)
        base = {"font_name": FONT, "font_size": FONT_SIZE, "border": 1, "valign": "vcenter"}
        self.fmt = {
            "text": self.book.add_format({**base, "text_wrap": True}),
            "center": self.book.add_format({**base, "text_wrap": True, "align": "center"}),
            "date": self.book.add_format({**base, "align": "center", "num_format": "yyyy-mm-dd"}),
            "group": self.book.add_format({**base, "text_wrap": True, "valign": "top"}),
        }
        self.lights = {
            colour: self.book.add_format(
                {**base, "text_wrap": True, "align": "center", "bg_color": fill}
            )
            for colour, fill in LIGHT_FILLS.items()
        }
        self.heading = self.book.add_format({**base, "bold": True, "bg_color": "#EDEDED"})
        self.status_col = next(
            (i for i, c in enumerate(columns) if c.name == "状态"), len(columns) - 1
        )

    def write(self, rows: Iterable[SheetRow], *, title: str, summary: str) -> int:
        self._top(title, summary)
        state = _State(row=self.HEADER_ROW + 1)
        pending: SheetRow | None = None
        for row in rows:
            if pending is not None:
                self._row(pending, state, following=row)
            pending = row
        if pending is not None:
            self._row(pending, state, following=None)
        self._print_ready(state.row - 1)
        self.book.close()
        return state.count

    def _top(self, title: str, summary: str) -> None:
        sheet, last = self.sheet, len(self.columns) - 1
        big = self.book.add_format(
            {"bold": True, "font_name": "黑体", "font_size": 16, "align": "center"}
        )
        small = self.book.add_format({"font_name": FONT, "font_size": 9})
        head = self.book.add_format(
            {
                "bold": True,
                "font_name": "黑体",
                "font_size": FONT_SIZE,
                "bg_color": "#DCE6F1",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
                "align": "center",
            }
        )
        for col, column in enumerate(self.columns):
            sheet.set_column(col, col, column.width)
        sheet.set_row(0, 26)
        sheet.merge_range(0, 0, 0, last, title, big)
        sheet.merge_range(1, 0, 1, last, summary, small)
        header_lines = max(lines_needed(c.name, c.width) for c in self.columns)
        sheet.set_row(self.HEADER_ROW, header_lines * LINE_PT + PAD_PT)
        for col, column in enumerate(self.columns):
            sheet.write(self.HEADER_ROW, col, column.name, head)

    def _row(self, row: SheetRow, state: _State, *, following: SheetRow | None) -> None:
        sheet = self.sheet
        if row.heading:
            last = len(self.columns) - 1
            sheet.merge_range(state.row, 0, state.row, last, row.heading, self.heading)
            sheet.set_row(state.row, lines_needed(row.heading, 150) * LINE_PT + PAD_PT)
            state.row, state.previous = state.row + 1, ()
            state.blocks = [None] * GROUP_LEVELS
        at = state.row
        state.count += 1
        sheet.write_number(at, 0, state.count, self.fmt["center"])
        lines = 1
        for col, value in enumerate(row.values, start=1 + GROUP_LEVELS):
            column = self.columns[col]
            self._cell(at, col, value, column, row.light)
            lines = max(lines, lines_needed(value, column.width))
        self._groups(row, state, lines * LINE_PT + PAD_PT, following)
        state.previous = row.path
        state.row = at + 1

    def _cell(self, at: int, col: int, value, column: Column, light: str) -> None:
        # The typed write_*() methods, not write(): its dispatch on the value's type was a
        # fifth of the sheet's time (2 million cells at city scale).
        fmt = self.lights.get(light) if col == self.status_col else None
        fmt = fmt or self.fmt.get(column.kind, self.fmt["text"])
        kind = value.__class__
        if value is None or value == "":
            self.sheet.write_blank(at, col, None, fmt)
        elif kind is str:
            self.sheet.write_string(at, col, value, fmt)
        elif kind is int:
            self.sheet.write_number(at, col, value, fmt)
        elif column.kind == "date" and hasattr(value, "isoformat"):
            self.sheet.write_datetime(at, col, value, fmt)
        else:
            self.sheet.write(at, col, value, fmt)

    def _groups(self, row: SheetRow, state: _State, own: float, following) -> None:
        """Write or continue the group cells; close the blocks that end on this row."""
        at, group = state.row, self.fmt["group"]
        padded = row.path + ("",) * (GROUP_LEVELS - len(row.path))
        start = _start_level(row.path, state.previous)
        for level in range(GROUP_LEVELS):
            text, width = padded[level], self.columns[1 + level].width
            if level >= start or state.blocks[level] is None:
                need = lines_needed(text, width) * LINE_PT + PAD_PT
                state.blocks[level] = _Block(first=at, height=0.0, need=need, text=text)
            if level >= start and text:
                self.sheet.write_string(at, 1 + level, text, group)
            else:
                self.sheet.write_blank(at, 1 + level, None, group)
            state.blocks[level].height += own  # type: ignore[union-attr]
        ends = 0 if following is None or following.heading else None
        if ends is None:
            ends = _start_level(following.path, row.path)
        height = own
        for level in reversed(range(ends, GROUP_LEVELS)):  # the innermost first
            block = state.blocks[level]
            assert block is not None
            if block.need > block.height:  # the merged text needs more room: on its last row
                extra = block.need - block.height
                height += extra
                for upper in state.blocks[:level]:
                    if upper is not None:
                        upper.height += extra
            if block.first < at and block.text:
                self._merge(block.first, 1 + level, at)
            state.blocks[level] = None
        self.sheet.set_row(at, height)

    def _merge(self, first: int, col: int, last: int) -> None:
        """Merge a group's cells once its last row is known. In constant memory the rows above
        are already written (each cell with its border), and `merge_range` refuses to touch
        them, so the range is recorded directly in XlsxWriter's list of merged ranges (the
        tests read the merged ranges back from the file)."""
        self.sheet.merge.append([first, col, last, col])

    def _print_ready(self, last_row: int) -> None:
        sheet = self.sheet
        sheet.freeze_panes(self.HEADER_ROW + 1, 0)
        sheet.autofilter(
            self.HEADER_ROW, 0, max(last_row, self.HEADER_ROW + 1), len(self.columns) - 1
        )
        print_ready(sheet, header_rows=self.HEADER_ROW)


def print_ready(sheet, *, header_rows: int) -> None:
    """A4 landscape, one page wide, the title and header rows on every page, page numbers
    in the footer: the ledger prints as offices file it, not as narrow portrait strips."""
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)  # as wide as one page, as long as it takes
    sheet.repeat_rows(0, header_rows)  # the title, the summary and the header on every page
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.center_horizontally()
    sheet.set_footer("&C第 &P 页，共 &N 页")
