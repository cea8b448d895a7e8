"""Paragraphs → title, preamble, body and closing, with the signature (issuer, date)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.model import Para
from rectify.parsing.tree import label

_TITLE_KW = re.compile(r"通报|报告|情况|意见|方案|公告|公示|通知|清单|台账|说明|决定|纪要")
_CLOSING = re.compile(
    r"欢迎.{0,30}(?:监督|批评|意见|建议)|联系方式|联系电话|举报电话|来信来访|特此(?:通报|报告|公告|说明)|"
    r"邮政编码|电子邮箱|监督电话|^公示期|如有(?:意见|异议)|^附件[:：]|^抄送[:：]|^[(（]此件|^(?:下一步|下步|今后)[，,]"
)
_ORG_NAME = re.compile(
    r"(?:委员会|党委|党组|党工委|工委|总支|支部|政府|办公室|办事处|局|厅|署|院|所|校|学|中心|公司|"
    r"集团|街道|镇|乡|委|会|组|部|处|站|办)$"
)
_DATE_LINE = re.compile(
    r"^[(（]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日\s*[)）]?$|^\d{4}-\d{1,2}-\d{1,2}$"
)
_SIGNED_DATE = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)$")


@dataclass
class Layout:
    title: str | None = None
    title_date: str | None = None
    issuer: str | None = None
    sig_date: str | None = None
    preamble: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)


def layout(paras: list[Para]) -> Layout:
    """Find the title, signature (issuer, date) and closing lines around the body."""
    lay = Layout()
    start = _title(paras, lay)
    while start < len(paras) and _DATE_LINE.match(match_view(paras[start].text).replace(" ", "")):
        lay.title_date = lay.title_date or paras[start].text
        start += 1
    end = _signature(paras, start, lay)
    end = _unsigned_issuer(paras, start, end, lay)
    tail_after = paras[end + (2 if lay.issuer else 1) :] if lay.sig_date else []
    closing_start = _closing_start(paras, start, end)
    lay.closing = paras[closing_start:end] + list(tail_after)
    body = paras[start:closing_start]
    k = 0
    while k < len(body) and not label(body[k].text) and not ms.find_chain(body[k].text):
        k += 1
    if k == len(body):
        k = min(len(body), 1 if len(body) > 1 else 0)
    lay.preamble, lay.body = body[:k], body[k:]
    return lay


def _title(paras: list[Para], lay: Layout) -> int:
    """Sets the title (among the first eight paragraphs); returns where the text starts."""
    for i, p in enumerate(paras[:8]):
        text = p.text
        if label(text) or len(text) > 100 or text.endswith(("。", "；")):
            continue
        tail = i > 0 and text.startswith(("关于", "的"))  # a title wrapped before 关于 / 的…
        if _TITLE_KW.search(text) and (len(text) >= 6 or tail):
            lay.title = text
            if tail and len(paras[i - 1].text) <= 40:
                prev = paras[i - 1].text
                if not label(prev) and not prev.endswith("。"):
                    lay.title = prev + text
            return i + 1
    first = paras[0].text if paras else ""
    if first and len(first) <= 60 and not first.endswith("。") and not label(first):
        lay.title = first
        return 1
    return 0


def _signature(paras: list[Para], start: int, lay: Layout) -> int:
    """Issuer and date among the last lines ("…委员会 ¶ 2023年10月19日"); returns the body end."""
    end = len(paras)
    i = end - 1
    while i >= start and end - i <= 6:
        view = match_view(paras[i].text).replace(" ", "")
        if _DATE_LINE.match(view) and lay.sig_date is None:
            return _dated(paras, i, start, lay)
        m = _SIGNED_DATE.search(view)
        if m and len(view) <= 60 and not view.endswith("。"):
            head = view[: m.start()].strip()
            if head and not label(head):
                lay.issuer, lay.sig_date = head, m.group(1)
                return i
        i -= 1
    return end


def _dated(paras: list[Para], i: int, start: int, lay: Layout) -> int:
    """A date line at ``i``, signed by the short line before it when that is a name."""
    lay.sig_date = paras[i].text.strip()
    prev = paras[i - 1].text if i - 1 >= start else ""
    short = prev and len(prev) <= 50 and not prev.endswith(("。", "；"))
    if short and not label(prev) and not _CLOSING.search(match_view(prev)):
        lay.issuer = prev.strip()
        return i - 1
    return i


def _unsigned_issuer(paras: list[Para], start: int, end: int, lay: Layout) -> int:
    """No date: an organisation's name as the last line is the issuer."""
    if lay.sig_date is not None or end - 1 <= start:
        return end
    last = paras[end - 1].text.strip()
    view = match_view(last)
    if (
        len(last) <= 30
        and not label(last)
        and not view.endswith(("。", "；", ";", "：", ":"))
        and _ORG_NAME.search(view)
        and not _CLOSING.search(view)
    ):
        lay.issuer = last
        return end - 1
    return end


def _closing_start(paras: list[Para], start: int, end: int) -> int:
    """Up to four closing lines (特此通报, 联系电话 …) before the signature."""
    closing_start = end
    j = end - 1
    while j >= start and end - j <= 4:
        text = paras[j].text
        if label(text) or not _CLOSING.search(match_view(text)):
            break
        closing_start = j
        j -= 1
    return closing_start
