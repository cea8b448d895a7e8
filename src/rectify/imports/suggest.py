"""What a measure's wording says: counted indicators, a deadline, a suggested status.

Pure functions over one measure's text. Everything found here is a suggestion that the
importer stores for a person to confirm; nothing is decided from wording alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rectify.lib.dates import find_dates
from rectify.lib.text import match_view
from rectify.measures.enums import MeasureStatus

UNITS = (
    "平方米|立方米|万元|亿元|公里|人次|场次|户次|元|米|吨|宗|间|处|个|项|次|场|人|栋|份|家|户|件|"
    "条|名|起|批|台|辆|座|所|期|篇|张|套|块|棵|株|盏|本|部"
)
FIGURE_RE = re.compile(
    rf"(?<![\d.\-/〔\[])(?P<num>\d+(?:\.\d+)?)(?P<approx>余|多)?(?P<unit>{UNITS})(?![\d至到~\-])"
)
_SENTENCE_RE = re.compile(r"[^。;；!?！？]+[。;；!?！？]?")
_CLAUSE_END = ",，:：。;；!?！？"
_TOTAL_MARKERS = re.compile(r"(?:涉及|共有|共计|合计|总计|累计|排查出|摸排出|梳理出|发现|共)")
_DONE_BEFORE = re.compile(r"(?:已完成|已经|已|完成)[\u4e00-\u9fff]{0,6}$")
_DONE_AFTER = re.compile(r"^\s*(?:已|均已|全部)")
_REMAINING_BEFORE = re.compile(r"(?:剩余|尚余|还有|余下|仍有|未完成)$")
_ACTION_VERBS = (
    "拆除|整治|组织|开展|举办|整改|增设|新增|安装|清理|查处|约谈|培训|发放|走访|排查|处置|"
    "办结|追缴|收回|督查|检查|通报|发现|处理|慰问|召开|举行|受理|化解|建成|改造|注销|补充|招聘"
)
_VERB_RE = re.compile(rf"(?:{_ACTION_VERBS})")

# Wording → suggested status. Order matters: "still to do" wins over "done", done over long-term.
IN_PROGRESS_RE = re.compile(
    r"(?:计划|预计|力争|争取|拟)(?:于|在)?.{0,16}(?:前|底|内)?完成|正在(?:跟进|推进|办理|整改|处置)"
    r"|剩余.{0,12}(?:将|正在|计划|继续)|持续跟进|尚未完成|仍在"
)
DONE_RE = re.compile(
    r"已(?:经)?(?:全部)?完成|全部办结|办结完毕|已全部|已办结|已整改|整改到位|顺利完成"
    r"|(?:^|[,，;；。])(?:并|均|已)?完成(?!率)"
)
LONG_TERM_RE = re.compile(r"常态化|长期|长效")


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    start: int
    end: int
    approx: bool


@dataclass(frozen=True)
class FoundIndicator:
    """指标 as read from text: a name, a unit, a target (may be None) and a current value."""

    name: str
    unit: str
    target: Decimal | None
    current: Decimal | None
    remaining: Decimal | None
    source: str


@dataclass(frozen=True)
class Suggestion:
    status: str  # a MeasureStatus value, or "" when the wording says nothing
    reason: str
    deadline: date | None
    deadline_text: str


def figures(text: str) -> list[Figure]:
    """Counted figures (number + unit) in ``text``; dates, ranges and article numbers left out."""
    view = match_view(text)
    found = []
    for m in FIGURE_RE.finditer(view):
        before = view[max(0, m.start() - 1) : m.start()]
        if before in {"至", "到", "~", "近", "第"}:
            continue
        found.append(
            Figure(
                Decimal(m.group("num")),
                m.group("unit"),
                m.start(),
                m.end(),
                bool(m.group("approx")),
            )
        )
    return found


def _clause_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    return text[start:pos]


def _clause_after(text: str, pos: int) -> str:
    end = pos
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    return text[pos:end]


def _strip_label(text: str) -> str:
    return re.sub(r"^(?:[一二三四五六七八九十]+是|其中)", "", text).strip()


def _target_name(text: str, fig: Figure) -> str:
    after = _clause_after(text, fig.end)
    after_name = re.sub(r"(?:当中|中|里|内)$", "", after).strip()
    if after_name and not after_name.startswith(("已", "的", "正在", "将")):
        return after_name[:40]
    before = _strip_label(_clause_before(text, fig.start))
    markers = list(_TOTAL_MARKERS.finditer(before))
    if markers:
        before = before[markers[-1].end() :]
    return before.strip()[-40:]


def _last_verb(text: str) -> re.Match | None:
    """The action verb that starts last ("重新增设" → 增设, not 新增)."""
    for start in range(len(text) - 1, -1, -1):
        m = _VERB_RE.match(text, start)
        if m:
            return m
    return None


def _single_name(text: str, fig: Figure) -> str | None:
    before = _clause_before(text, fig.start)
    if before.endswith("的"):
        return None
    verb = _last_verb(before)
    if verb is None:
        return None
    name = before[verb.start() :]
    if name == verb.group(0):  # the noun follows the figure: 增设4个垃圾分类投放点
        tail = _clause_after(text, fig.end)
        if not tail:
            return None
        name += tail
    return name[:40]


def _done_and_remaining(s_text: str, figs: list[Figure], i: int):
    """After a total (figs[i]): the figure done so far and the one remaining, same unit."""
    total, done, remaining = figs[i], None, None
    for other in figs[i + 1 :]:
        if other.unit != total.unit:
            continue
        before = _clause_before(s_text, other.start)
        after = s_text[other.end : other.end + 4]
        if done is None and (_DONE_BEFORE.search(before) or _DONE_AFTER.match(after)):
            done = other
        elif done is not None and _REMAINING_BEFORE.search(before):
            remaining = other
            break
    return done, remaining


def _counted(text: str, s_text: str, offset: int, figs: list[Figure], used: set[int]):
    """ "68宗, 已完成35宗, 剩余33宗": a total with what is done (and what remains)."""
    for i, total in enumerate(figs):
        if id(total) in used or _DONE_BEFORE.search(_clause_before(s_text, total.start)):
            continue
        done, remaining = _done_and_remaining(s_text, figs, i)
        if done is None or done.value > total.value:
            continue
        used.update({id(total), id(done)} | ({id(remaining)} if remaining else set()))
        name = _target_name(s_text, total)
        if name:
            end = (remaining or done).end
            yield FoundIndicator(
                name, total.unit, total.value, done.value,
                remaining.value if remaining else None, text[offset + total.start : offset + end],
            )  # fmt: skip


def _single(text: str, s_text: str, offset: int, figs: list[Figure], used: set[int]):
    """ "拆除违法建设18953.64平方米": a figure reached, with no target."""
    for fig in figs:
        name = None if id(fig) in used else _single_name(s_text, fig)
        if name:
            used.add(id(fig))
            source = text[offset + fig.start : offset + fig.end]
            yield FoundIndicator(name, fig.unit, None, fig.value, None, source)


def _unique_names(found: list[FoundIndicator]) -> list[FoundIndicator]:
    """Indicator names are unique per measure: a repeated name gets （2）, （3） …"""
    seen: dict[str, int] = {}
    unique = []
    for item in found:
        n = seen.get(item.name, 0)
        seen[item.name] = n + 1
        if n:
            item = FoundIndicator(
                f"{item.name}（{n + 1}）", item.unit, item.target, item.current,
                item.remaining, item.source,
            )  # fmt: skip
        unique.append(item)
    return unique


def indicators(text: str) -> list[FoundIndicator]:
    """Counted targets in a measure's wording.

    "涉及历史违建68宗,已完成整治35宗,剩余33宗" → 历史违建: target 68, current 35;
    "8间应脱钩的街办企业中,已完成注销6间" → target 8, current 6;
    "拆除违法建设18953.64平方米" → current 18953.64, no target.
    """
    view = match_view(text)
    out: list[FoundIndicator] = []
    used: set[int] = set()
    for sentence in _SENTENCE_RE.finditer(view):
        s_text, offset = sentence.group(0), sentence.start()
        figs = [f for f in figures(s_text) if not f.approx]
        out += _counted(text, s_text, offset, figs, used)
        out += _single(text, s_text, offset, figs, used)
    return _unique_names(out)


def deadline(text: str, *, year: int | None = None) -> tuple[date | None, str]:
    """The deadline a measure's wording sets ("计划于2023年12月前完成" → 2023-12-31)."""
    for mention in find_dates(text, year=year):
        if mention.is_deadline and mention.date:
            return mention.date, mention.text
    return None, ""


