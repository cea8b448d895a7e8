"""The notice as a flat list of paragraphs with styled runs: what every renderer prints.

Styles of a block: title, h1 (一、 黑体), h2 (aspect, 楷体 bold), h3 (（一） problem, 楷体),
body (仿宋), signature, date. Roles of a run inside a body paragraph: body, h2 (run-in
（一） heading in 楷体), lead (the 1． item's problem sentence, 仿宋 bold).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rectify.inspections.enums import FindingKind
from rectify.lib.text import xml_safe

from .content import MeasureLine, Node, Notice, Section
from .typography import official, sentence


@dataclass
class Run:
    text: str
    role: str = "body"
    anchor: str = ""  # a stable public reference (M<measure id>) where the run is one measure

    def __post_init__(self) -> None:
        # Stored text may predate the boundary's cleaning: nothing XML cannot hold goes on.
        self.text = xml_safe(self.text)


@dataclass
class Table:
    """A table of the document (the plan's 整改任务清单): a header row repeated on every page,
    widths in millimetres, and the `grouped` columns merged down over equal values, nested in
    the order given (a group also ends where a group before it changes)."""

    header: list[str]
    widths_mm: list[float]
    rows: list[list[str]]
    grouped: tuple[int, ...] = ()


@dataclass
class Block:
    """A paragraph; or, with style "table", a table; or a page break into a "landscape" or
    "portrait" section."""

    style: str
    runs: list[Run] = field(default_factory=list)
    public_exempt: bool = False  # the published contact block keeps its phone number
    table: Table | None = None
    anchor: str = ""  # a stable public reference (P<finding id>) of the problem it prints

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def _heading(label: str, title: str, sep: str = "") -> str:
    if not label:
        return title
    if title.startswith(label):
        return title
    return f"{label}{sep}{title}" if title else label


def measures_text(lines: list[MeasureLine]) -> str:
    """一是…。二是…。 — each measure's latest progress (or its text) after its label."""
    return "".join(f"{line.label}{sentence(line.text)}" for line in lines)


def measure_runs(lines: list[MeasureLine]) -> list[Run]:
    """The same text as ``measures_text``, one run per measure, each with its reference."""
    return [
        Run(f"{line.label}{sentence(line.text)}", anchor=f"M{line.pk}" if line.pk else "")
        for line in lines
    ]


def _section_blocks(sections: list[Section]) -> list[Block]:
    out = []
    for section in sections:
        if section.level == 1:
            out.append(Block("h1", [Run(_heading(section.label, section.title), "h1")]))
            if section.text:
                out.extend(Block("body", [Run(p)]) for p in section.text.split("\n") if p)
        elif section.level == 2:
            paragraphs = [p for p in section.text.split("\n") if p] or [""]
            head = sentence(_heading(section.label, section.title))
            out.append(Block("body", [Run(head, "h2"), Run(paragraphs[0])]))
            out.extend(Block("body", [Run(p)]) for p in paragraphs[1:])
        else:
            out.extend(Block("body", [Run(p)]) for p in section.text.split("\n") if p)
    return out


def _node_blocks(node: Node) -> list[Block]:
    out = []
    anchor = f"P{node.pk}" if node.pk else ""
    if node.kind == FindingKind.ASPECT:
        out.append(Block("h2", [Run(_heading(node.label, node.title, "，"), "h2")], anchor=anchor))
        if node.measures:
            out.append(Block("body", measure_runs(node.measures)))
    elif node.kind == FindingKind.PROBLEM and (node.children or not node.measures):
        out.append(Block("h3", [Run(_heading(node.label, node.title), "h3")], anchor=anchor))
        if node.measures:
            out.append(Block("body", measure_runs(node.measures)))
    else:  # a run-in paragraph: 1．针对……的问题。一是……二是……
        lead = sentence(_heading(node.label, node.title))
        runs = [Run(lead, "lead"), *measure_runs(node.measures)]
        out.append(Block("body", runs, anchor=anchor))
    for child in node.children:
        out.extend(_node_blocks(child))
    return out


def notice_blocks(notice: Notice, *, mask: Callable[[str], str] | None = None) -> list[Block]:
    """All paragraphs of the notice, punctuation made official; ``mask`` hides personal data."""
    blocks = [Block("title", [Run(notice.title, "title")])]
    blocks.extend(Block("body", [Run(p)]) for p in notice.preamble)
    blocks.extend(_section_blocks(notice.before))
    if notice.findings_heading:
        heading = _heading(notice.findings_label, notice.findings_heading)
        blocks.append(Block("h1", [Run(heading, "h1")]))
    blocks.extend(Block("body", [Run(p)]) for p in notice.findings_intro)
    blocks.append(Block("body", [Run(notice.summary)]))
    for root in notice.findings:
        blocks.extend(_node_blocks(root))
    blocks.extend(_section_blocks(notice.after))
    if notice.contact:
        blocks.append(Block("body", [Run(notice.contact)], public_exempt=True))
    blocks.append(Block("signature", [Run(notice.issuer)]))
    if notice.date:
        date = f"{notice.date.year}年{notice.date.month}月{notice.date.day}日"
        blocks.append(Block("date", [Run(date)]))
    for block in blocks:
        for run in block.runs:
            run.text = official(run.text)
            if mask is not None and not block.public_exempt:
                run.text = mask(run.text)
    return blocks
