"""From raw blocks to clean paragraphs: PDF line re-joining, web-page chrome removal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectify.lib import numbering as nb
from rectify.lib.text import clean_whitespace, match_view
from rectify.parsing.enums import SourceKind
from rectify.parsing.flatten import unflatten
from rectify.parsing.model import Block, Para, Table

STRUCT_KINDS: tuple[nb.LabelKind, ...] = (
    nb.ASPECT_DI,
    nb.PART_DI,
    nb.WENTI,
    nb.PAREN_CN,
    nb.PAREN_ARABIC,
    nb.PART,
    nb.RPAREN_ARABIC,
    nb.ARABIC,
    nb.CIRCLED_KIND,
    nb.LETTER,
)
_TERMINAL = tuple("。！？!?；;：:")
_CLOSE_QUOTE = tuple('”」』’"')
_BULLET = re.compile(r"^[•·●▪■◆◇○►▶\-*]\s*")
_NAV = re.compile(
    r"^(?:所在位置|当前位置|您的位置|您现在的位置|您当前的位置|位置)\s*[:：>]|^首页\s*[>›»/]"
)
_SOURCE = re.compile(r"^(?:信息来源|文章来源|来源|发布机构|发文机关)\s*[:：]\s*(?P<src>.+)$")
_META_DATE = re.compile(
    r"^(?:(?:发布|更新|成文|印发)?(?:时间|日期)\s*[:：]\s*)?(?P<d>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_CHROME_SHORT = re.compile(
    r"【?字号|字体\s*[:：]|^[大中小]\s*】?$|^[【\[]?[大中小][】\]]?$|分享到|打印本页|^【?打印】?$|关闭窗口|"
    r"^【?关闭】?$|返回顶部|扫一扫|^收藏|浏览次数|阅读次数|访问量|点击数|责任编辑|^编辑\s*[:：]|"
    r"^审核\s*[:：]|^校对\s*[:：]|版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|技术支持|"
    r"^联系我们$|网站地图|^上一篇|^下一篇|相关链接|相关文章|^附件下载|^【?纠错】?$|^视力保护色"
)
_PAGE_NO = re.compile(r"^[-—－–\s]*\d{1,3}\s*[-—－–]*$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$")
# A page's meta line: "发布时间：2024-01-05 来源：市卫健委 浏览次数：1024 【字体：大 中 小】"
_META_KEYS = re.compile(
    r"(?:发布|更新|成文)?(?:时间|日期)\s*[:：]|(?:信息|文章)?来源\s*[:：]|浏览(?:次数|量)|点击(?:数|量|率)|"
    r"阅读(?:次数|量)|访问量|【?(?:字体|字号)\s*[:：]|作者\s*[:：]|发布机构\s*[:：]"
)
_META_DATE_IN = re.compile(
    r"(?:(?:时间|日期)\s*[:：]\s*|^)(?P<d>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)(?!\d)"
)
# A bare date leading a meta line ("2023.12.08  来源：县委巡察办") counts as one of its keys.
_LEAD_DATE = re.compile(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s")
_META_SOURCE_IN = re.compile(
    r"(?:信息|文章)?来源\s*[:：]\s*(?P<src>[^\s【\[|｜]+?)(?=\s|【|\[|[|｜]|浏览|点击|作者|发布|$)"
)
# Site footer: everything after it on a web page is chrome.
_FOOTER = re.compile(r"版权所有|ICP备|网站标识码|公网安备|^主办单位\s*[:：]|^Copyright|^©")


@dataclass
class Prepared:
    blocks: list[Block] = field(default_factory=list)
    source: str | None = None
    meta_date: str | None = None


def _is_struct_start(text: str) -> bool:
    return nb.parse_label(text, STRUCT_KINDS) is not None


_COMMA = tuple("，,、")


def _starts_enumeration(text: str) -> bool:
    return nb.parse_label(text, (nb.SHI, nb.DI_ENUM)) is not None


def _opens_meta(text: str) -> bool:
    """A page meta line ("2023.12.08  来源：…"): never the rest of a wrapped line."""
    view = match_view(text)
    return bool(_LEAD_DATE.match(view) or _META_KEYS.match(view))


def _ends_open(text: str) -> bool:
    """The line stops mid-sentence (no 。；： at its end; ” only after 。！？)."""
    if text.endswith(_TERMINAL):
        return False
    if text.endswith(_CLOSE_QUOTE):
        return not text.rstrip('”」』’"').endswith(_TERMINAL)
    return True


def _running_heads(texts: list[str], page_no: list[bool]) -> set[int]:
    """Lines repeated next to page numbers: the issuer or title printed at each page's top."""
    near: dict[str, list[int]] = {}
    n = len(texts)
    for i in (i for i in range(n) if page_no[i]):
        for step in (-1, 1):
            j, seen = i + step, 0
            while 0 <= j < n and seen < 2:
                if texts[j] and not page_no[j]:
                    seen += 1
                    t = texts[j]
                    if len(t) <= 40 and not t.endswith(_TERMINAL) and not _is_struct_start(t):
                        near.setdefault(t, []).append(j)
                    break
                j += step
    drop: set[int] = set()
    if not near:
        return drop
    counts: dict[str, int] = {}
    for t in texts:
        if t in near:
            counts[t] = counts.get(t, 0) + 1
    filled = [i for i, t in enumerate(texts) if t and not page_no[i]]
    signature = set(filled[-2:])  # the issuer above the date is no running head
    for t, idx in near.items():
        if counts.get(t, 0) >= 2 and (len(set(idx)) >= 2 or texts.index(t) not in idx):
            drop.update(i for i in idx if i not in signature)
    return drop


