"""Rebuild Word automatic numbering (一、 （一） 1.) that python-docx leaves out of the text."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from rectify.lib.numbering import CIRCLED, int_to_cn, int_to_cn_digits

_CN_FORMATS = {
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "taiwaneseCounting",
    "japaneseCounting",
    "koreanCounting",
}


def _fmt(n: int, fmt: str) -> str:
    if fmt in _CN_FORMATS:
        return int_to_cn(n)
    if fmt == "ideographDigital" or fmt == "taiwaneseDigital":
        return int_to_cn_digits(n)
    if fmt.startswith("decimalEnclosedCircle"):
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else str(n)
    if fmt in ("upperLetter", "lowerLetter"):
        ch = chr(ord("A") + (n - 1) % 26)
        return ch if fmt == "upperLetter" else ch.lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numberer:
    """Yields the label text Word would display in front of each numbered paragraph."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for an in root.findall(qn("w:abstractNum")):
            lvls: dict[int, tuple[str, str, int]] = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                lvls[ilvl] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[an.get(qn("w:abstractNumId"))] = lvls
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})

    def _num_pr(self, paragraph: Any) -> tuple[str, int] | None:
        ppr = paragraph._p.pPr
        elements = [ppr] if ppr is not None else []
        style = paragraph.style if self.levels else None
        while style is not None:
            elements.append(style.element.pPr)
            style = style.base_style
        for el in elements:
            if el is None:
                continue
            num_pr = el.find(qn("w:numPr"))
            if num_pr is None:
                continue
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is None:
                continue
            return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        return None

    def label(self, paragraph: Any) -> str:
        if not self.levels:
            return ""
        found = self._num_pr(paragraph)
        if not found or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        lvls = self.levels[num_id]
        if ilvl not in lvls:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, lvls[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = lvls[ilvl][1]
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                fmt, _, start = lvls.get(k, ("decimal", "", 1))
                text = text.replace(token, _fmt(counters.get(k, start), fmt))
        return text
