"""销号门槛 by category of measure: what a sign-off request must show, read from the progress
reports and evidence, and explained before the request is sent (`measures.checks`).

- 建章立制 (rules): the rule's title 《…》, its document number (〔2024〕3号) and its date;
- case work (拆违 / 信访 / 12345): the case numbers and before/after photos;
- every measure: evidence dated inside the measure's period (from the feedback date on);
- a long-term measure: the standing rule or mechanism it ends in, named and dated.
Each gate can be turned off per inspection (`GateConfig`).
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from rectify.measures.enums import MeasureCategory, MeasureKind, MeasureStatus
from rectify.measures.models import Evidence, Measure

from .models import DEFAULT_GATES, GateConfig
from .text import has_date

REQUESTABLE = {MeasureStatus.IN_PROGRESS, MeasureStatus.RETURNED, MeasureStatus.LONG_TERM}
RULE_TITLE = re.compile(
    r"《[^》]{2,60}(制度|办法|规定|细则|规则|规程|方案|机制|意见|章程|守则|清单)[^》]{0,10}》"
)
DOC_NUMBER = re.compile(r"[〔\[（(【]\s*\d{4}\s*[〕\]）)】]\s*\d{1,4}\s*号|字\s*\d{1,4}\s*号")
CASE_ID = re.compile(
    r"(案号|编号|工单号?|受理号|信访件|件号|案卷号)\s*[:：]?\s*[A-Za-z0-9〔〕\[\]\-（）()]{4,}"
    r"|\b\d{10,}\b"
)
BEFORE, AFTER = ("前", "before"), ("后", "after")


def config_for(measure: Measure) -> GateConfig:
    return GateConfig.objects.filter(inspection_id=measure.inspection_id).first() or DEFAULT_GATES


def missing(measure: Measure) -> list[str]:
    """What the measure's reports and evidence still lack for a sign-off request."""
    if measure.status not in REQUESTABLE:
        return []
    gates = config_for(measure)
    reports = list(measure.reports.all())
    text = unicodedata.normalize("NFKC", "\n".join(r.text for r in reports))
    evidence = list(
        Evidence.objects.filter(report__measure=measure).values(
            "original_name", "content_type", "report__report_date"
        )
    )
    text += "\n" + "\n".join(e["original_name"] for e in evidence)
    lacking = []
    if measure.category == MeasureCategory.RULES and gates.rules_need_document:
        lacking += _rule_document(text)
    if measure.category == MeasureCategory.CASE:
        if gates.case_needs_ids and not CASE_ID.search(text):
            lacking.append(_("the case numbers (案号 / 工单号) of the cases handled"))
        if gates.case_needs_photos and not _before_and_after(evidence):
            lacking.append(_("before and after photos (two photos, named …前 and …后)"))
    named = RULE_TITLE.search(text) and has_date(text)
    if measure.kind == MeasureKind.LONG_TERM and gates.long_term_needs_rule and not named:
        lacking.append(
            _("the standing rule this long-term measure ends in: its title 《…》 and date")
        )
    if gates.evidence_in_period:
        lacking += _outside_period(measure, evidence)
    return lacking


def _rule_document(text: str) -> list[str]:
    lacking = []
    if not RULE_TITLE.search(text):
        lacking.append(_("the rule's title (《…制度》)"))
    if not DOC_NUMBER.search(text):
        lacking.append(_("the rule's document number (…〔2024〕3号)"))
    if not has_date(text):
        lacking.append(_("the date the rule was issued"))
    return lacking


def _before_and_after(evidence: list[dict]) -> bool:
    photos = [
        e["original_name"].lower() for e in evidence if e["content_type"].startswith("image/")
    ]
    has_before = any(any(w in name for w in BEFORE) for name in photos)
    has_after = any(any(w in name for w in AFTER) for name in photos)
    return (has_before and has_after) or (len(photos) >= 2 and not (has_before or has_after))


def _outside_period(measure: Measure, evidence: list[dict]) -> list[str]:
    start = measure.finding.inspection.feedback_date
    if start is None:
        return []
    early = sorted({e["report__report_date"] for e in evidence if e["report__report_date"] < start})
    if not early:
        return []
    return [
        _(
            "evidence dated inside the measure's period: reports of %(dates)s predate the "
            "feedback date %(start)s"
        )
        % {"dates": "、".join(map(str, early)), "start": start}
    ]
