"""Extraction of figures, 《…》 titles, dates/deadlines, contacts and the inspection itself."""

from __future__ import annotations

import re

from rectify.lib.dates import DatePrecision, find_dates, month_end
from rectify.lib.text import match_view
from rectify.parsing.enums import ParsedInspectionKind
from rectify.parsing.facts import ParsedContacts, ParsedDate, ParsedFigure, ParsedInstitution
from rectify.parsing.model import ParsedInspection

_UNITS = (
    "平方公里|平方米|立方米|公里|千米|个百分点|百分点|个工作日|工作日|周岁|岁|人次|场次|批次|户次|件次|家次|门次|元|吨|亩|公顷|宗|间|处|栋|幢|座|套|辆|台|"
    "个|人|名|份|项|件|户|家|条|次|场|批|篇|起|笔|张|本|册|所|块|棵|株|米|天|小时|%|‰|倍|期|轮|课时|学时|门|所学校"
)
_FIGURE = re.compile(
    r"(?<![\d.\-〔\[第/№#a-zA-Z])"
    r"(?:(?P<low>\d+(?:\.\d+)?)\s*(?:至|到|-|~|—|～)\s*)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<more>余|多)?"
    rf"(?P<unit>(?:万|亿|千)?(?:{_UNITS}))"
    r"(?![a-zA-Z])"
)
_CLAUSE = re.compile(r"[，,。；;！!？?\n]")
_CLAUSE_CHARS = "，,。；;！!？?\n"
_CLAUSE_WINDOW = 300
_RUN_START = re.compile(r"(?<!\d)\d")  # a figure starts where a run of digits starts


def _clause_start(view: str, pos: int) -> int:
    """Index just after the last clause break before ``pos`` (0 if none)."""
    lo = max(0, pos - _CLAUSE_WINDOW)  # bounded: a long text without 。 is not read again
    return max(lo - 1, *(view.rfind(c, lo, pos) for c in _CLAUSE_CHARS)) + 1


_TITLE = re.compile(r"《([^《》\n]{1,150})》")
_VERBS = (
    "审议通过|研究制定|建立健全|贯彻落实|传达学习|组织学习|学习领会|制定|修订|修改|印发|下发|制作|执行|"
    "落实|贯彻|学习|领会|出台|完善|建立|健全|编制|编印|起草|草拟|拟定|发布|颁布|废止|更新|填写|根据|按照|"
    "依据|对照|遵照|转发|签订|签署|形成|审议|通过|梳理|报送|推行|实施|传达|重温|修编|重新制定|对"
)
_VERB_END = re.compile(rf"((?:{_VERBS})+)\s*$")
_CONNECT = re.compile(r"《[^《》]*》|[、和及与]|以及|\s")

