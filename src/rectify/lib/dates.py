"""Date phrases in Chinese official text → datetime.date.

Partial dates ("202 年", "2023年X月") are reported with ``date=None``; nothing is invented.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rectify.lib.numbering import cn_to_int
from rectify.lib.text import match_view

_CN = "〇○零一二三四五六七八九"
_PH = "xX×*□?？_＿"  # placeholders for lost digits
_YTOK = rf"(?P<y>\d{{4}}|[{_CN}]{{4}}|(?:19|20)\d(?=\s*年)|(?:19|20)[\d{_PH}]{{2}}|[{_PH}]{{4}})"
_MTOK = rf"(?:(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|[{_PH}]{{1,2}})|(?P<mb>\s))"
_CN_DAY = "[二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_DTOK = rf"(?:(?P<d>[12]\d|3[01]|0?[1-9]|{_CN_DAY}|[{_PH}]{{1,2}})|(?P<db>\s))"
_SUF = r"(?P<suf>底之前|底以前|底前|末前|之前|以前|前|底|末|初|中旬|上旬|下旬|内|以内)?"
_DATE_RE = re.compile(
    rf"(?<![\d{_CN}])(?:"
    rf"(?P<iso>(?P<iy>\d{{4}})(?P<sep>[-/.])(?P<im>\d{{1,2}})(?P=sep)(?P<id>\d{{1,2}})(?![\d.]))"
    rf"|(?:{_YTOK}\s*年(?:\s*{_MTOK}\s*月(?:\s*{_DTOK}\s*[日号])?)?"
    rf"(?P<half>[上下]半年)?{_SUF})"
    rf"|(?P<rel>(?:今年|本年|当年|明年)?(?:年底|年末)(?:之前|以前|前)?"
    rf"|(?:今年|本年|当年)?年内|(?:今年|本年|当年)?[上下]半年(?:之前|以前|前|内)?)"
    rf"|(?P<cnmd>(?P<m3>十[一二]?|[一二三四五六七八九])月(?P<d3>[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日)"
    rf"|(?:(?P<m2>1[0-2]|0?[1-9]|十[一二]?)\s*月(?:\s*(?P<d2>[12]\d|3[01]|0?[1-9])\s*[日号])?"
    rf"(?P<suf2>底之前|底前|底|末|之前|以前|前|初|中旬|上旬|下旬)?)"
    rf")"
)
_HINT = re.compile(r"[年月]|\d[-/.]\d")
# Every date phrase holds 年 or 月, or is an ISO date: the regex only runs near those.
_ANCHOR = re.compile(r"[年月]|\d{4}[-/.]\d")
_BEFORE, _AFTER = 14, 28
_DEADLINE_SUFFIX = {"底之前", "底以前", "底前", "末前", "之前", "以前", "前", "内", "以内"}
_END_SUFFIX = _DEADLINE_SUFFIX | {"底", "末", "下旬"}
_DEADLINE_BEFORE = re.compile(r"(?:计划|力争|争取|确保|预计|要求|务必|限期)(?:于|在)?\s*$")
_DEADLINE_AFTER = re.compile(r"\s*(?:完成|办结|整改到位|销号)")
_THIS_YEAR = re.compile(r"(?:今年|本年|当年)[\d至到\-~—、]*$")
_SINCE = re.compile(r"\s*(?:以来|至今|起至今)")
_YEAR_SUFFIX_WORDS = {"底", "末", "内", "以内", "前", "之前", "以前", "底前", "底之前", "末前"}


class DatePrecision(StrEnum):
    """How much of a date the text gave; a partial date ("2023年X月") is ``unknown``."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase found in text."""

    text: str
    date: date | None
    start: int
    end: int
    precision: DatePrecision
    is_deadline: bool = False


