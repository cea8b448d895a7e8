"""Problems listed inside one paragraph: "存在以下问题：一是……；二是……" or "…问题:一、…;二、…"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.context import Ctx
from rectify.parsing.enums import ParsedFindingKind, WarningCode
from rectify.parsing.model import Para, ParsedFinding

_CN = "一二三四五六七八九十"
# The clause that announces the list ends in a colon and names problems; each colon is read
# with at most _INTRO_WINDOW characters before it (a long text without colons costs nothing).
_COLON = re.compile(r"[：:]")
_INTRO = re.compile(r"(?:问题|不足|短板|差距|方面|情况|表现(?:在|为)?)[^。；;：:]{0,16}$")
_INTRO_WINDOW = 80
_ITEM_MAX = 400
_COUNT = re.compile(rf"(\d{{1,3}}|[{_CN}两]{{1,3}})\s*(?:个方面|个类别|大类|类|个|条|项|方面|处)")
_SEP = r"(?:^|(?<=[；;。，,\s:：]))"
_KINDS: list[tuple[nb.LabelKind, re.Pattern[str]]] = [
    (nb.SHI, re.compile(rf"{_SEP}([{_CN}]{{1,3}})是(?![非否])")),
    (nb.PART, re.compile(rf"{_SEP}([{_CN}]{{1,3}})、")),
    (nb.PAREN_CN, re.compile(rf"{_SEP}[(（]([{_CN}]{{1,3}})[)）]")),
    (nb.ARABIC, re.compile(rf"{_SEP}(\d{{1,2}})[.．、](?!\d)")),
    (nb.PAREN_ARABIC, re.compile(rf"{_SEP}[(（](\d{{1,2}})[)）]")),
]


@dataclass(frozen=True, slots=True)
class _Item:
    kind: nb.LabelKind
    ordinal: int
    raw: str
    text: str


def _items(text: str, view: str, start: int) -> list[_Item]:
    """Consecutive labels 1, 2, 3 … from ``start`` (the first right after the colon)."""
    for kind, rx in _KINDS:
        if rx.search(view, start, start + 6) is None:
            continue  # the list starts right after the colon, or it is no list
        found: list[re.Match[str]] = []
        for m in rx.finditer(view, start):
            n = nb.cn_to_int(m.group(1))
            if not found and (m.start() > start + 2 or n != 1):
                break
            if found and m.start() - found[-1].end() > _ITEM_MAX:
                break  # an item of an inline list is a clause, not a page
            if n == len(found) + 1:
                found.append(m)
        if len(found) < 2:
            continue
        out: list[_Item] = []
        for i, m in enumerate(found):
            end = found[i + 1].start() if i + 1 < len(found) else len(text)
            body = text[m.end() : end]
            if i + 1 == len(found):
                stop = re.search(r"[。](?=.)", match_view(body))
                body = body[: stop.end()] if stop else body
            out.append(_Item(kind, i + 1, text[m.start() : m.end()], body.strip(" ；;，,\n")))
        return out
    return []


def announces_list(lead: str) -> bool:
    """A clause that ends by announcing problems listed after it ("主要存在以下问题：")."""
    view = match_view(lead).rstrip()
    if not view.endswith((":", "：")):
        return False
    return bool(_INTRO.search(re.split(r"[。；;]", view[-_INTRO_WINDOW:-1])[-1]))


def lists_inline(text: str) -> bool:
    """A heading whose problems follow it inline ("…不力。主要存在以下问题：一是…；二是…")."""
    view = match_view(text)
    for colon in _COLON.finditer(view):
        if announces_list(view[: colon.end()]) and _items(text, view, colon.end()):
            return True
    return False


def _announced(intro: str) -> int | None:
    m = _COUNT.search(match_view(intro))
    return nb.cn_to_int(m.group(1)) if m else None


def inline_findings(paras: list[Para], ctx: Ctx) -> list[ParsedFinding]:
    """One problem per item of the first paragraph that lists problems inline."""
    for p in paras:
        view = match_view(p.text)
        for colon in _COLON.finditer(view):
            lo = max(0, colon.start() - _INTRO_WINDOW)
            clause = re.split(r"[。；;]", view[lo : colon.start()])[-1]
            if not _INTRO.search(clause):
                continue
            items = _items(p.text, view, colon.end())
            if not items:
                continue
            _warn(ctx, _announced(clause), len(items))
            return [_finding(x) for x in items]
    return []


def _warn(ctx: Ctx, announced: int | None, found: int) -> None:
    ctx.warn(
        WarningCode.INLINE_LIST,
        f"问题以段内列举的形式给出，已拆分为{found}个问题",
        f"the problems are listed inside a paragraph; split into {found} problems",
        None,
    )
    if announced is not None and announced != found:
        ctx.warn(
            WarningCode.COUNT_MISMATCH,
            f"文中称有{announced}个（类）问题，实际列出{found}个",
            f"the text announces {announced} problems but lists {found}",
            None,
        )


def _finding(item: _Item) -> ParsedFinding:
    label = nb.canonical_label(item.kind, item.ordinal)
    return ParsedFinding(
        label=label,
        label_raw=item.raw.strip(),
        kind=ParsedFindingKind.PROBLEM,
        title=ms.clean_title(ms.split_lead(item.text)[0]),
        lead=item.text,
        text=item.raw + item.text,
        path=[label],
        label_kind=item.kind,
        ordinal=item.ordinal,
    )