_PHONE = re.compile(
    r"(?:电话|热线|座机|手机|传真|Tel|TEL)\s*[:：]?\s*"
    r"(?P<v>(?:\(?0\d{2,3}\)?[-－—\s]?)?\d{7,8}(?:[-－]\d{1,4})?|1[3-9]\d{9}|\d{5,6}(?!\d))"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_POSTCODE = re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(?P<v>\d{6})(?!\d)")
_ADDRESS = re.compile(
    r"(?:通信地址|通讯地址|联系地址|来信地址|邮寄地址|办公地址|地址|邮政信箱|来信请寄)\s*[:：]?\s*"
    r"(?P<v>[^，,；;。\s:：]{4,80}?)(?=[，,；;。\s]|邮政编码|邮编|电子邮箱|$)"
)

_SENT = re.compile(r"[^。；;]+[。；;]?")
_ACT = re.compile(
    r"(?:开展|进行|实施|进驻|派驻|组织开展)了?[^，,。；;]{0,14}?(?:巡视|巡察|督察|审计|检查|回头看|督查)"
    r"|进驻"
)
_TEAM = re.compile(
    r"(?P<team>[^，,。；;、:：]{1,40}?(?:巡视组|巡察组|督察组|审计组|检查组|督查组|工作组|审计局|审计厅|"
    r"审计署|审计办|审计处|巡察办|督察局|督察办|检查组|审计机关))"
)
_TARGET = re.compile(
    r"(?:对|进驻)(?P<t>[^，,。；;]{2,40}?)(?:党组织|党的建设|领导班子)?(?:进行了?|开展了?|实施了?|"
    r"组织开展了?|的|，|,|(?=(?:常规|专项|机动|提级|延伸|交叉)?(?:巡视|巡察|督察|审计)))"
)
_TARGET_FB = re.compile(
    r"向(?P<t>[^，,。；;]{2,40}?)(?:党组织|领导班子)?(?:反馈|进行了?反馈|作了?反馈|通报)"
)
_LEADING_JUNK = re.compile(
    r"^.*?(?:部署|安排|要求|规定|决定)[，,]?|^.*?(?:日|月)[，,]?|^于|^(?:并|同时|随后)"
)
_FEEDBACK = re.compile(r"反馈|出具")
_UNTIL = re.compile(r"至|到|—|-|~|～")
_FOLLOW_UP = re.compile(r"(?:巡视|巡察)\s*[“\"『「]?\s*回头看")
_KINDS = [
    (
        ParsedInspectionKind.ENVIRONMENTAL,
        re.compile(r"环保督察|生态环境保护督察|环境保护督察|环境督察"),
    ),
    (ParsedInspectionKind.AUDIT, re.compile(r"审计")),
    (ParsedInspectionKind.XUNSHI, re.compile(r"巡视")),
    (ParsedInspectionKind.XUNCHA, re.compile(r"巡察")),
    (ParsedInspectionKind.FOLLOW_UP, re.compile(r"回头看")),
    (ParsedInspectionKind.SPECIAL, re.compile(r"专项检查|督查")),
]


def figures(text: str, path: list[str] | None) -> list[ParsedFigure]:
    view = match_view(text)
    out: list[ParsedFigure] = []
    last_end = 0
    for d in _RUN_START.finditer(view):
        if d.start() < last_end:
            continue
        m = _FIGURE.match(view, d.start())
        if m is None:
            continue
        last_end = m.end()
        after = view[m.end() : m.end() + 1]
        unit = m.group("unit")
        if unit in ("期", "轮", "天", "米") and after in "号":
            continue
        if view[m.start() - 1 : m.start()] in "年" and unit in ("期",):
            continue
        raw = m.group("num").replace(",", "")
        value: float | int = float(raw) if "." in raw else int(raw)
        cs = _clause_start(view, m.start())
        ce = _CLAUSE.search(view, m.end())
        context = text[cs : ce.start() if ce else len(text)].strip()
        item: ParsedFigure = {
            "text": text[m.start() : m.end()],
            "value": value,
            "unit": unit,
            "context": context,
            "finding_path": path,
        }
        if m.group("low"):
            low = m.group("low")
            item["min"] = float(low) if "." in low else int(low)
        if m.group("more"):
            item["approximate"] = True
        out.append(item)
    return out


def institutions(text: str, path: list[str] | None) -> list[ParsedInstitution]:
    view = match_view(text)
    out: list[ParsedInstitution] = []
    for m in _TITLE.finditer(text):
        cs = _clause_start(view, m.start())
        window = _CONNECT.sub("", view[max(cs, m.start() - 40) : m.start()])
        v = _VERB_END.search(window)
        action = v.group(1) if v and v.group(1) != "对" else None
        out.append({"title": m.group(1), "action": action, "finding_path": path})
    return out


def dates_and_deadlines(
    text: str, path: list[str] | None, year: int | None
) -> tuple[list[ParsedDate], list[ParsedDate]]:
    dates: list[ParsedDate] = []
    deadlines: list[ParsedDate] = []
    for d in find_dates(text, year=year):
        item: ParsedDate = {
            "text": d.text,
            "date": d.date.isoformat() if d.date else None,
            "precision": d.precision.value,
            "finding_path": path,
        }
        (deadlines if d.is_deadline else dates).append(item)
    return dates, deadlines


def contacts(text: str) -> ParsedContacts:
    view = match_view(text)

    def value(rx: re.Pattern[str]) -> str | None:
        m = rx.search(view)
        return text[m.start("v") : m.end("v")].strip() if m else None

    email = _EMAIL.search(view)
    return {
        "phone": value(_PHONE),
        "address": value(_ADDRESS),
        "postcode": value(_POSTCODE),
        "email": email.group(0) if email else None,
    }


def _clean_team(team: str) -> str:
    team = team.strip()
    for d in find_dates(team):
        if d.end <= len(team):
            team = team[d.end :] if d.start < 3 else team
    team = re.sub(r"^(?:[，,、\s]|至|到|于|并|同时|期间|根据[^，,]*)+", "", team)
    return team.strip()


def inspection(text: str, title: str | None, year: int | None = None) -> ParsedInspection:
    """Team, target, period and feedback date from the preamble's usual phrasings."""
    insp = ParsedInspection()
    view = match_view(text)
    fb_target: str | None = None  # named only as whom the feedback went to ("向…市委、市政府")
    for m in _SENT.finditer(view):
        s = m.group(0)
        sentence = text[m.start() : m.start() + len(s)]
        if insp.start is None and _ACT.search(s):
            insp.target = None if fb_target else insp.target
            _activity(insp, s, sentence, year)  # "对…开展了巡察" names the target itself
            insp.target = insp.target or fb_target
        fb = _FEEDBACK.search(s)
        if insp.feedback_date is None and fb:
            had = insp.target
            _feedback(insp, s, sentence, fb.start(), year)
            fb_target = insp.target if had is None and insp.start is None else None
    insp.kind = _kind(insp.team, title, text, view)
    return insp


def _activity(insp: ParsedInspection, view: str, sentence: str, year: int | None) -> None:
    """A sentence like "区委第一巡察组于…至…对…开展了巡察": team, target and period."""
    team = _TEAM.search(view)
    if team and insp.team is None:
        insp.team = _clean_team(sentence[team.start("team") : team.end("team")])
    tgt = _TARGET.search(view, team.end() if team else 0)
    if tgt and insp.target is None:
        target = sentence[tgt.start("t") : tgt.end("t")]
        insp.target = re.split(r"\d{4}年|[（(]", target)[0].strip() or target.strip()
    found = find_dates(sentence, year=year)
    if found:
        insp.start = found[0].date
        between = view[found[0].end : found[1].start] if len(found) > 1 else ""
        if len(found) > 1 and _UNTIL.search(between):
            insp.end = found[1].date
            if insp.end and found[1].precision == DatePrecision.MONTH:
                insp.end = month_end(insp.end.year, insp.end.month)


def _feedback(insp: ParsedInspection, view: str, sentence: str, pos: int, year: int | None) -> None:
    """A sentence like "…于2023年1月16日向…反馈了意见": the feedback date (target, team)."""
    found = find_dates(sentence, year=year)
    before = [d for d in found if d.start < pos]
    if before or found:
        insp.feedback_date = (before or found)[-1 if before else 0].date
    if insp.target is None:
        tgt = _TARGET_FB.search(view)
        if tgt:
            insp.target = sentence[tgt.start("t") : tgt.end("t")].strip()
    if insp.team is None:
        team = _TEAM.search(view)
        if team:
            insp.team = _clean_team(sentence[team.start("team") : team.end("team")])


def _kind(team: str | None, title: str | None, text: str, view: str) -> ParsedInspectionKind | None:
    kind = None
    for basis in (team or "", title or "", text[:600]):
        kind = next((k for k, rx in _KINDS if rx.search(basis)), None)
        if kind:
            break
    follow_up = _FOLLOW_UP.search(match_view(title or "") + view[:300])
    if kind in (ParsedInspectionKind.XUNSHI, ParsedInspectionKind.XUNCHA) and follow_up:
        return ParsedInspectionKind.FOLLOW_UP
    return kind


_SELF = re.compile(
    r"^(?:我|本)(?P<kind>局|镇|乡|委|厅|院|办|街道|公司|集团|校|中心|县|区|市|部|所|社区|村)"
    r"(?P<rest>.{0,8})$"
)
_ORG_PREFIX = re.compile(r"^(?P<org>.{2,40}?)(?:关于|对于)")


def resolve_self(target: str | None, issuer: str | None, title: str | None) -> str | None:
    """ "对我局开展了巡察": the inspected unit named by the issuer or the title's prefix."""
    m = _SELF.match(target or "")
    if m is None:
        return target
    kind, rest = m.group("kind"), m.group("rest")
    for name in (issuer, _title_org(title)):
        if not name:
            continue
        pos = name.rfind(kind)
        if pos >= 0:
            unit = name[: pos + len(kind)]
            return unit + rest if rest and not name.startswith(unit + rest) else name
    return target


def _title_org(title: str | None) -> str | None:
    m = _ORG_PREFIX.match(title or "")
    return m.group("org") if m else None
