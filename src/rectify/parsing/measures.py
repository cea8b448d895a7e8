"""Splitting a paragraph into lead sentence and inline measures (一是…二是…)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rectify.lib.numbering import CIRCLED, LabelKind, canonical_label, cn_to_int
from rectify.lib.text import match_view
from rectify.parsing.model import ParsedMeasure

_B = r"(?:(?<=^)|(?<=[。；;，,:：！!？?\s”\"）)\]]))"
_CN = "一二三四五六七八九十"
_CHAINS: list[tuple[LabelKind, re.Pattern[str]]] = [
    (LabelKind.SHI, re.compile(rf"{_B}([{_CN}]{{1,3}})是(?![非否])")),
    # 第一，… / 其一，… (read as 第一)
    (
        LabelKind.DI_ENUM,
        re.compile(rf"(?:(?<=^)|(?<=[。；;:：\n]))[第其]([{_CN}]{{1,3}})[,，、:：]"),
    ),
    (LabelKind.PAREN_ARABIC, re.compile(rf"{_B}[(（](\d{{1,2}})[)）]")),
    (LabelKind.CIRCLED, re.compile(rf"{_B}([{CIRCLED}])")),
]
_ARABIC_LINE = re.compile(r"(?:(?<=^)|(?<=[\n。；;:：]))\s*(\d{1,2})\s*[.、．](?!\d)")
_ALL_CHAINS = [*_CHAINS, (LabelKind.ARABIC, _ARABIC_LINE)]
_DIGIT_DOT = re.compile(r"\d\s*[.、．]")
_CIRCLED_ANY = re.compile(f"[{CIRCLED}]")
# Cheap tests that a text may hold a chain of that kind at all (most texts hold none).
_MAY_HAVE: dict[LabelKind, Callable[[str], bool]] = {
    LabelKind.SHI: lambda v: "是" in v,
    LabelKind.DI_ENUM: lambda v: "第" in v or "其" in v,
    LabelKind.PAREN_ARABIC: lambda v: "(" in v,
    LabelKind.CIRCLED: lambda v: _CIRCLED_ANY.search(v) is not None,
    LabelKind.ARABIC: lambda v: _DIGIT_DOT.search(v) is not None,
}
_SENTENCE_END = re.compile(r"[。！？!?]")
_LEAD_COLON = re.compile(r"^[^。]{2,80}?(?:问题|方面|情况|如下)[)）]?\s*[:：]")
LEAD_LIKE = re.compile(r"^(?:针对|关于|对于|就)|问题[)）]?\s*[。.:：]?$")
MARKER = re.compile(
    r"(?:整改|落实)(?:情况|措施|进展|进度|结果|成效|举措)\s*[:：]|整改完成情况\s*[:：]|"
    r"(?:已采取的)?措施\s*[:：]"
)

_MARKER_TAIL = re.compile(rf"(?:{MARKER.pattern})\s*$")


@dataclass(slots=True)
class Chain:
    """An enumeration found in a text: where each label starts and ends, and its number."""

    kind: LabelKind
    starts: list[int]  # start of each label
    ends: list[int]  # end of each label
    ordinals: list[int]
    rejected: list[int]  # ordinals seen at a boundary but out of sequence


def _ordinal(kind: LabelKind, token: str) -> int | None:
    if kind == LabelKind.CIRCLED:
        return CIRCLED.index(token) + 1
    return int(token) if token.isdigit() else cn_to_int(token)


def find_chain(
    text: str,
    *,
    lines: bool = False,
    after: int = 0,
    kind: LabelKind | None = None,
    opens: bool = False,
) -> Chain | None:
    """The enumeration (一是… / 第一，… / （1）… / ①… / 1.…) that splits ``text`` into measures.

    ``after``: the chain continues one from an earlier paragraph whose last label had this
    ordinal (一是… in one paragraph, 二是… in the next); ``kind`` then names that chain's kind.
    Inline arabic labels ("问题。1.…；2.…") count only after a sentence break or at a line start.
    """
    view = match_view(text)
    patterns = _ALL_CHAINS if kind is None else [x for x in _ALL_CHAINS if x[0] == kind]
    for kind_, rx in patterns:
        if not _MAY_HAVE[kind_](view):
            continue
        chain = Chain(kind_, [], [], [], [])
        for m in rx.finditer(view):
            n = _ordinal(kind_, m.group(1))
            if n is None:
                continue
            last = chain.ordinals[-1] if chain.ordinals else after
            first = not chain.ordinals and (n <= 2 if not after else after < n <= after + 3)
            if first or (chain.ordinals and last < n <= last + 3):
                chain.starts.append(m.start())
                chain.ends.append(m.end())
                chain.ordinals.append(n)
            elif chain.ordinals:
                chain.rejected.append(n)
        if not chain.ordinals:
            continue
        if after or (opens and chain.starts[0] <= 1):
            return chain
        if kind_ == LabelKind.SHI and (chain.ordinals[0] == 1 or len(chain.ordinals) >= 2):
            return chain
        if len(chain.ordinals) >= 2 and chain.ordinals[0] == 1:
            return chain
    return None


def label_for(kind: LabelKind, n: int) -> str:
    if kind in (LabelKind.SHI, LabelKind.DI_ENUM):
        return canonical_label(kind, n)
    if kind == LabelKind.PAREN_ARABIC:
        return f"（{n}）"
    if kind == LabelKind.CIRCLED:
        return CIRCLED[n - 1] if 0 < n <= len(CIRCLED) else f"({n})"
    return f"{n}."


def split_chain(text: str, chain: Chain) -> tuple[str, list[ParsedMeasure]]:
    """Text before the first label, and the measures (label stripped) in order."""
    measures: list[ParsedMeasure] = []
    bounds = [*chain.starts[1:], len(text)]
    for i, n in enumerate(chain.ordinals):
        body = text[chain.ends[i] : bounds[i]].strip(" \n\t；;，,")
        measures.append(ParsedMeasure(label_for(chain.kind, n), body))
    return text[: chain.starts[0]].strip(), measures


def split_lead(text: str) -> tuple[str, str]:
    """First sentence (with its 。) and the rest of a paragraph."""
    view = match_view(text)
    m = _LEAD_COLON.match(view)
    if m and m.end() < len(text.rstrip()):
        return text[: m.end()].strip(), text[m.end() :].strip()
    m = _SENTENCE_END.search(view)
    while m and view.count("“", 0, m.start()) > view.count("”", 0, m.start()):
        close = view.find("”", m.start())  # 。 inside a quoted problem: 关于“…。…”的问题。
        m = _SENTENCE_END.search(view, close + 1) if close >= 0 else None
    if m and m.end() < len(text.rstrip()):
        end = m.end()
        while end < len(text) and text[end] in '”’"」』）)':
            end += 1
        return text[:end].strip(), text[end:].strip()
    return text.strip(), ""


def split_marker(text: str) -> tuple[str, str] | None:
    """ "问题…。整改情况：…" → (before, after) around the first 整改情况/措施 marker."""
    m = MARKER.search(match_view(text))
    if not m:
        return None
    return text[: m.start()].strip(), text[m.end() :].strip()


def clean_title(lead: str) -> str:
    return lead.strip().rstrip("。.：:；;，, ").strip()


def strip_marker_tail(lead: str) -> str:
    """ "…的问题。整改情况：" → "…的问题。" (the marker that introduced the measures)."""
    m = _MARKER_TAIL.search(match_view(lead))
    return lead[: m.start()].strip() if m and m.start() > 0 else lead
