"""The round pages (integrity checks, meeting summary) read the kept checks: the same flags
and counts as computing them all again, for every reader, before and after a change; the
page lists the first flags of each unit and pages the rest."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectify.insights import formalism as f
from rectify.insights.kept import round_formalism_flags, round_recurrences
from rectify.insights.rounds import round_checks
from rectify.insights.selectors import (
    flags_by_unit,
    formalism_flags,
    measures_in_reach,
    recurrences,
)
from rectify.insights.services import finding_matches_refresh
from rectify.measures.enums import MeasureStatus

from ..factories import FindingFactory, IndicatorFactory, MeasureFactory, ProgressReportFactory
from .test_formalism import COPIED, COPY, GENUINE, planted, with_evidence  # noqa: F401

pytestmark = pytest.mark.django_db


def key(flag):
    return (flag.measure, flag.reason, flag.report, flag.other_report, flag.detail)


def assert_same(user, inspection):
    measures = measures_in_reach(user=user, inspection=inspection.pk)
    slow = formalism_flags(measures=measures)
    fast = round_formalism_flags(measures=measures, inspection=inspection)
    assert sorted(map(key, fast)) == sorted(map(key, slow))
    by_unit = [(g["unit_name"], g["count"], g["by_reason"]) for g in flags_by_unit(fast, measures)]
    assert by_unit == [
        (g["unit_name"], g["count"], g["by_reason"]) for g in flags_by_unit(slow, measures)
    ]
    return fast


@pytest.fixture
def more(planted, inspection, units):  # noqa: F811
    finding = FindingFactory(inspection=inspection)
    m4 = MeasureFactory(finding=finding, lead_department=units.party, text="提高认识，加强领导。")
    with_evidence(ProgressReportFactory(measure=m4, text=COPIED))
    IndicatorFactory(measure=planted["m1"], target_value=Decimal(68), current_value=Decimal(35))
    planted["m1"].status = MeasureStatus.SIGNOFF_REQUESTED
    planted["m1"].save()
    return planted


def test_kept_flags_equal_the_full_computation_for_every_reader(more, inspection, cast):
    round_checks(inspection.pk)
    fast = assert_same(None, inspection)
    assert {x.reason for x in fast} == {
        f.COPIED_REPORT,
        f.COPIED_MEASURE,
        f.NO_EVIDENCE,
        f.GENERIC_MEASURE,
        f.TARGET_NOT_REACHED,
    }
    for user in (cast.office, cast.leader, cast.reporter, cast.party_reporter):
        assert_same(user, inspection)


def test_changed_measures_and_reports_are_seen_at_once(more, inspection):
    round_checks(inspection.pk)
    m3, r2 = more["m3"], more["r2"]
    m3.text = "6月底前修订学习制度，印发《学习管理办法》。"  # no longer only generic words
    m3.save()
    more["r4"].text = "已组织专题学习2次，撰写心得体会15篇。"  # no longer restating it
    more["r4"].save()
    fast = assert_same(None, inspection)
    assert not [x for x in fast if x.measure == m3.pk and x.reason == f.GENERIC_MEASURE]
    assert any(x.report == r2.pk for x in fast if x.reason == f.COPIED_REPORT)


def test_a_round_with_nothing_kept_is_computed_once_and_kept(more, inspection):
    assert_same(None, inspection)  # computes and keeps
    measures = measures_in_reach(user=None, inspection=inspection.pk)
    with CaptureQueriesContext(connection) as seen:
        round_formalism_flags(measures=measures, inspection=inspection)
    assert len(seen) <= 10


def test_kept_recurrences_equal_the_computed_ones(inspection, units, cast):
    later = type(inspection).objects.create(
        title="第二轮", inspected_unit=inspection.inspected_unit, feedback_date="2024-06-01"
    )
    text = "辖区内历史违建底数不清，台账不全，拆除进度缓慢，群众反映强烈。"
    FindingFactory(inspection=inspection, title="违建问题", text=text)
    MeasureFactory(finding=FindingFactory(inspection=later, title="违建问题", text=text))
    finding_matches_refresh()
    computed = recurrences(measures=measures_in_reach(user=None, inspection=later.pk))
    kept = round_recurrences(inspection=later, user=cast.office)
    fields = ("finding", "earlier_finding", "similarity", "inspection", "signed_off")
    assert [tuple(getattr(r, n) for n in fields) for r in kept] == [
        tuple(getattr(r, n) for n in fields) for r in computed
    ]


def test_the_page_lists_ten_per_unit_and_pages_the_rest(inspection, units, cast, client):
    finding = FindingFactory(inspection=inspection)
    for i in range(25):
        m = MeasureFactory(finding=finding, lead_department=units.enforcement, text=f"措施{i}号")
        ProgressReportFactory(measure=m, text=f"第{i}次进展：完成巡查{i}处，拆除铁皮棚{i}处。")
    round_checks(inspection.pk)
    n = len(round_formalism_flags(measures=measures_in_reach(user=None), inspection=inspection))
    assert n > 25  # each report without evidence, and the copies among them
    client.force_login(cast.office)
    url = reverse("insights:inspection", args=[inspection.pk])
    page = client.get(url).content.decode()
    assert page.count("<tr>") - 1 == 10 and f"共 {n} 条提示" in page
    unit = client.get(url, {"unit": units.enforcement.pk}).content.decode()
    assert unit.count("<tr>") - 1 == n
    summary = client.get(reverse("insights:summary", args=[inspection.pk])).content.decode()
    assert f"执法办：{n}" in summary.replace("\n", "")
