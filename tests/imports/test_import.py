"""Importing the seed notice: the tree, indicators, deadlines, suggestions; re-imports."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused
from rectify.imports import suggest
from rectify.imports.importer import import_plan, notice_import, parse_document
from rectify.imports.models import ImportRecord
from rectify.inspections.models import Finding, Inspection, NoticeSection
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Indicator, Measure
from rectify.parsing import ParsedNotice
from tests.report_helpers import report_on
from tests.seed import SEED


def counts():
    return (
        Inspection.objects.count(),
        Finding.objects.count(),
        Measure.objects.count(),
        Indicator.objects.count(),
        NoticeSection.objects.count(),
        ImportRecord.objects.count(),
    )


def test_seed_import_builds_the_inspection_from_the_preamble(imported, units):
    inspection = imported.inspection
    assert imported.created
    assert inspection.inspected_unit == units.street  # "海幢街道" found in "海幢街道党工委"
    assert inspection.inspecting_body == "海珠区委第一巡察组"
    assert inspection.period_start == dt.date(2022, 7, 26)
    assert inspection.feedback_date == dt.date(2023, 1, 16)
    assert inspection.notice_date == dt.date(2023, 10, 19)
    assert inspection.issuer == "中共广州市海珠区海幢街道工作委员会"
    assert inspection.findings_heading.startswith("强化政治担当")
    assert inspection.contacts["phone"] == "020-89998901"
    assert inspection.preamble.startswith("根据区委统一部署")
    sections = inspection.sections.order_by("placement", "position")
    assert [(s.placement, s.label) for s in sections if s.label.endswith("、")] == [
        ("after", "三、"),
        ("before", "一、"),
    ]


def test_seed_tree_labels_and_measures(imported):
    inspection = imported.inspection
    aspects = inspection.findings.filter(kind="aspect")
    assert [a.label for a in aspects] == ["第一方面问题", "第二方面问题", "第三方面问题"]
    assert inspection.findings.filter(kind="problem").count() == 14
    assert Measure.objects.count() == 82
    unnumbered = inspection.findings.filter(kind="item", numbered=False)
    assert unnumbered.count() == 3
    single = Measure.objects.get(finding__title__startswith="针对纪工委书记临时分管")
    assert single.label == "" and single.text.startswith("2022年7月8日")
    gap = Finding.objects.get(title__startswith="针对个别干部职工有令不行")
    assert list(gap.measures.values_list("label", flat=True)) == ["一是", "二是", "四是", "五是"]


def test_figures_become_indicators_on_their_measure(imported):
    historic = Indicator.objects.get(name="历史违建")
    assert (historic.unit, historic.target_value, historic.current_value) == (
        "宗",
        Decimal(68),
        Decimal(35),
    )
    assert historic.measure.label == "三是"
    firms = Indicator.objects.get(name="应脱钩的街办企业")
    assert (firms.target_value, firms.current_value) == (Decimal(8), Decimal(6))
    area = Indicator.objects.get(name="拆除违法建设")
    assert area.target_value is None and area.current_value == Decimal("18953.64")
    assert area.unit == "平方米"


def test_deadlines_and_suggested_statuses(imported):
    firms = Indicator.objects.get(name="应脱钩的街办企业").measure
    assert firms.deadline == dt.date(2023, 12, 31)
    assert firms.suggested_status == MeasureStatus.IN_PROGRESS
    assert "计划于2023年12月前完成" in firms.suggestion_reason
    assert firms.status == MeasureStatus.NOT_STARTED  # only a suggestion
    following = Indicator.objects.get(name="历史违建").measure
    assert following.suggested_status == MeasureStatus.IN_PROGRESS  # 正在跟进
    done = Measure.objects.get(text__contains="现已全部办结完毕")
    assert done.suggested_status == MeasureStatus.SIGNED_OFF
    regular = Measure.objects.get(text__startswith="加强全街雨水篦子常态化巡查管理")
    assert regular.suggested_status == MeasureStatus.LONG_TERM


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("已完成整改。", MeasureStatus.SIGNED_OFF),
        ("相关工单已全部办结。", MeasureStatus.SIGNED_OFF),
        ("剩余部分计划于2024年6月前完成。", MeasureStatus.IN_PROGRESS),
        ("目前正在跟进处理。", MeasureStatus.IN_PROGRESS),
        ("建立常态化巡查机制。", MeasureStatus.LONG_TERM),
        ("坚持长期开展教育。", MeasureStatus.LONG_TERM),
        ("加强学习。", ""),
    ],
)
def test_status_suggestion_from_wording(text, status):
    assert suggest.suggest(text, year=2023).status == status


def test_reimporting_the_same_file_changes_nothing(imported, cast, seed_bytes):
    before = counts()
    entries = AuditEntry.objects.count()
    again = notice_import(path_or_bytes=seed_bytes, filename=SEED.name, actor=cast.office)
    assert again.noop and again.inspection == imported.inspection
    again = notice_import(
        path_or_bytes=seed_bytes, filename="copy.txt", actor=cast.office,
        inspection=imported.inspection,
    )  # fmt: skip
    assert again.noop
    assert counts() == before
    assert AuditEntry.objects.count() == entries


def test_reimporting_a_changed_file_updates_in_place(imported, cast, seed_bytes):
    text = seed_bytes.decode()
    text = text.replace("剩余33宗正在跟进", "剩余33宗正在跟进,力争年底前完成")
    text = text.replace("三是加强财务联组队伍建设", "三是加强财务联组队伍建设和管理")
    text = text.replace(
        "(二)针对群众信访诉求事项处置不力的问题", "(二)针对群众信访诉求处置不力的问题"
    )
    result = notice_import(
        path_or_bytes=text.encode(), filename="v2.txt", actor=cast.office,
        inspection=imported.inspection,
    )  # fmt: skip
    assert not result.noop
    assert Measure.objects.count() == 82 and Finding.objects.count() == 44
    assert result.counts["measures_create"] == 0 and result.counts["findings_create"] == 0
    assert result.counts["measures_update"] == 2
    assert Measure.objects.filter(text__startswith="加强财务联组队伍建设和管理").exists()
    assert Finding.objects.filter(title="针对群众信访诉求处置不力的问题").exists()
    assert ImportRecord.objects.count() == 2


def test_measures_with_progress_are_never_deleted(imported, cast, seed_bytes):
    measure = Measure.objects.get(text__startswith="协调采购方重新增设4个垃圾分类投放点")
    report_on(measure, cast.office)
    text = seed_bytes.decode().replace("三是协调采购方重新增设4个垃圾分类投放点。", "")
    text = text.replace("四是推进项目收尾工作", "三是推进项目收尾工作")
    plain = Measure.objects.get(text__startswith="分管领导针对新增违建处理不及时")
    text = text.replace(
        "三是分管领导针对新增违建处理不及时的问题,对执法办相关人员开展谈话提醒。", ""
    )
    result = notice_import(
        path_or_bytes=text.encode(), filename="v3.txt", actor=cast.office,
        inspection=imported.inspection,
    )  # fmt: skip
    assert Measure.objects.filter(pk=measure.pk).exists()
    assert not Measure.objects.filter(pk=plain.pk).exists()  # no progress: removed
    assert any(w["code"] == "measure_kept" for w in result.warnings)
    in_order = list(measure.finding.measures.order_by("sort_key"))
    assert [m.label for m in in_order] == ["一是", "二是", "三是", "三是"]
    assert in_order[-1] == measure  # kept, after the measures the file lists
    assert [m.position for m in in_order] == [1, 2, 3, 4]
    assert all(m.sort_key.endswith(f"{m.position:04d}") for m in in_order)


def test_dry_run_writes_nothing(cast, units, seed_bytes):
    result = notice_import(
        path_or_bytes=seed_bytes, filename=SEED.name, actor=cast.office, dry_run=True
    )
    assert result.dry_run and result.counts["measures"] == 82
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_failure_midway_writes_nothing(cast, units, seed_bytes, monkeypatch):
    from rectify.imports.importer import apply as importer

    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "indicator_set", boom)
    with pytest.raises(RuntimeError):
        notice_import(path_or_bytes=seed_bytes, filename=SEED.name, actor=cast.office)
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("who", ["leader", "reporter", "outsider", "sysadmin"])
def test_only_the_office_may_import(cast, inspection, seed_bytes, who):
    with pytest.raises(PermissionRefused):
        notice_import(
            path_or_bytes=seed_bytes, filename=SEED.name, actor=getattr(cast, who),
            inspection=inspection,
        )  # fmt: skip
    assert Measure.objects.count() == 0


def test_cli_import_into_an_empty_deployment_creates_its_first_unit(db, seed_bytes):
    result = notice_import(path_or_bytes=seed_bytes, filename=SEED.name, actor=None)
    assert result.inspection.inspected_unit.name == "海幢街道党工委"
    assert result.inspection.inspected_unit.parent is None
    assert Measure.objects.count() == 82


def _planned(plan):
    return [
        (n.kind, n.label, n.title, n.text, n.numbered, n.position, n.path)
        for n in plan.all_findings()
    ] + [(m.label, m.text, m.deadline, m.suggested_status) for m in plan.all_measures()]


def test_a_stored_draft_plans_like_a_fresh_parse(cast, units, seed_bytes):
    """A draft keeps the parse as JSON; read back into the parser's types it plans the same."""
    parsed = parse_document(seed_bytes, SEED.name)
    stored = json.loads(json.dumps(parsed.to_dict(), ensure_ascii=False))
    kwargs = {"sha256": "0" * 64, "filename": SEED.name, "actor": cast.office}
    fresh = import_plan(parsed=parsed, **kwargs)
    again = import_plan(parsed=ParsedNotice.from_dict(stored), **kwargs)
    assert again.counts() == fresh.counts()
    assert again.inspection_fields == fresh.inspection_fields
    assert again.inspection_fields["kind"] == "xuncha"
    assert [s.key() for s in again.sections] == [s.key() for s in fresh.sections]
    assert _planned(again) == _planned(fresh)
    assert again.warnings == fresh.warnings == stored["warnings"]
