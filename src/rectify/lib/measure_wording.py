"""What a measure's wording suggests: its kind (立行立改 / 限期整改 / 长期坚持) and its category
(建章立制, case work — 拆违 / 信访 / 12345 —, general).

Pure rules over one text, shared by the importer's review and the plan grid. Each answer is a
suggestion with the words that decided it (its cue), for a person to confirm; nothing here
sets a value. Measured on tests/lib/data/measure_kind_category.jsonl (precision and recall
printed by tests/lib/test_measure_wording.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .dates import find_dates

IMMEDIATE, TIME_BOUND, LONG_TERM = "immediate", "time_bound", "long_term"
GENERAL, RULES, CASE = "general", "rules", "case"

# The plan's own words for a kind win over every other cue.
_NAMED_KIND = re.compile(r"立行立改|即知即改|限期整改|长期坚持|长期执行")
_NAMED = {"立行立改": IMMEDIATE, "即知即改": IMMEDIATE, "限期整改": TIME_BOUND}
_IMMEDIATE = re.compile(
    r"立即|马上|当即|当场|即日起|第一时间|立查立改|"
    r"已(?:于[^，,。；;]{0,8})?(?:全部|经)?(?:完成|收回|追回|退还|清退|退赔|整改|纠正|答复|清理|补发)"
)
_LONG_TERM = re.compile(
    r"长效|常态化|定期|每(?:年|半年|季度|月|周|日)|长期|持续|不断|坚持把|经常性"
)
_DEADLINE = re.compile(
    r"限期|[0-9一二三四五六七八九十两]+个?(?:月|日|天|周|工作日)内|年内|年底前|月底前"
)

_DOCUMENT = r"制度|办法|规定|细则|规程|规则|章程|准则|守则"
_RULE_TITLE = re.compile(rf"《[^》]{{1,40}}(?:{_DOCUMENT}|意见)》")
_RULES = re.compile(
    rf"(?:制定|修订|修改|出台|印发|起草|完善|建立|健全)[^，,。；;]{{0,30}}?(?:{_DOCUMENT})"
    r"|建章立制"
)
# A standing mechanism (建立健全…机制) is 建章立制 too, unless the measure is about cases.
_MECHANISM = re.compile(r"(?:建立|健全|完善)[^，,。；;]{0,20}?机制")
_CASE = re.compile(
    r"拆违|违建|违法建设|违章(?:建筑|搭建)|违法(?:占地|用地)|乱占耕地|"
    r"信访|上访|来信来访|接访|12345|热线|工单|投诉|举报|问题线索|积案"
)
_CUE_MAX = 24


@dataclass(frozen=True)
class WordingSuggestion:
    """A suggested value and the words it was read from ("" when nothing decided it: the
    default, not a suggestion worth showing)."""

    value: str
    cue: str

    @property
    def decided(self) -> bool:
        return bool(self.cue)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "")


def _cue(text: str) -> str:
    return text if len(text) <= _CUE_MAX else text[: _CUE_MAX - 1] + "…"


def suggest_category(text: str) -> WordingSuggestion:
    """建章立制 when the measure makes a written rule (制定/修订…制度, 《…办法》); case work
    when it names 拆违, 信访 or 12345 cases; 建章立制 again for a standing mechanism
    (建立…机制) that is not about cases; general otherwise (no cue)."""
    clean = _clean(text)
    found = _RULE_TITLE.search(clean) or _RULES.search(clean)
    if found:
        return WordingSuggestion(RULES, _cue(found.group(0)))
    found = _CASE.search(clean)
    if found:
        return WordingSuggestion(CASE, found.group(0))
    found = _MECHANISM.search(clean)
    if found:
        return WordingSuggestion(RULES, _cue(found.group(0)))
    return WordingSuggestion(GENERAL, "")


def _dated(clean: str) -> str:
    for mention in find_dates(clean):
        if mention.date is not None:
            return mention.text
    found = _DEADLINE.search(clean)
    return found.group(0) if found else ""


def suggest_kind(text: str) -> WordingSuggestion:
    """立行立改 for what is done at once (立即, 当即, 已追回…), 长期坚持 for standing work
    (常态化, 定期, 每季度, 长效…), 限期整改 for a dated task; the plan's own words first."""
    clean = _clean(text)
    named = _NAMED_KIND.search(clean)
    if named:
        return WordingSuggestion(_NAMED.get(named.group(0), LONG_TERM), named.group(0))
    for kind, pattern in ((IMMEDIATE, _IMMEDIATE), (LONG_TERM, _LONG_TERM)):
        found = pattern.search(clean)
        if found:
            return WordingSuggestion(kind, found.group(0))
    when = _dated(clean)
    if when:
        return WordingSuggestion(TIME_BOUND, when)
    return WordingSuggestion(TIME_BOUND, "")