def _excerpt(text: str, match: re.Match) -> str:
    """The clause around a cue, for the reason shown next to a suggestion."""
    start, end = match.start(), match.end()
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    clause = text[start:end].strip()
    return clause if len(clause) <= 40 else clause[:39] + "…"


def suggest(text: str, *, year: int | None = None) -> Suggestion:
    """Suggested status from wording: done / in progress (with deadline) / long-term / nothing.

    已完成、全部办结 → done (signed off, once a person confirms with evidence);
    计划于…前完成、正在跟进 → in progress with that deadline; 常态化、长期 → long-term.
    """
    view = match_view(text)
    when, when_text = deadline(text, year=year)
    m = IN_PROGRESS_RE.search(view)
    if m or when:
        cue = _excerpt(text, m) if m else when_text
        return Suggestion(
            MeasureStatus.IN_PROGRESS, f"措辞“{cue}”表明正在推进"[:200], when, when_text
        )
    m = DONE_RE.search(view)
    if m:
        return Suggestion(
            MeasureStatus.SIGNED_OFF, f"措辞“{_excerpt(text, m)}”表明已完成"[:200], None, ""
        )
    m = LONG_TERM_RE.search(view)
    if m:
        return Suggestion(
            MeasureStatus.LONG_TERM, f"措辞“{_excerpt(text, m)}”表明需长期坚持"[:200], None, ""
        )
    return Suggestion("", "", None, "")