def join_wrapped(lines: list[Para]) -> list[Para]:
    """Join hard-wrapped lines (text copied from PDF) back into paragraphs.

    Page numbers ("— 3 —") and running heads repeated at each page's top are dropped, and a
    sentence broken by a page break is joined across it.
    """
    texts = [clean_whitespace(p.text) for p in lines]
    lengths = sorted(len(t) for t in texts if t)
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 6 else 0
    page_no = [bool(t) and bool(_PAGE_NO.match(match_view(t))) for t in texts]
    drop = _running_heads(texts, page_no) if any(page_no) else set()
    out: list[Para] = []
    prev_open = False
    blank = False
    page_break = False
    for i, (para, text) in enumerate(zip(lines, texts, strict=True)):
        if not text:
            blank = True
            continue
        if page_no[i] or i in drop:
            page_break = True
            continue
        joins = prev_open and (not blank or page_break)
        if joins and out and _starts_enumeration(text) and not out[-1].text.endswith(_COMMA):
            joins = False  # "（二）…的问题" ¶ "第一，…": a heading, then its measures
        if joins and out and not _is_struct_start(text) and not _opens_meta(text):
            out[-1].text += (
                "" if text[:1] > "\u2e80" or out[-1].text[-1:] > "\u2e80" else " "
            ) + text
        else:
            out.append(Para(text, para.loc_zh, para.loc_en))
        prev_open = width >= 15 and len(text) >= 0.75 * width and _ends_open(text)
        blank = page_break = False
    return out


def _joined(blocks: list[Block], kind: SourceKind) -> list[Block]:
    """Paragraphs cleaned of odd whitespace; a text file's wrapped lines joined (tables kept)."""
    out: list[Block] = []
    pending: list[Para] = []

    def flush() -> None:
        if pending:
            if kind == SourceKind.TXT:
                out.extend(join_wrapped(pending))
            else:
                out.extend(Para(clean_whitespace(p.text), p.loc_zh, p.loc_en) for p in pending)
            pending.clear()

    for block in blocks:
        if isinstance(block, Table):
            flush()
            out.append(block)
        else:
            pending.extend(unflatten(block))
    flush()
    return out


def _meta(result: Prepared, text: str, stripped: str) -> bool:
    """A page's meta line (发布时间, 来源): keeps the date and source; True when it was one."""
    keys = len(_META_KEYS.findall(stripped)) + (1 if _META_DATE_IN.match(stripped) else 0)
    if len(stripped) <= 160 and keys >= 2:
        m = _META_DATE_IN.search(stripped)
        if m:
            result.meta_date = result.meta_date or m.group("d")
        m = _META_SOURCE_IN.search(stripped)
        if m and not result.source:
            result.source = text[m.start("src") : m.end("src")].strip()
        return True
    m = _SOURCE.match(stripped)
    if m and len(stripped) < 80:
        src = text[len(text) - len(m.group("src")) :].strip()
        result.source = result.source or src
        return True
    m = _META_DATE.match(stripped)
    if m:
        result.meta_date = result.meta_date or m.group("d")
        return True
    return False


def prepare(blocks: list[Block], kind: SourceKind) -> Prepared:
    """Clean paragraphs, drop page chrome, keep the 来源 and page date found in it."""
    result = Prepared()
    seen = 0
    for block in _joined(blocks, kind):
        if isinstance(block, Table):
            result.blocks.append(block)
            continue
        text = block.text
        if not text:
            continue
        view = match_view(text)
        stripped = _BULLET.sub("", view).strip()
        bullet = stripped != view.strip()
        if _NAV.search(stripped) or _PAGE_NO.match(stripped):
            continue
        if (
            kind == SourceKind.HTML
            and seen >= 5
            and len(stripped) <= 200
            and _FOOTER.search(stripped)
        ):
            break
        if _meta(result, text, stripped):
            continue
        if (len(stripped) <= 40 and _CHROME_SHORT.search(stripped)) or (
            bullet and len(stripped) <= 2
        ):
            continue
        if bullet:
            block.text = text[len(text) - len(stripped) :] if stripped else ""
            if not block.text:
                continue
        seen += 1
        result.blocks.append(block)
    return result
