"""Feedback documents: where the findings end, the 意见建议, and the reporting deadline."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from rectify.lib import numbering as nb
from rectify.lib.dates import parse_date
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.facts import ParsedDate
from rectify.parsing.model import Para

# The paragraph that opens the inspecting body's closing advice or its requirements.
_TAIL = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十]{1,3}[)）])?\s*"
    r"(?:(?:巡视|巡察|督察|审计|检查)组?(?:的)?|针对(?:上述|以上)问题[，,]?\s*(?:巡视|巡察)?组?)?"
    r"(?:意见建议|整改建议|(?:提出(?:以下|如下)?)?(?:的)?(?:意见和|意见)?建议|整改要求|有关要求|工作要求)"
    r"|^请.{0,40}?(?:收到|接到|反馈)|^(?:被巡察|被巡视|被审计)单位(?:党组织)?要"
    r"|^[^。；;]{0,30}?(?:要|应)(?:在|于|自)?(?:收到|接到)"
)
_GENERAL = re.compile(
    r"^[^，,。；;]{0,10}(?:基本情况|(?:总体|审计|综合)?评价|总体情况|主要(?:成效|成绩)|意见建议|整改建议|建议|"
    r"整改要求|工作要求|有关要求|下一步(?:工作)?(?:打算|安排)?|工作开展情况|处理(?:及|和)整改情况)$"
)
# "收到反馈意见后2个月内报送…", "在30日内", "两个月内"
_DUE = re.compile(
    r"(?:收到|接到)?(?:本)?(?:反馈意见|反馈|意见)?(?:之日起|后)?\s*"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>个月|个工作日|日|天|周)\s*(?:内|以内)"
    r"(?=[^。；;]{0,30}?(?:报送|报告|上报|提交|报[巡县市区省院局委办镇乡]))"
)

# "整改情况于2024年7月31日前报市安委办", "应于2024年3月31日前完成整改，并将整改结果报告…"
_DUE_ON = re.compile(
    r"(?P<d>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*(?:前|之前|以前)"
    r"(?=[^。；;\d]{0,30}?(?:报送|报告|上报|提交|报[巡县市区省院局委办镇乡]))"
)

_CONTAINER = re.compile(
    r"^(?:巡视|巡察|督察|审计|检查)?(?:组|工作)?(?:发现|反馈|指出)的?(?:主要|突出)?问题(?:及|和)?(?:表现)?$"
    r"|^存在的?(?:主要)?问题$"
)
# A sentence that states a shortcoming (not a heading like "一、基本情况").
_PROBLEM_WORDS = re.compile(
    r"不到位|不规范|不严|不力|不足|不够|不高|不强|不健全|不完善|不及时|不彻底|不明显|不实|不深|不细|"
    r"未能|未按|未经|未及时|未|没有|缺乏|缺失|滞后|薄弱|偏低|偏高|短板|差距|弱化|乏力|存在|问题|"
    r"违规|违反|超标|超支|流于形式|落实不|有差距|隐患|失职|虚报|挪用|截留|私设|套取|"
    r"不符|盘亏|损失|浪费|闲置|账外|白条|逾期|欠缴|滞留|不科学|不合理|不合规|不充分|不达标|不合格|突击"
)


def container_title(title: str) -> bool:
    """A part whose children are the findings ("二、巡察发现的主要问题")."""
    return bool(_CONTAINER.search(match_view(title)))


def problem_like(text: str) -> bool:
    return bool(_PROBLEM_WORDS.search(match_view(text)))


def is_general(title: str) -> bool:
    """A part of a feedback document that holds no findings (基本情况, 意见建议, 整改要求)."""
    return bool(_GENERAL.search(match_view(title)))


def split_tail(body: list[Para]) -> tuple[list[Para], list[Para]]:
    """The findings, and what follows them (the 意见建议 and the reporting requirement)."""
    for i, p in enumerate(body):
        view = match_view(p.text).strip()
        if i > 0 and _TAIL.search(view) and nb.parse_label(view) is None:
            return body[:i], body[i:]
    return body, []


def recommendations(tail: list[Para]) -> list[str]:
    """The advice (一是…二是…, or one labelled line each) of the tail paragraphs."""
    out: list[str] = []
    for p in tail:
        text = p.text.strip()
        chain = ms.find_chain(text)
        if chain and len(chain.ordinals) >= 2:  # "巡察组建议：一是…；二是…。请…2个月内报送…"
            found = [m.text for m in ms.split_chain(text, chain)[1]]
            found[-1] = _DUE_SENTENCE.sub("", found[-1])
            out += [x.strip(" ；;。") for x in found]
            continue
        if _DUE.search(match_view(text)) and not out:
            continue
        inline = _paren_cn_items(text)
        if inline:
            out += inline
            continue
        lab = nb.parse_label(text, (nb.SHI, nb.ARABIC, nb.PAREN_CN, nb.PAREN_ARABIC, nb.PART))
        if lab is not None and not _tail_heading(text) and not _DUE.search(text):
            out.append(text[lab.end :].strip(" ；;"))
    return out


# The sentence asking for the report, run on after the last advice in one paragraph.
_DUE_SENTENCE = re.compile(
    r"(?<=[。；;])[^。；;]*?(?:收到|接到|之日起|内|前)[^。；;]*?(?:报送|报告|上报|提交)[^。]*。?$"
)
_ADVICE_HEADING = re.compile(r"^[^，,。；;]{0,12}(?:意见和?建议|建议|要求)[:：]?$")
_HEADING_REST = re.compile(r"^[\s:：，,。]*(?:如下|以下)?[\s:：，,。]*$")


def _tail_heading(text: str) -> bool:
    """ "三、巡察组意见建议：" opens the advice; "（三）建议加强预算管理…" is one of them."""
    view = match_view(text).strip()
    m = _TAIL.search(view)
    if m is not None and _HEADING_REST.match(view[m.end() :]):
        return True
    lab = nb.parse_label(view, (nb.PART, nb.PAREN_CN))
    return lab is not None and bool(_ADVICE_HEADING.match(view[lab.end :].strip()))


_PAREN_CN_INLINE = re.compile(
    r"(?:(?<=^)|(?<=[。；;:：]))\s*[（(]([一二三四五六七八九十]{1,3})[)）]"
)


def _paren_cn_items(text: str) -> list[str]:
    """Advice listed inside a line: "审计建议：（一）…；（二）…；（三）…"."""
    marks = list(_PAREN_CN_INLINE.finditer(text))
    numbers = [nb.cn_to_int(m.group(1)) for m in marks]
    if len(marks) < 2 or marks[0].start() == 0 or numbers != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    return [text[m.end() : e].strip(" ；;。") for m, e in zip(marks, ends, strict=True)]


def _add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _working_days(d: date, n: int) -> date:
    """``n`` working days after ``d`` (weekends skipped; public holidays are not known)."""
    while n > 0:
        d += timedelta(days=1)
        n -= d.weekday() < 5
    return d


def _due_on(text: str, view: str) -> ParsedDate | None:
    """A reporting deadline written as a date ("于2024年7月31日前报送")."""
    m = _DUE_ON.search(view)
    due = parse_date(m.group("d")) if m else None
    if m is None or due is None:
        return None
    phrase = text[m.start() : m.end()].strip()
    return {
        "text": phrase,
        "date": due.isoformat(),
        "precision": "day",
        "finding_path": None,
        "kind": "report",
    }


def report_deadline(text: str, base: date | None) -> ParsedDate | None:
    """The reporting deadline ("收到反馈意见后2个月内报送整改落实情况报告") dated from ``base``."""
    view = match_view(text)
    m = _DUE.search(view)
    if m is None:
        return _due_on(text, view)
    n = nb.cn_to_int(m.group("n")) or 0
    unit = m.group("unit")
    due: date | None = None
    if base is not None and n:
        if unit == "个月":
            due = _add_months(base, n)
        elif unit == "周":
            due = base + timedelta(weeks=n)
        elif unit == "个工作日":
            due = _working_days(base, n)
        else:
            due = base + timedelta(days=n)
    start = m.start("n")
    phrase = text[start : m.end()].strip()
    return {
        "text": phrase,
        "date": due.isoformat() if due else None,
        "precision": "day" if due else None,
        "finding_path": None,
        "kind": "report",
    }
