"""Text normalisation: full/half width, whitespace cleanup, comparison keys."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALF[0x3000] = 0x20
_FULL_PUNCT = str.maketrans(
    {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "!": "！", "?": "？", ".": "．"}
)

# Traditional -> simplified, one character each (keeps string length) for matching only.
_TRAD = (
    "問題針對關於條規範單責時實項層級黨組織紀檢監視饋見書記會議產節點過進發現違設訂製"
    "頒開結務幹員個萬億場處間戶數號門們這與為應計劃況報導歸屬鄉鎮區縣陽經濟專審環護態"
    "際來後兩邊錯誤確據認識讓準備總傳達學習請須強續論諸長術體機構電話郵箱廣協調調劑獎"
    "懲據絡線網隊廳選舉義務"
)
_SIMP = (
    "问题针对关于条规范单责时实项层级党组织纪检监视馈见书记会议产节点过进发现违设订制"
    "颁开结务干员个万亿场处间户数号门们这与为应计划况报导归属乡镇区县阳经济专审环护态"
    "际来后两边错误确据认识让准备总传达学习请须强续论诸长术体机构电话邮箱广协调调剂奖"
    "惩据络线网队厅选举义务"
)
_T2S = {ord(t): ord(s) for t, s in zip(_TRAD, _SIMP, strict=True)}

_MATCH = dict(_HALF)
_MATCH.update(_T2S)
_MATCH.update({0x25CB: 0x3007, 0xFE50: 0x2C})
_NEEDS_MAP = re.compile("[" + re.escape("".join(chr(c) for c in _MATCH)) + "]+")

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2018-\u201f\u2026\u00b7"
_SPACE_NEAR_CJK = re.compile(f"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms (，（）：１２ａ) and the ideographic space to half-width."""
    return text.translate(_HALF)


def to_fullwidth_punct(text: str) -> str:
    """Map ASCII punctuation , ( ) : ; ! ? . to their full-width forms (for fixtures)."""
    return text.translate(_FULL_PUNCT)


@lru_cache(maxsize=8192)
def match_view(text: str) -> str:
    """Same-length view for regex matching: half-width, common traditional chars simplified."""
    if not _NEEDS_MAP.search(text):
        return text
    return _NEEDS_MAP.sub(lambda m: m.group(0).translate(_MATCH), text)


def clean_whitespace(text: str) -> str:
    """Drop zero-width chars, collapse spaces, remove spaces next to CJK (PDF copies)."""
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text.replace("\r", ""))
    text = _SPACE_NEAR_CJK.sub("", text)
    return text.strip()


def normalize_for_compare(text: str) -> str:
    """Comparison key: NFKC, simplified, lower-case, without whitespace or punctuation."""
    text = unicodedata.normalize("NFKC", text).translate(_T2S).lower()
    return _PUNCT_OR_SPACE.sub("", text)


def is_cjk(ch: str) -> bool:
    """True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def cjk_ratio(text: str) -> float:
    """Share of CJK ideographs among the non-space characters of ``text``."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if is_cjk(c)) / len(chars)


# Text typed, pasted or imported: one normalisation at the boundary (forms, API, importer).
_LINE_BREAK_CHARS = "\r\x0b\x0c\x85\u2028\u2029"
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_DROP_ON_INPUT = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff" + _NONCHARACTERS + "]+"
)
_LINE_BREAKS = re.compile("\r\n|[" + _LINE_BREAK_CHARS + "]")
# What XML 1.0 cannot hold (and lxml refuses): C0 but tab/LF/CR, lone surrogates, U+FFFE/FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]+")


def clean_input(text: str) -> str:
    """The one normalisation of incoming text: line breaks of every kind (CR LF, CR, the
    manual line break \\x0b that Word puts into pasted text, form feed, U+2028/9) become
    LF; other control characters (C0 but tab and LF, DEL, C1), lone surrogates and
    noncharacters (U+FFFE …) are dropped. Everything else (RTL marks, emoji, astral CJK)
    is kept as typed."""
    if not text:
        return text
    return _DROP_ON_INPUT.sub("", _LINE_BREAKS.sub("\n", text))


def xml_safe(text: str) -> str:
    """``text`` without what an XML document (a .docx, an .xlsx, HTML) cannot hold: line
    breaks as ``clean_input`` maps them, the rest dropped. For generators: stored text that
    predates the boundary's normalisation still makes a valid document."""
    if not text:
        return text
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))
