"""Text flattened from PDF: a report in one paragraph, page markers and spaced digits inside it.

"关于…的通报 根据…。一、…（一）…。— 1 — 1.…" → page markers removed, "1 2 3 万元" joined, and
the title, the headings and the signature put on lines of their own.
"""

from __future__ import annotations

import re

from rectify.parsing.model import Para

# Page markers inside a line: "— 1 —", "- 2 -", "第 3 页", "第3页 共9页".
_PAGE_MARK = re.compile(
    r"\s*(?:[—－–]{1,2}\s*\d{1,3}\s*[—－–]{1,2}|(?<![\w])-\s+\d{1,3}\s+-(?![\w])|"
    r"第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?)\s*"
)
_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?: \d)*(?: \. \d(?: \d)*)?(?![\d])")
_SPACED_PERCENT = re.compile(r"(?<=\d) +%")
_CN = "一二三四五六七八九十"
# A heading label after a sentence end or a space (where the PDF had a line break).
_HEADING = re.compile(
    rf"(?<=[。！？!?：:\s])\s*(?=(?:[{_CN}]{{1,3}}、|[（(][{_CN}]{{1,3}}[）)]|"
    rf"\d{{1,2}}[.．、](?=[\u4e00-\u9fff])|\d{{1,2}}[.．](?=\d{{1,3}}\s*[个名座处家项件所条])|[（(]\d{{1,2}}[）)]|第[{_CN}]{{1,3}}方面))"
    r"|(?<=[。！])\s*(?=欢迎|特此|联系电话|联系方式|监督电话|举报电话|"
    r"(?:(?:巡视|巡察|督察|审计)组?|针对(?:上述|以上)问题[，,]?)?(?:提出(?:以下|如下)?)?的?(?:意见)?建议[:：])"
    # the next item of a list after its first was cut ("：1．…；2．…；3．…")
    r"|(?<=[；;])\s*(?=\d{1,2}[.．、](?=[\u4e00-\u9fff])|[（(]\d{1,2}[）)])"
)
_TITLE = re.compile(r"^(.{4,60}?(?:通报|报告|意见|情况|公告|公示|决定|通知))\s+(?=\S)")
_SIGNATURE = re.compile(
    r"(?<=[。！”])\s*(?P<org>[^。！？\s]{2,40}?)\s*"
    r"(?P<date>(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○一二三四五六七八九十]{1,3}\s*日)\s*$"
)
_MIN_FLAT = 300  # a paragraph this long with headings inside it is a flattened page


def _clean(text: str) -> tuple[str, bool]:
    marked = _PAGE_MARK.search(text) is not None and len(text) > 80
    if marked:
        text = _PAGE_MARK.sub(" ", text)
    text = _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", ""), text)
    return _SPACED_PERCENT.sub("%", text), marked


def unflatten(para: Para) -> list[Para]:
    """One paragraph, or the lines a flattened page is made of."""
    text, marked = _clean(para.text)
    cuts = [m.start() for m in _HEADING.finditer(text)]
    if not (marked or (len(text) >= _MIN_FLAT and len(cuts) >= 3)):
        return [Para(text, para.loc_zh, para.loc_en)] if text != para.text else [para]
    lines: list[str] = []
    title = _TITLE.match(text)
    start = title.end() if title else 0
    if title:
        lines.append(title.group(1))
    for cut in [c for c in cuts if c > start] + [len(text)]:
        lines.append(text[start:cut])
        start = cut
    sig = _SIGNATURE.search(lines[-1])
    if sig:
        lines[-1:] = [lines[-1][: sig.start()], sig.group("org"), sig.group("date")]
    return [Para(x.strip(), para.loc_zh, para.loc_en) for x in lines if x.strip()]
