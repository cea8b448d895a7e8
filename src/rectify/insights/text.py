"""Chinese text for the checks: normalising, word cutting (jieba), similarity (rapidfuzz).

Pure functions of strings; the thresholds are tuned on tests/insights/data (see the test that
prints precision and recall) and kept here as constants.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz


@lru_cache(maxsize=1)
def jieba_module():
    """jieba, imported on first use: its tables are about 90 MB, which every web process
    carried from start although only the checks cut words (as notices.privacy does)."""
    import jieba  # noqa: PLC0415

    jieba.setLogLevel(logging.WARNING)
    return jieba


# Tuned on tests/insights/data/report_pairs.jsonl and measure_report.jsonl.
COPY_THRESHOLD = 62.0
FROM_MEASURE_THRESHOLD = 80.0
# A report restates its measure when its own words (progress filler left out) are almost all
# the measure's and it repeats at least this share of the measure's words.
RESTATE_MIN_COVERAGE = 0.5
RECURRENCE_THRESHOLD = 41.0

_DIGITS = re.compile(r"[0-9０-９〇一二三四五六七八九十百千万两]+")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
_DATE = re.compile(
    r"(\d{2,4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?)|(\d{4}[-./]\d{1,2}([-./]\d{1,2})?)"
    r"|(\d{1,2}\s*月\s*\d{1,2}\s*日)|(\d{1,2}\s*月(底|前|中旬|上旬|下旬))|(年底|年内|月底)前"
)


def normalise(text: str) -> str:
    """Full width to half, no punctuation or spaces, numbers folded to '0' (a copy that only
    changed its figures or dates is still a copy)."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _NOISE.sub("", text)
    return _DIGITS.sub("0", text)


@lru_cache(maxsize=20000)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of the normalised text, single characters and stop words left out."""
    cut = jieba_module().lcut(normalise(text))
    return tuple(w for w in cut if len(w) > 1 and w not in STOP_WORDS)


STOP_WORDS = frozenset(
    [
        "我们",
        "他们",
        "进行",
        "相关",
        "工作",
        "有关",
        "方面",
        "情况",
        "问题",
        "目前",
        "已经",
        "通过",
        "以及",
        "对于",
        "同时",
        "其中",
    ]
)


# What a progress report says when it says nothing: status, timing and resolve words
# (目前正在有序推进 / 已按时间节点落实到位 / 下一步将持续巩固整改成果), left out when a report
# is compared with its measure so that padding neither hides nor makes a restatement.
PROGRESS_FILLER = frozenset(
    [
        "目前",
        "正在",
        "按计划",
        "推进",
        "推进中",
        "有序",
        "稳步",
        "持续",
        "深入",
        "下一步",
        "巩固",
        "成果",
        "成效",
        "阶段性",
        "明显",
        "落实",
        "到位",
        "认真落实",
        "抓好",
        "要求",
        "按照",
        "根据",
        "部署",
        "整改",
        "任务",
        "方案",
        "时间",
        "节点",
        "全面",
        "全面完成",
        "完成",
        "基本",
        "该项",
        "此项",
        "各项",
        "此项工作",
        "该项工作",
        "确保",
        "取得",
        "实效",
        "取得实效",
        "力争",
        "早日",
        "效果",
        "良好",
        "后续",
        "常态",
        "常态化",
        "长期",
        "坚持",
        "加大",
        "工作力度",
        "力度",
        "进一步",
        "继续",
        "经过努力",
        "努力",
        "全面铺开",
        "铺开",
        "截至",
        "已于",
        "月底",
        "日前",
        "年底",
        "月初",
        "区委",
        "巡察",
        "已完成",
        "按时",
        "按期",
        "如期",
        "认真",
        "扎实",
        "有效",
        "顺利",
        "开展",
        "组织",
        "全部",
        "推动",
        "落到实处",
        "实处",
        "整改措施",
        "措施",
    ]
)


def similarity(a: str, b: str) -> float:
    """0–100: how much of two texts is the same, read as characters and as words.

    The character ratio catches a copy with edits; the word-set ratio catches reordering.
    Two texts that only share their boilerplate score low on both.
    """
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    chars = fuzz.ratio(na, nb)
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return float(chars)
    word_set = fuzz.token_sort_ratio(" ".join(sorted(set(wa))), " ".join(sorted(set(wb))))
    return round(max(chars, (chars + word_set) / 2), 1)


def containment(part: str, whole: str) -> float:
    """0–100: how much of `whole` (a measure's text) reappears in `part` (a report)."""
    np_, nw = normalise(part), normalise(whole)
    if not np_ or not nw:
        return 0.0
    if len(np_) > 3 * len(nw):
        # A long report that quotes the measure once is not a copy of it.
        return round(fuzz.ratio(np_, nw), 1)
    return round(max(fuzz.ratio(np_, nw), fuzz.partial_ratio(nw, np_) * _length_factor(np_, nw)), 1)


def restatement(report: str, measure: str) -> float:
    """0–100: how far a report only restates its measure. The higher of `containment` (the
    measure's characters reappear nearly verbatim) and a word-set score that survives
    reordering, shortening and padding: the share of the report's content words (jieba words
    less the progress filler every report carries, PROGRESS_FILLER) that are the measure's,
    scaled down when the report repeats under RESTATE_MIN_COVERAGE of the measure's words."""
    return _restatement(report, measure, containment(report, measure))


def restates(report: str, measure: str, threshold: float) -> float | None:
    """`restatement(report, measure)` where it reaches `threshold`, else None, without cutting
    the report into words when it cannot: each word the report shares with the measure is a
    substring of the report, so the measure's words found in the report bound the word score.
    Cutting was 57 of a round check's 81 s over 100 000 reports."""
    chars = containment(report, measure)
    theirs = _content_words(measure)
    if theirs and chars < threshold:
        plain = normalise(report)
        hits = sum(1 for w in theirs if w in plain)
        if 100 * min(1.0, hits / len(theirs) / RESTATE_MIN_COVERAGE) < threshold:
            return None
    score = _restatement(report, measure, chars)
    return score if score >= threshold else None


def _restatement(report: str, measure: str, chars: float) -> float:
    mine, theirs = _content_words(report), _content_words(measure)
    if not mine or not theirs:
        return chars
    shared = len(mine & theirs)
    own = shared / len(mine)
    coverage = min(1.0, shared / len(theirs) / RESTATE_MIN_COVERAGE)
    return round(max(chars, 100 * own * coverage), 1)


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    # Cached: a measure's text is compared with each of its reports (eight at city scale),
    # and cutting words is most of the check's time.
    return frozenset(w for w in words(text) if w not in PROGRESS_FILLER)


def _length_factor(part: str, whole: str) -> float:
    # The report adds little beyond the measure: its extra length shrinks the score.
    extra = max(len(part) - len(whole), 0)
    return max(0.0, 1.0 - extra / max(len(part), 1))


def shingles(text: str, size: int = 3) -> set[str]:
    norm = normalise(text)
    return {norm[i : i + size] for i in range(max(len(norm) - size + 1, 1))} if norm else set()


def has_date(text: str) -> bool:
    return bool(_DATE.search(unicodedata.normalize("NFKC", text or "")))


def finding_similarity(a: str, b: str) -> float:
    """0–100 for two findings of different rounds: the same problem comes back reworded, so
    shared words count (overlap of word sets, and rapidfuzz's set ratio), not character runs."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    overlap = 100 * len(wa & wb) / min(len(wa), len(wb))
    set_ratio = fuzz.token_set_ratio(" ".join(sorted(wa)), " ".join(sorted(wb)))
    return round((overlap + set_ratio) / 2, 1)
