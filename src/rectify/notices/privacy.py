"""Personal data in notice text: ID numbers, mobile and landline numbers, private persons' names.

Found by pattern (ID numbers with a valid GB 11643 checksum, mobiles 1[3-9]xxxxxxxxx,
landlines 0xx(x)-xxxxxxx(x)) and, for names, by jieba's part-of-speech tag ``nr`` — run only on
sentences that mention a person (群众, 业主, 当事人, 同志 …), so the dictionary is loaded only
when it can matter. A name is masked when such a cue stands next to it; other ``nr`` words
with a common surname are listed for a person to check.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from rectify.lib.masking import mask_id_number, mask_landline, mask_mobile

ID_RE = re.compile(
    r"(?<![0-9A-Za-z])\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
    r"(?![0-9A-Za-z])"
)
MOBILE_RE = re.compile(r"(?<![\d])(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")
LANDLINE_RE = re.compile(r"(?<![\d-])(?:[(（]0\d{2,3}[)）]|0\d{2,3}-)\s?\d{7,8}(?:-\d{1,4})?(?!\d)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾毛郝龚邵"
    "钱覃武戴莫孔汤尤殷庞樊甘施温柯欧区麦岑"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒")
# Public figures named in official texts are not private persons.
PUBLIC_NAMES = {"习近平", "毛泽东", "邓小平"}
# Words jieba sometimes tags nr in official prose.
NOT_NAMES = {"张贴", "高度", "高效", "周密", "周边", "方面", "方式", "金额", "黄金", "石头", "常态"}
PERSON_CUES = (
    "群众|居民|村民|业主|户主|租户|商户|店主|市民|当事人|举报人|投诉人|信访人|申请人|来访人|"
    "同志|先生|女士|老人|职工|员工|个体户|身份证|电话|手机|住址|家住"
)
_CUE_RE = re.compile(PERSON_CUES)
_BEFORE_CUE = re.compile(rf"(?:{PERSON_CUES})[:：]?\s*$")
_AFTER_CUE = re.compile(r"^\s*(?:同志|先生|女士|等人|等\d+人|[(（]|反映|举报|投诉|来访|家)")
_SURNAME_CLASS = "".join(sorted(SURNAMES))
_CUED_NAME_RE = re.compile(
    rf"(?:{PERSON_CUES})[:：]?(?P<name>[{_SURNAME_CLASS}][\u4e00-\u9fff]{{1,2}}?)"
    r"(?=[(（,，。、;；]|同志|先生|女士|反映|举报|投诉)"
)
_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


@dataclass(frozen=True)
class Personal:
    kind: str  # id_number | mobile | landline | name | name_candidate
    text: str
    start: int
    end: int


def id_checksum_ok(number: str) -> bool:
    """GB 11643-1999 check digit of an 18-digit resident ID number."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


@lru_cache(maxsize=1)
def _posseg():
    with warnings.catch_warnings():  # jieba's regexes predate Python 3.12's escape warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba  # noqa: PLC0415  (its dictionary loads on first use, only when masking)
        import jieba.posseg  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg


def _name_like(word: str) -> bool:
    if word in PUBLIC_NAMES or word in NOT_NAMES or not 2 <= len(word) <= 4:
        return False
    if "某" in word:  # already masked (张某): the public version is what the checks read
        return False
    if word.startswith(COMPOUND_SURNAMES):
        return len(word) >= 3
    return word[0] in SURNAMES and len(word) <= 3


def _names(text: str) -> list[Personal]:
    out = []
    for sentence in _SENTENCE_RE.finditer(text):
        chunk = sentence.group(0)
        if not _CUE_RE.search(chunk):
            continue
        pos = 0
        for pair in _posseg().cut(chunk):
            word, flag = pair.word, pair.flag
            start = chunk.find(word, pos)
            pos = start + len(word)
            if flag != "nr" or not _name_like(word):
                continue
            cued = _BEFORE_CUE.search(chunk[:start]) or _AFTER_CUE.match(chunk[pos:])
            kind = "name" if cued else "name_candidate"
            offset = sentence.start()
            out.append(Personal(kind, word, offset + start, offset + pos))
    for m in _CUED_NAME_RE.finditer(text):  # names jieba splits wrongly ("业主张三")
        if "某" not in m.group("name"):
            out.append(Personal("name", m.group("name"), m.start("name"), m.end("name")))
    return out


def find_personal(text: str, *, names: bool = True) -> list[Personal]:
    """Personal data in ``text``, in order; overlapping matches keep the first and longest."""
    found = [Personal("id_number", m.group(0), m.start(), m.end()) for m in ID_RE.finditer(text)]
    found = [p for p in found if id_checksum_ok(p.text)]
    found += [Personal("mobile", m.group(0), m.start(), m.end()) for m in MOBILE_RE.finditer(text)]
    found += [
        Personal("landline", m.group(0), m.start(), m.end()) for m in LANDLINE_RE.finditer(text)
    ]
    if names:
        found += _names(text)
    found.sort(key=lambda p: (p.start, -(p.end - p.start)))
    out: list[Personal] = []
    for item in found:
        if out and item.start < out[-1].end:
            continue
        out.append(item)
    return out


def mask_value(item: Personal) -> str:
    text = item.text
    if item.kind == "id_number":
        return mask_id_number(text)
    if item.kind == "mobile":
        return mask_mobile(text)
    if item.kind == "landline":
        return mask_landline(text)
    if item.kind == "name":
        surname = next((s for s in COMPOUND_SURNAMES if text.startswith(s)), text[0])
        return surname + "某" * max(1, len(text) - len(surname))
    return text


def mask_text(text: str, *, keep: Iterable[str] = ()) -> str:
    """``text`` with personal data masked; numbers in ``keep`` (published contacts) stay."""
    keep_digits = {re.sub(r"\D", "", k) for k in keep if k}
    out, last = [], 0
    for item in find_personal(text):
        if item.kind == "name_candidate":
            continue
        if re.sub(r"\D", "", item.text) in keep_digits and item.kind != "name":
            continue
        out.append(text[last : item.start])
        out.append(mask_value(item))
        last = item.end
    out.append(text[last:])
    return "".join(out)


def masker(*, keep: Iterable[str] = ()) -> Callable[[str], str]:
    kept = tuple(keep)
    return lambda text: mask_text(text, keep=kept)
