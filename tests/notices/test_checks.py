"""Checks on a notice draft before publishing."""

import pytest

from rectify.measures.models import Indicator
from rectify.notices.checks import (
    check_against_ledger,
    check_draft,
    check_ledger,
    check_personal,
    check_structure,
    check_sums,
)
from rectify.notices.privacy import id_checksum_ok, mask_text
from rectify.reports.selectors import inspection_stats

from ..factories import FindingFactory, MeasureFactory


def codes(issues):
    return [i.code for i in issues]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("核实历史违建68宗,已完成整治35宗,剩余33宗正在跟进。", []),
        ("核实历史违建68宗,已完成整治35宗,剩余30宗正在跟进。", ["sum_mismatch"]),
        ("共25项整改措施,已完成19项,完成率76%。", []),
        ("共25项整改措施,已完成19项,完成率80%。", ["rate_mismatch"]),
        ("共25项整改措施，已完成19项，完成率为76.0%。", []),
        ("共有问题20个,其中已整改12个,正在整改8个。", []),
        ("共有问题20个,其中已整改12个,正在整改5个。", ["sum_mismatch"]),
    ],
)
def test_figures_that_do_not_add_up(text, expected):
    assert codes(check_sums(text)) == expected


def test_figures_that_differ_from_the_ledger(imported):
    inspection = imported.inspection
    indicator = Indicator.objects.get(name="历史违建")
    indicator.current_value = 40
    indicator.save()
    stats = inspection_stats(inspection=inspection, today=inspection.notice_date)
    text = "核实相关工单涉及历史违建68宗,已完成整治35宗,剩余33宗正在跟进。"
    issues = check_against_ledger(text, inspection=inspection, stats=stats)
    assert codes(issues) == ["ledger_mismatch"]
    assert "35" in issues[0].message and "40" in issues[0].message
    summary = "截至目前，巡察反馈问题14个、整改措施80项、已完成0项。"
    issues = check_against_ledger(summary, inspection=inspection, stats=stats)
    assert codes(issues) == ["ledger_mismatch"] and "80" in issues[0].message


def test_the_generated_draft_agrees_with_the_ledger(imported):
    from rectify.notices.generate import notice_generate

    text = notice_generate(inspection=imported.inspection, fmt="txt").content.decode()
    issues = check_draft(text, inspection=imported.inspection)
    assert not [i for i in issues if i.code in {"ledger_mismatch", "sum_mismatch"}]
    assert codes(issues).count("measure_no_owner") == 82
    assert "numbering_gap" in codes(issues)
    assert "personal_data" not in codes(issues)  # the office's phone is published on purpose


def test_no_owner_no_date_and_problems_without_measures(inspection, units):
    lonely = FindingFactory(inspection=inspection, title="针对没有措施的问题")
    finding = FindingFactory(inspection=inspection)
    MeasureFactory(finding=finding, lead_department=None, responsible_person=None, deadline=None)
    MeasureFactory(finding=finding, lead_department=units.party, long_term=True, label="二是")
    issues = check_ledger(inspection)
    assert sorted(codes(issues)) == [
        "finding_without_measure",
        "measure_no_deadline",
        "measure_no_owner",
    ]
    assert issues[0].finding_id == lonely.pk


def test_a_hand_written_draft_is_parsed_for_problems_without_measures(db):
    draft = (
        "第一方面问题,执行不够强\n(一)针对甲问题\n1.针对子问题一。一是召开会议。二是完善制度。\n"
        "2.针对子问题二。\n(二)针对乙问题\n1.针对子问题三。一是开展培训。三是建立台账。\n"
    )
    issues = check_structure(draft)
    assert "finding_without_measure" in codes(issues)


def test_personal_data_is_found_and_masked():
    text = (
        "群众李小红反映，业主张三(手机13912345678，身份证号11010519491231002X)，"
        "办公室电话020-83334444。"
    )
    found = check_personal(text, keep={"020-89998901"})
    kinds = sorted(i.extra["kind"] for i in found)
    assert kinds == ["id_number", "landline", "mobile", "name", "name"]
    masked = mask_text(text, keep=["020-83334444"])
    assert "李某某" in masked and "张某" in masked
    assert "139****5678" in masked and "110105********002X" in masked
    assert "020-83334444" in masked


def test_id_numbers_need_a_valid_checksum():
    assert id_checksum_ok("11010519491231002X")
    assert not id_checksum_ok("110105194912310021")
    assert "personal_data" not in codes(check_personal("编号110105194912310021"))
