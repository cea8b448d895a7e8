"""Planted formalism cases found through the selectors and shown on the measure page; genuine
reports left alone."""

from decimal import Decimal

import pytest
from django.urls import reverse

from rectify.insights import formalism as f
from rectify.insights.selectors import flags_by_unit, formalism_flags, measures_in_reach
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Evidence

from ..factories import FindingFactory, IndicatorFactory, MeasureFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

COPIED = "截至6月底，已对辖区内68宗历史违建逐宗建立台账，完成拆除35宗，剩余33宗已制定分类处置方案。"
COPY = "截至9月底，已对辖区内68宗历史违建逐宗建立台账，完成拆除41宗，剩余27宗已制定分类处置方案。"
GENUINE = "6月12日联合城管、规划部门对滨江路沿线开展违建专项整治行动，拆除临街搭建的铁皮棚12处。"


def with_evidence(report):
    Evidence.objects.create(
        report=report,
        file="evidence/x",
        original_name="照片.jpg",
        content_type="image/jpeg",
        size=3,
        sha256="a" * 64,
        uploaded_by=report.author,
    )
    return report


@pytest.fixture
def planted(inspection, units):
    finding = FindingFactory(inspection=inspection)
    m1 = MeasureFactory(
        finding=finding,
        lead_department=units.enforcement,
        text="对历史违建逐宗建立台账，年底前完成拆除。",
    )
    m2 = MeasureFactory(
        finding=finding,
        lead_department=units.enforcement,
        text="联合城管部门开展沿街违建专项整治。",
    )
    m3 = MeasureFactory(
        finding=finding, lead_department=units.party, text="进一步加强学习，提高思想认识。"
    )
    r1 = with_evidence(ProgressReportFactory(measure=m1, text=COPIED))
    r2 = with_evidence(ProgressReportFactory(measure=m2, text=COPY))
    r3 = with_evidence(ProgressReportFactory(measure=m2, text=GENUINE))
    r4 = ProgressReportFactory(measure=m3, text="已按要求进一步加强学习，提高思想认识。")
    return locals()


def by_reason(flags, reason):
    return [x for x in flags if x.reason == reason]


def test_copied_reports_both_flagged_each_naming_the_other(planted):
    flags = formalism_flags(measures=measures_in_reach(user=None))
    copied = {(x.report, x.other_report) for x in by_reason(flags, f.COPIED_REPORT)}
    r1, r2 = planted["r1"].pk, planted["r2"].pk
    assert copied == {(r1, r2), (r2, r1)}  # the genuine report r3 is left alone


def test_restated_measure_no_evidence_and_generic_text(planted):
    flags = formalism_flags(measures=measures_in_reach(user=None))
    assert [x.report for x in by_reason(flags, f.COPIED_MEASURE)] == [planted["r4"].pk]
    assert [x.report for x in by_reason(flags, f.NO_EVIDENCE)] == [planted["r4"].pk]
    assert [x.measure for x in by_reason(flags, f.GENERIC_MEASURE)] == [planted["m3"].pk]


def test_signoff_requested_with_no_indicator_at_target(planted):
    m1 = planted["m1"]
    IndicatorFactory(measure=m1, target_value=Decimal(68), current_value=Decimal(35))
    m1.status = MeasureStatus.SIGNOFF_REQUESTED
    m1.save()
    flags = by_reason(formalism_flags(measures=measures_in_reach(user=None)), f.TARGET_NOT_REACHED)
    assert [x.measure for x in flags] == [m1.pk]
    assert "35/68宗" in flags[0].detail
    IndicatorFactory(measure=m1, name="宣传", target_value=Decimal(2), current_value=Decimal(2))
    assert not by_reason(
        formalism_flags(measures=measures_in_reach(user=None)), f.TARGET_NOT_REACHED
    )


def test_flags_listed_per_unit(planted, units):
    qs = measures_in_reach(user=None)
    groups = flags_by_unit(formalism_flags(measures=qs), qs)
    counts = {g["unit_name"]: g["by_reason"] for g in groups}
    assert counts["执法办"] == {f.COPIED_REPORT: 2}
    assert counts["党建办"] == {f.COPIED_MEASURE: 1, f.NO_EVIDENCE: 1, f.GENERIC_MEASURE: 1}


def test_a_department_sees_only_its_own_flags(planted, cast):
    flags = formalism_flags(measures=measures_in_reach(user=cast.party_reporter))
    assert {x.measure for x in flags} == {planted["m3"].pk}


def test_the_measure_page_shows_the_flags_with_a_link_to_the_other_report(planted, cast, client):
    client.force_login(cast.leader)
    page = client.get(reverse("measures:detail", args=[planted["m1"].pk])).content.decode()
    assert "进展内容雷同" in page
    assert f"/measures/{planted['m2'].pk}/#report-{planted['r2'].pk}" in page


def test_the_measure_page_finds_the_same_copies_as_the_whole_inspection(planted):
    from rectify.insights.selectors import measure_formalism

    everything = formalism_flags(measures=measures_in_reach(user=None))
    for m in (planted["m1"], planted["m2"], planted["m3"]):
        page = {(x.reason, x.report, x.other_report) for x in measure_formalism(m)}
        whole = {(x.reason, x.report, x.other_report) for x in everything if x.measure == m.pk}
        assert page == whole