def month_end(year: int, month: int) -> date:
    """Last day of the month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def _num(tok: str | None) -> int | None:
    if tok is None:
        return None
    if any(c in _PH for c in tok):
        return None
    return cn_to_int(tok)


def _year(tok: str) -> int | None:
    if len(tok) != 4 or any(c in _PH for c in tok) or tok.strip() != tok:
        return None
    y = cn_to_int(tok)
    return y if y and 1900 <= y <= 2200 else None


def _build(
    y: int, m: int | None, d: int | None, suf: str | None
) -> tuple[date | None, DatePrecision]:
    try:
        if m is None:
            if suf in ("底", "末", "内", "以内", "底前", "底之前", "末前", "底以前"):
                return date(y, 12, 31), DatePrecision.YEAR
            if suf in ("前", "之前", "以前"):
                return date(y - 1, 12, 31), DatePrecision.YEAR
            return date(y, 1, 1), DatePrecision.YEAR
        if d is None:
            if suf in _END_SUFFIX:
                return month_end(y, m), DatePrecision.MONTH
            day = {"中旬": 20, "上旬": 10}.get(suf or "", 1)
            return date(y, m, day), DatePrecision.MONTH
        return date(y, m, d), DatePrecision.DAY
    except ValueError:
        return None, DatePrecision.UNKNOWN


def _candidates(view: str) -> Iterator[re.Match[str]]:
    """``_DATE_RE`` matches, searched only in windows around 年/月 and ISO dates."""
    windows: list[list[int]] = []
    for a in _ANCHOR.finditer(view):
        lo, hi = max(0, a.start() - _BEFORE), a.end() + _AFTER
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from _DATE_RE.finditer(view, lo, min(hi, len(view)))


# One date phrase read: its value, precision, the year it sets for later year-less dates, and
# its suffix (前, 底前 …); None when the match is not a date mention at all.
_Reading = tuple[date | None, DatePrecision | None, int | None, str | None]
BARE_YEAR = None  # precision of a bare year ("2023年度"): not a mention, but it sets the year


def _read_iso(m: re.Match[str], suf: str | None) -> _Reading | None:
    y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    if not (1900 <= y <= 2200 and 1 <= mo <= 12):
        return None
    value, precision = _build(y, mo, d, None)
    return value, precision, y, suf


def _read_written(m: re.Match[str], last_year: int | None, suf: str | None) -> _Reading | None:
    """二〇二三年十二月底前, 2023年12月, 2023年上半年 … (a year written out)."""
    ytok, mtok, dtok = m.group("y"), m.group("m"), m.group("d")
    has_m = mtok is not None or m.group("mb") is not None
    has_d = dtok is not None or m.group("db") is not None
    y = _year(ytok)
    if y is None and not any(c in _PH for c in ytok) and len(ytok.strip()) == 4:
        return None
    mo, d = _num(mtok), _num(dtok)
    if not has_m and not suf and not m.group("half") and y is not None:
        return None, BARE_YEAR, y, suf
    if y is None or (has_m and mo is None) or (has_d and d is None):
        return None, DatePrecision.UNKNOWN, last_year, suf
    if m.group("half"):
        half_end = date(y, 6, 30) if m.group("half") == "上半年" else date(y, 12, 31)
        return half_end, DatePrecision.MONTH, y, suf
    value, precision = _build(y, mo, d if has_d else None, suf)
    return value, precision if value is not None else DatePrecision.UNKNOWN, y, suf


def _read_relative(m: re.Match[str], year: int | None, last_year: int | None) -> _Reading:
    """今年底前, 明年上半年 … (relative to the document's year)."""
    rel = m.group("rel")
    base = last_year if year is None else year
    if rel.startswith("明年") and base:
        base += 1
    value: date | None = None
    precision = DatePrecision.UNKNOWN
    if base:
        value = date(base, 6, 30) if "上半年" in rel else date(base, 12, 31)
        precision = DatePrecision.YEAR
    suf = "前" if rel.endswith("前") or rel.endswith("内") else None
    return value, precision, last_year, suf


def _read_month_day(
    m: re.Match[str], view: str, year: int | None, last_year: int | None, suf: str | None
) -> _Reading:
    """12月底前, 3月15日 … (the year from context)."""
    mo = _num(m.group("m2") or m.group("m3"))
    d = _num(m.group("d2") or m.group("d3"))
    base = last_year
    if year and _THIS_YEAR.search(view[max(0, m.start() - 5) : m.start()]):
        base = year
    if base and mo:
        value, precision = _build(base, mo, d, suf)
        return value, precision, last_year, suf
    return None, DatePrecision.UNKNOWN, last_year, suf


def _read(m: re.Match[str], view: str, year: int | None, last_year: int | None) -> _Reading | None:
    suf = m.group("suf") or m.group("suf2")
    if m.group("iso"):
        return _read_iso(m, suf)
    if m.group("y"):
        return _read_written(m, last_year, suf)
    if m.group("rel"):
        return _read_relative(m, year, last_year)
    return _read_month_day(m, view, year, last_year, suf)


def _is_deadline(m: re.Match[str], view: str, suf: str | None) -> bool:
    before = view[max(0, m.start() - 8) : m.start()]
    return bool(suf and suf in _DEADLINE_SUFFIX) or (
        bool(_DEADLINE_BEFORE.search(before)) and bool(_DEADLINE_AFTER.match(view, m.end()))
    )


def find_dates(text: str, *, year: int | None = None) -> list[DateMention]:
    """All date phrases in ``text``; year-less dates take the last year seen, else ``year``."""
    view = match_view(text)
    out: list[DateMention] = []
    if not _HINT.search(view):
        return out
    last_year = year
    for m in _candidates(view):
        reading = _read(m, view, year, last_year)
        if reading is None:
            continue
        value, precision, seen_year, suf = reading
        if not _SINCE.match(view, m.end()):  # "2021年以来": not the year of what follows
            last_year = seen_year
        if precision is BARE_YEAR:
            continue
        deadline = _is_deadline(m, view, suf)
        if deadline and value and precision == DatePrecision.MONTH and m.group("d") is None:
            value = month_end(value.year, value.month)
        if m.group("rel") and not deadline and value is None:
            continue
        start, end = m.start(), m.end()
        out.append(DateMention(text[start:end].strip(), value, start, end, precision, deadline))
    return out


def parse_date(text: str, *, year: int | None = None) -> date | None:
    """The first date in ``text`` (deadline phrases give the end of the month), else None."""
    found = find_dates(text, year=year)
    return found[0].date if found else None
