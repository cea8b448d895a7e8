"""From raw blocks to clean paragraphs: PDF line re-joining, web-page chrome removal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectify.documents.parser.model import Para, Table
from rectify.lib import numbering as nb
from rectify.lib.text import clean_whitespace, match_view

STRUCT_KINDS = (
    nb.ASPECT_DI,
    nb.PART_DI,
    nb.WENTI,
    nb.PAREN_CN,
    nb.PAREN_ARABIC,
    nb.PART,
    nb.RPAREN_ARABIC,
    nb.ARABIC,
    nb.CIRCLED_KIND,
)
_TERMINAL = tuple("。！？!?；;：:”」』")
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


@dataclass
class Prepared:
    blocks: list[Para | Table] = field(default_factory=list)
    source: str | None = None
    meta_date: str | None = None


def _is_struct_start(text: str) -> bool:
    return nb.parse_label(text, STRUCT_KINDS) is not None


def join_wrapped(lines: list[Para]) -> list[Para]:
    """Join hard-wrapped lines (text copied from PDF) back into paragraphs."""
    texts = [clean_whitespace(p.text) for p in lines]
    lengths = sorted(len(t) for t in texts if t)
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) >= 6 else 0
    out: list[Para] = []
    prev_open = False
    for para, text in zip(lines, texts, strict=True):
        if not text:
            prev_open = False
            continue
        if _PAGE_NO.match(match_view(text)):
            continue
        if prev_open and out and not _is_struct_start(text):
            out[-1].text += (
                "" if text[:1] > "\u2e80" or out[-1].text[-1:] > "\u2e80" else " "
            ) + text
        else:
            out.append(Para(text, para.loc_zh, para.loc_en))
        prev_open = width >= 15 and len(text) >= 0.75 * width and not text.endswith(_TERMINAL)
    return out


def prepare(blocks: list[Para | Table], kind: str) -> Prepared:
    """Clean paragraphs, drop page chrome, keep the 来源 and page date found in it."""
    result = Prepared()
    paras: list[Para | Table] = []
    pending: list[Para] = []

    def flush() -> None:
        if pending:
            if kind == "txt":
                paras.extend(join_wrapped(pending))
            else:
                paras.extend(Para(clean_whitespace(p.text), p.loc_zh, p.loc_en) for p in pending)
            pending.clear()

    for block in blocks:
        if isinstance(block, Table):
            flush()
            paras.append(block)
        else:
            pending.append(block)
    flush()
    for block in paras:
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
        m = _SOURCE.match(stripped)
        if m and len(stripped) < 80:
            src = text[len(text) - len(m.group("src")) :].strip()
            result.source = result.source or src
            continue
        m = _META_DATE.match(stripped)
        if m:
            result.meta_date = result.meta_date or m.group("d")
            continue
        if len(stripped) <= 40 and _CHROME_SHORT.search(stripped):
            continue
        if bullet and len(stripped) <= 2:
            continue
        if bullet:
            block.text = text[len(text) - len(stripped) :] if stripped else ""
            if not block.text:
                continue
        result.blocks.append(block)
    return result
