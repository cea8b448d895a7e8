"""Checks on a notice draft before it is published, whether generated or written by hand.

- figures that do not add up (68 = 35 + 33) and rates that do not match their counts
  ("完成率76%" against 19 of 25);
- figures that differ from the ledger (an indicator's target/current, the summary counts);
- problems without a measure, measures without an owner or a deadline ("no owner, no date"),
  gaps in 一是/二是 numbering;
- personal data that must be masked in the public version (the published contact phone stays).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from rectify.imports import suggest
from rectify.inspections.models import Inspection
from rectify.lib.numbering import SHI, parse_label
from rectify.lib.text import match_view, normalize_for_compare
from rectify.measures.enums import MeasureKind
from rectify.measures.models import Indicator, Measure
from rectify.parsing import ParseError, parse_text

from .content import stats_as_of
from .plan_checks import check_plan_changes
from .privacy import find_personal, mask_value

ERROR, WARNING, INFO = "error", "warning", "info"
_PARAGRAPHS = re.compile(r"[^\n]+")
_SENTENCES = re.compile(r"[^。;；!?！？\n]+[。;；!?！？]?")
_RATE = re.compile(r"(?:完成率|办结率|整改率)(?:为|达|达到)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_PARTS = re.compile(r"其中")
_SUMMARY = {
    "problems": re.compile(r"反馈问题\s*(\d+)\s*个"),
    "measures": re.compile(r"整改措施\s*(\d+)\s*项"),
    "done": re.compile(r"已完成\s*(\d+)\s*项(?!\S{0,3}[%％])"),
}
PERSONAL_LABELS = {
    "id_number": ("身份证号码", "ID number"),
    "mobile": ("手机号码", "mobile number"),
    "landline": ("固定电话", "landline number"),
    "name": ("个人姓名", "name of a private person"),
    "name_candidate": ("可能是人名", "possibly a person's name"),
}


@dataclass
class Issue:
    code: str
    severity: str
    message: str
    message_en: str
    excerpt: str = ""
    measure_id: int | None = None
    finding_id: int | None = None
    extra: dict = field(default_factory=dict)


def _fmt(value: Decimal | float | int | None) -> str:
    if value is None:
        return "—"
    value = Decimal(str(value))
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _short(text: str, n: int = 60) -> str:
    text = text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------- the text


def check_sums(text: str) -> list[Issue]:
    """Totals that are not the sum of their parts; rates that do not match their counts."""
    issues = []
    for para in _PARAGRAPHS.finditer(text):
        paragraph = para.group(0)
        counted = []
        for sentence in _SENTENCES.finditer(paragraph):
            s = sentence.group(0)
            for found in suggest.indicators(s):
                if found.target is None:
                    continue
                counted.append(found)
                if found.remaining is not None and found.target != found.current + found.remaining:
                    issues.append(
                        Issue(
                            "sum_mismatch",
                            ERROR,
                            f"数字不相加：{_fmt(found.target)} ≠ {_fmt(found.current)} + "
                            f"{_fmt(found.remaining)}（{found.name}）",
                            f"figures do not add up: {_fmt(found.target)} ≠ "
                            f"{_fmt(found.current)} + {_fmt(found.remaining)} ({found.name})",
                            _short(s),
                        )
                    )
            issues.extend(_check_parts(s))
        for rate in _RATE.finditer(match_view(paragraph)):
            before = [c for c in counted if paragraph.find(c.source) < rate.start()] or counted
            if not before or not before[-1].target:
                continue
            basis = before[-1]
            expected = Decimal(100) * basis.current / basis.target
            stated = Decimal(rate.group(1))
            tolerance = Decimal("0.5") if "." not in rate.group(1) else Decimal("0.05")
            if abs(stated - expected) > tolerance:
                issues.append(
                    Issue(
                        "rate_mismatch",
                        ERROR,
                        f"比率不符：写的是{rate.group(1)}%，按{_fmt(basis.current)}/"
                        f"{_fmt(basis.target)}应为{expected:.1f}%",
                        f"rate does not match: {rate.group(1)}% stated, "
                        f"{_fmt(basis.current)} of {_fmt(basis.target)} is {expected:.1f}%",
                        _short(paragraph[max(0, rate.start() - 40) : rate.end()]),
                    )
                )
    return issues


def _check_parts(sentence: str) -> list[Issue]:
    """ "共25项，其中已完成19项、正在推进5项" — the parts must not exceed (or miss) the total."""
    m = _PARTS.search(sentence)
    if not m:
        return []
    head = [f for f in suggest.figures(sentence[: m.start()]) if not f.approx]
    tail = [f for f in suggest.figures(sentence[m.end() :]) if not f.approx]
    if not head or len(tail) < 2:
        return []
    total = head[-1]
    parts = [f for f in tail if f.unit == total.unit]
    if len(parts) < 2:
        return []
    added = sum((p.value for p in parts), Decimal(0))
    if added == total.value:
        return []
    return [
        Issue(
            "sum_mismatch",
            ERROR,
            f"分项之和{_fmt(added)}{total.unit}与总数{_fmt(total.value)}{total.unit}不符",
            f"the parts add up to {_fmt(added)}, the total says {_fmt(total.value)}",
            _short(sentence),
        )
    ]


def check_personal(text: str, *, keep: set[str] = frozenset()) -> list[Issue]:
    keep_digits = {re.sub(r"\D", "", k) for k in keep if k}
    issues = []
    for item in find_personal(text):
        if item.kind in {"mobile", "landline"} and re.sub(r"\D", "", item.text) in keep_digits:
            continue
        zh, en = PERSONAL_LABELS[item.kind]
        masked = mask_value(item)
        candidate = item.kind == "name_candidate"
        issues.append(
            Issue(
                "personal_data",
                INFO if candidate else ERROR,
                f"{zh}“{item.text}”" + ("，请确认" if candidate else f"，公开版显示为“{masked}”"),
                f"{en} “{item.text}”"
                + (", please check" if candidate else f"; the public version shows “{masked}”"),
                _short(text[max(0, item.start - 20) : item.end + 20]),
                extra={"kind": item.kind},
            )
        )
    return issues


def check_structure(text: str) -> list[Issue]:
    """For a draft without an inspection: parse it and report problems without measures."""

    try:
        parsed = parse_text(text)
    except ParseError as exc:
        return [Issue("unparsed", INFO, exc.message_zh, exc.message_en)]
    issues = []
    for node in parsed.all_findings():
        if node.kind != "aspect" and not node.measures and not node.children:
            issues.append(
                Issue(
                    "finding_without_measure",
                    WARNING,
                    f"问题“{_short(node.title, 40)}”没有整改措施",
                    f"problem “{_short(node.title, 40)}” has no measure",
                )
            )
    for warning in parsed.warnings:
        if warning.code == "numbering_gap":
            issues.append(Issue("numbering_gap", WARNING, warning.message, warning.message_en))
    return issues


# ---------------------------------------------------------------------------- the ledger


def check_against_ledger(text: str, *, inspection: Inspection, stats: dict) -> list[Issue]:
    """Numbers in the text that differ from the ledger: indicators and the summary counts."""
    issues = []
    indicators = list(
        Indicator.objects.filter(measure__finding__inspection=inspection).select_related("measure")
    )
    by_name = {normalize_for_compare(i.name): i for i in indicators}
    for sentence in _SENTENCES.finditer(text):
        for found in suggest.indicators(sentence.group(0)):
            row = by_name.get(normalize_for_compare(found.name))
            if row is None or (row.unit and row.unit != found.unit):
                continue
            for what, zh, ledger, stated in (
                ("target", "目标数", row.target_value, found.target),
                ("current", "完成数", row.current_value, found.current),
            ):
                if ledger is None or stated is None or Decimal(ledger) == stated:
                    continue
                issues.append(
                    Issue(
                        "ledger_mismatch",
                        ERROR,
                        f"“{row.name}”{zh}：文中为{_fmt(stated)}{found.unit}，台账为"
                        f"{_fmt(ledger)}{row.unit}",
                        f"“{row.name}” {what}: the text says {_fmt(stated)}, "
                        f"the ledger {_fmt(ledger)}",
                        _short(sentence.group(0)),
                        measure_id=row.measure_id,
                    )
                )
    problems = stats["problems"]  # as the inspection page and the notice count them
    wanted = {
        "problems": problems,
        "measures": stats["measures"]["total"],
        "done": stats["measures"]["done"],
    }
    names = {"problems": ("反馈问题数", "problems"), "measures": ("整改措施数", "measures"),
             "done": ("已完成数", "done")}  # fmt: skip
    for key, rx in _SUMMARY.items():
        for m in rx.finditer(match_view(text)):
            line = text[text.rfind("\n", 0, m.start()) + 1 : m.end()]
            if not ("反馈问题" in line or "整改措施" in line):
                continue  # "已完成6间" in a measure is not the summary
            if int(m.group(1)) != wanted[key]:
                zh, en = names[key]
                issues.append(
                    Issue(
                        "ledger_mismatch",
                        ERROR,
                        f"{zh}：文中为{m.group(1)}，台账为{wanted[key]}",
                        f"{en}: the text says {m.group(1)}, the ledger {wanted[key]}",
                        _short(line[-60:]),
                    )
                )
    return issues


def _measure_issues(measure: Measure) -> list[Issue]:
    """A measure with no owner, or no deadline though not long-term."""
    where = f"{measure.finding.label}{_short(measure.finding.title, 20)} {measure.label}"
    issues = []
    if measure.lead_department_id is None and measure.responsible_person_id is None:
        issues.append(
            Issue(
                "measure_no_owner",
                WARNING,
                f"措施没有责任单位或责任人：{where}",
                f"measure without owner: {where}",
                _short(measure.text, 40),
                measure_id=measure.pk,
            )
        )
    if measure.deadline is None and measure.kind != MeasureKind.LONG_TERM:
        issues.append(
            Issue(
                "measure_no_deadline",
                WARNING,
                f"措施没有完成时限：{where}",
                f"measure without deadline: {where}",
                _short(measure.text, 40),
                measure_id=measure.pk,
            )
        )
    return issues


def _numbering_issues(findings: list, measures: list[Measure]) -> list[Issue]:
    """一是, 二是 … with a gap under one finding."""
    labels: dict[int, list[int]] = {}
    for measure in measures:
        parsed = parse_label(measure.label) if measure.label else None
        if parsed is not None and parsed.kind == SHI:
            labels.setdefault(measure.finding_id, []).append(parsed.ordinal)
    issues = []
    for finding_id, ordinals in labels.items():
        if ordinals != list(range(1, len(ordinals) + 1)):
            finding = next(f for f in findings if f.pk == finding_id)
            issues.append(
                Issue(
                    "numbering_gap",
                    INFO,
                    f"“{_short(str(finding), 30)}”的措施编号不连续；需要时可选择“重新编号”",
                    f"measure numbering of “{_short(str(finding), 30)}” has a gap; "
                    "renumber if wanted",
                    finding_id=finding_id,
                )
            )
    return issues


def check_ledger(inspection: Inspection) -> list[Issue]:
    """Problems with no measure; measures with no owner or no deadline; numbering gaps."""
    issues = []
    findings = list(inspection.findings.in_tree_order())
    parents = {f.parent_id for f in findings}
    measures = list(
        Measure.objects.filter(finding__inspection=inspection)
        .select_related("finding")
        .order_by("finding__sort_key", "position")
    )
    with_measures = {m.finding_id for m in measures}
    for finding in findings:
        if finding.pk not in parents and finding.pk not in with_measures:
            issues.append(
                Issue(
                    "finding_without_measure",
                    WARNING,
                    f"问题“{_short(str(finding), 40)}”没有整改措施",
                    f"problem “{_short(str(finding), 40)}” has no measure",
                    finding_id=finding.pk,
                )
            )
    for measure in measures:
        issues += _measure_issues(measure)
    return issues + _numbering_issues(findings, measures)


def check_undated(stats: dict) -> list[Issue]:
    """Counted as of a past date: say what had no date and was counted as it is now."""
    undated = stats.get("undated") or {}
    parts = [
        (undated.get("statuses", 0), "项措施的状态没有变更记录，按当前状态计", "measures' status"),
        (undated.get("indicators", 0), "个指标的当前值没有对应的进展报告日期", "indicators' value"),
        (undated.get("entered_later", 0), "条问题或措施在该日之后录入，未计入", "entered later"),
    ]
    return [
        Issue(
            "undated_records",
            WARNING,
            f"截至{stats['as_of']}：{n}{zh}",
            f"as of {stats['as_of']}: {n} {en} without a dated record",
        )
        for n, zh, en in parts
        if n
    ]


def check_draft(
    text: str,
    *,
    inspection: Inspection | None = None,
    contact_phone: str = "",
    today: dt.date | None = None,
    as_of: dt.date | None = None,
) -> list[Issue]:
    """All checks on ``text``; with an inspection, also against its ledger (as of ``as_of``:
    the figures of that day, and what could not be dated)."""
    issues = check_sums(text)
    if inspection is not None:
        today = today or timezone.localdate()
        stats = stats_as_of(inspection, as_of or today, today)
        issues += check_undated(stats)
        issues += check_against_ledger(text, inspection=inspection, stats=stats)
        issues += check_ledger(inspection)
        issues += check_plan_changes(inspection, Issue, WARNING)
        contact_phone = contact_phone or (inspection.contacts or {}).get("phone", "")
    else:
        issues += check_structure(text)
    issues += check_personal(text, keep={contact_phone} if contact_phone else set())
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    return sorted(issues, key=lambda i: order[i.severity])
