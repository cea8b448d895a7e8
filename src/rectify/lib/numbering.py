"""Chinese numerals and the numbering labels of official documents.

Labels: 一、 （一） (一) 1. 1、 1． （1） (1) 1） ① A． （A） a、 第一方面 问题一 一是 第一，
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rectify.lib.text import match_view

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_DIGIT_CHARS = "零一二三四五六七八九"
CN_NUM = "零〇○一二三四五六七八九十百两"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"


class LabelKind(StrEnum):
    """Label kinds (levels): their order of appearance gives the hierarchy of a document."""

    PART = "part"  # 一、
    PART_DI = "part_di"  # 第一部分
    ASPECT_DI = "aspect_di"  # 第一方面
    PAREN_CN = "paren_cn"  # （一）
    ARABIC = "arabic"  # 1. 1、 1．
    PAREN_ARABIC = "paren_arabic"  # （1） ⑴
    RPAREN_ARABIC = "rparen_arabic"  # 1）
    CIRCLED = "circled"  # ①
    LETTER = "letter"  # A． B、 （A） a.
    WENTI = "wenti"  # 问题一 / 问题1：
    SHI = "shi"  # 一是 (inline measure)
    DI_ENUM = "di_enum"  # 第一，(inline enumeration)


PART = LabelKind.PART
PART_DI = LabelKind.PART_DI
ASPECT_DI = LabelKind.ASPECT_DI
PAREN_CN = LabelKind.PAREN_CN
ARABIC = LabelKind.ARABIC
PAREN_ARABIC = LabelKind.PAREN_ARABIC
RPAREN_ARABIC = LabelKind.RPAREN_ARABIC
CIRCLED_KIND = LabelKind.CIRCLED
LETTER = LabelKind.LETTER
WENTI = LabelKind.WENTI
SHI = LabelKind.SHI
DI_ENUM = LabelKind.DI_ENUM

_N = f"[{CN_NUM}]{{1,4}}"
_LABEL_RES: list[tuple[LabelKind, re.Pattern[str]]] = [
    (ASPECT_DI, re.compile(rf"第\s*({_N}|\d{{1,3}})\s*方面")),
    (PART_DI, re.compile(rf"第\s*({_N}|\d{{1,3}})\s*(?:部分|章)\s*[、.:：]?")),
    (WENTI, re.compile(rf"问题\s*({_N}|\d{{1,3}})\s*(?:[:：、.](?!\d)|\s|(?=[\u4e00-\u9fff]))")),
    (PAREN_CN, re.compile(rf"[(（]\s*({_N})\s*[)）]\s*[、.]?")),
    (PAREN_ARABIC, re.compile(r"[(（]\s*(\d{1,3})\s*[)）]\s*[、.]?")),
    (SHI, re.compile(rf"({_N})是(?![非否])")),
    (PART, re.compile(rf"({_N})\s*[、.](?!\d)")),
    (RPAREN_ARABIC, re.compile(r"(\d{1,2})\s*[)）]")),
    (
        ARABIC,
        re.compile(r"(\d{1,3})\s*(?:[.、](?!\d)|,(?=[\u4e00-\u9fff])|\s+(?=[\u4e00-\u9fff]))"),
    ),
    (DI_ENUM, re.compile(rf"第({_N})\s*[,、:：]")),
    # "A．" "B、" "(a)": one Latin letter, then a point or in brackets, before Chinese text.
    (
        LETTER,
        re.compile(
            r"(?:([A-Za-z])\s*[.、]|[(（]\s*([A-Za-z])\s*[)）]\s*[、.]?)"
            r"(?=\s*(?:[\u4e00-\u9fff“]|\d+[\u4e00-\u9fff]))"
        ),
    ),
]


@dataclass(frozen=True, slots=True)
class Label:
    """A numbering label found at the start of a text."""

    kind: LabelKind
    ordinal: int
    raw: str  # as written, e.g. "(一)"
    end: int  # index in the text just after the label

    @property
    def canonical(self) -> str:
        return canonical_label(self.kind, self.ordinal)


def cn_to_int(text: str) -> int | None:
    """Chinese numeral to int: 十一→11, 二十三→23, 一百零五→105, 二○二二→2022, "12"→12."""
    s = text.strip().replace("Ｏ", "〇")
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in CN_DIGITS for c in s):
        if len(s) == 1:
            return CN_DIGITS[s]
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, section, number = 0, 0, 0
    for c in s:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
        elif c in CN_UNITS:
            unit = CN_UNITS[c]
            section += (number or (1 if section == 0 else 0) or 1) * unit
            number = 0
        elif c == "万":
            total += (section + number) * 10000
            section, number = 0, 0
        else:
            return None
    return total + section + number


def int_to_cn(n: int) -> str:
    """Int to Chinese numeral: 11→十一, 23→二十三, 105→一百零五, 2022→二千零二十二."""
    if n < 0:
        return "负" + int_to_cn(-n)
    if n < 10:
        return _DIGIT_CHARS[n]
    if n < 20:
        return "十" + (_DIGIT_CHARS[n - 10] if n > 10 else "")
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = "" if low == 0 else ("零" if low < 1000 else "") + int_to_cn(low)
        return int_to_cn(high) + "万" + rest
    out, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if zero:
                out.append("零")
                zero = False
            out.append(_DIGIT_CHARS[d] + name)
        elif out:
            zero = True
    return "".join(out)


def int_to_cn_digits(n: int, zero: str = "〇") -> str:
    """Digit-by-digit numeral as used for years: 2022→二〇二二."""
    return "".join(zero if c == "0" else _DIGIT_CHARS[int(c)] for c in str(n))


def _ordinal(token: str) -> int | None:
    if len(token) == 1 and token.isascii() and token.isalpha():
        return ord(token.upper()) - ord("A") + 1  # A → 1, b → 2
    return int(token) if token.isdigit() else cn_to_int(token)


def parse_label(text: str, kinds: tuple[LabelKind, ...] | None = None) -> Label | None:
    """Parse a numbering label at the start of ``text`` into (kind, ordinal)."""
    view = match_view(text)
    lead = len(view) - len(view.lstrip())
    view = view[lead:]
    if not view:
        return None
    first = view[0]
    if first in CIRCLED:
        return Label(CIRCLED_KIND, CIRCLED.index(first) + 1, text[lead], lead + 1)
    if first in PAREN_DIGITS:
        return Label(PAREN_ARABIC, PAREN_DIGITS.index(first) + 1, text[lead], lead + 1)
    for kind, rx in _LABEL_RES:
        if kinds is not None and kind not in kinds:
            continue
        m = rx.match(view)
        if not m:
            continue
        n = _ordinal(m.group(1) or m.group(m.lastindex or 1))
        if n is None or n <= 0 or n > 999:
            continue
        end = m.end()
        if kind in (PART, DI_ENUM) and len(m.group(1)) > 3:
            continue
        raw = text[lead : lead + end].strip()
        return Label(kind, n, raw, lead + end)
    return _fullwidth_point(text, lead, kinds)


_POINT_DIGIT = re.compile(r"(\d{1,2})．(?=\d)")


def _fullwidth_point(text: str, lead: int, kinds: tuple[LabelKind, ...] | None) -> Label | None:
    """ "1．2个片区…": a full-width point is a label's, never a decimal point."""
    if kinds is not None and ARABIC not in kinds:
        return None
    m = _POINT_DIGIT.match(text, lead)
    if m is None or int(m.group(1)) == 0:
        return None
    return Label(ARABIC, int(m.group(1)), m.group(0), m.end())


def canonical_label(kind: LabelKind, ordinal: int) -> str:
    """Full-width canonical form used in finding paths: （一） 1. （1） ① 第二方面 一、 一是."""
    if kind == ARABIC:
        return f"{ordinal}."
    if kind == PAREN_ARABIC:
        return f"（{ordinal}）"
    if kind == RPAREN_ARABIC:
        return f"{ordinal}）"
    if kind == CIRCLED_KIND:
        return CIRCLED[ordinal - 1] if 0 < ordinal <= len(CIRCLED) else f"({ordinal})"
    if kind == WENTI:
        return f"问题{ordinal}"
    if kind == LETTER:
        return f"{chr(ord('A') + ordinal - 1)}．" if 0 < ordinal <= 26 else f"({ordinal})"
    cn = int_to_cn(ordinal)
    pattern = {
        PART: "{}、",
        PART_DI: "第{}部分",
        ASPECT_DI: "第{}方面",
        PAREN_CN: "（{}）",
        SHI: "{}是",
        DI_ENUM: "第{}",
    }.get(kind)
    return pattern.format(cn) if pattern else str(ordinal)
