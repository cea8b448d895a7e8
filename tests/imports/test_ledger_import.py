"""`rectify ledger import`: an Excel ledger into a round, checked first, all or nothing.

The seed imported by the office is exported, then read back: nothing changes. A ledger with
planted errors is refused with every one listed by row and column, and nothing is saved.
"""

import contextlib
import io
import json

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from rectify.imports.ledger import read_deadline, read_rows
from rectify.measures.models import Measure

pytestmark = pytest.mark.django_db


def _run(*args) -> dict:
    """The JSON summary; a refused import (CommandError) still prints it first."""
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("ledger", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_deadline_phrases():
    import datetime as dt

    assert read_deadline("2023年12月底前", 2023) == (dt.date(2023, 12, 31), True)
    assert read_deadline("12月底", 2023) == (dt.date(2023, 12, 31), True)
    assert read_deadline("2023年第三季度", None) == (dt.date(2023, 9, 30), True)
    assert read_deadline("2024.6.30", None) == (dt.date(2024, 6, 30), True)
    assert read_deadline("长期坚持", None) == (None, True)
    assert read_deadline("立行立改", None) == (None, True)
    assert read_deadline("尽快", None) == (None, False)


def test_a_title_above_the_header_and_merged_problem_cells():
    rows = [
        ["某街道巡察整改台账", None, None, None],
        ["序号", "问题", "整改措施", "完成时限", "状态", "备注"],
        [1, "（一）学习不深入", "一是开展专题学习", "2023年12月底前", "已完成", ""],
        [2, None, "二是建立制度", "长期坚持", "长期坚持", ""],
        [3, "（二）监督不到位", "一是开展检查", "年底", "正在推进", ""],
    ]
    read = read_rows(rows, year=2023)
    assert [r.path for r in read.rows] == [
        ("（一）学习不深入",),
        ("（一）学习不深入",),
        ("（二）监督不到位",),
    ]
    assert read.deadlines == {
        "2023年12月底前": "2023-12-31",
        "长期坚持": None,
        "年底": "2023-12-31",
    }
    assert read.statuses == {"已完成": 1, "长期坚持": 1, "正在推进": 1}
    assert read.errors == []


def test_an_exported_ledger_re_imported_changes_nothing(tmp_path, imported):
    inspection = imported.inspection
    path = tmp_path / "台账.xlsx"
    call_command("ledger", "export", str(inspection.pk), "-o", str(path))
    before = list(Measure.objects.filter(inspection=inspection).values_list("pk", "version"))
    summary = _run("import", str(path), "--inspection", str(inspection.pk))
    assert summary["errors"] == []
    assert summary["created"] == 0 and summary["updated"] == 0
    assert summary["unchanged"] == summary["measures"] == len(before)
    assert isinstance(summary["problems"], int)
    after = list(Measure.objects.filter(inspection=inspection).values_list("pk", "version"))
    assert after == before


def test_planted_errors_are_all_listed_and_nothing_is_saved(tmp_path, imported):
    inspection = imported.inspection
    path = tmp_path / "错误台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["整改台账"])
    sheet.write_row(1, 0, ["序号", "问题", "整改措施", "牵头部门", "责任人", "完成时限", "状态"])
    sheet.write_row(
        2, 0, [1, "新问题甲", "新措施一", "执法办", "reporter", "2023年12月底前", "正在推进"]
    )
    sheet.write_row(3, 0, [2, "新问题甲", "新措施二", "不存在的部门", "", "尽快", ""])
    sheet.write_row(4, 0, [3, "新问题乙", "新措施三", "执法办", "party", "2024.6.30", ""])
    book.close()
    count = Measure.objects.count()
    summary = _run("import", str(path), "--inspection", str(inspection.pk))
    places = {(e["row"], e["column"]) for e in summary["errors"]}
    assert places == {(4, "完成时限"), (4, "牵头部门"), (5, "责任人")}
    assert Measure.objects.count() == count  # all or nothing
    assert summary["created"] == 3


def test_a_clean_new_ledger_is_imported_once(tmp_path, imported):
    inspection = imported.inspection
    path = tmp_path / "新台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["问题", "整改措施", "牵头部门", "责任人", "完成时限"])
    sheet.write_row(1, 0, ["新问题甲", "新措施一", "执法办", "reporter", "2023年第四季度"])
    book.close()
    first = _run("import", str(path), "--inspection", str(inspection.pk))
    assert first["created"] == 1 and first["errors"] == []
    measure = Measure.objects.get(text="新措施一")
    assert measure.deadline.isoformat() == "2023-12-31"
    assert measure.lead_department.name == "执法办"
    again = _run("import", str(path), "--inspection", str(inspection.pk))
    assert again["created"] == 0 and again["unchanged"] == 1


def test_the_ledger_page_checks_then_imports(client, cast, tmp_path, imported):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    inspection = imported.inspection
    path = tmp_path / "页面台账.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["问题", "整改措施", "牵头部门", "完成时限"])
    sheet.write_row(1, 0, ["页面问题", "页面措施", "执法办", "尽快"])
    book.close()
    client.force_login(cast.office)
    url = reverse("imports:ledger_import", args=[inspection.pk])
    upload = SimpleUploadedFile("台账.xlsx", path.read_bytes())
    response = client.post(url, {"file": upload, "apply": "1"})
    assert response.status_code == 400
    assert "第2行 完成时限：无法识别“尽快”" in response.content.decode()
    assert not Measure.objects.filter(text="页面措施").exists()
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["问题", "整改措施", "牵头部门", "完成时限"])
    sheet.write_row(1, 0, ["页面问题", "页面措施", "执法办", "2023年12月底前"])
    book.close()
    upload = SimpleUploadedFile("台账.xlsx", path.read_bytes())
    response = client.post(url, {"file": upload, "apply": "1"})
    assert response.status_code == 302
    assert Measure.objects.get(text="页面措施").lead_department.name == "执法办"


def test_a_ledger_into_a_new_round_is_written_whole_or_not_at_all(tmp_path, imported, units):
    from rectify.inspections.models import Inspection

    path = tmp_path / "台账.xlsx"
    call_command("ledger", "export", str(imported.inspection.pk), "-o", str(path))
    rounds = Inspection.objects.count()
    dry = _run("import", str(path), "--new", "2024年巡察整改", "--unit", str(units.street.pk),
               "--dry-run")  # fmt: skip
    assert dry["errors"] == [] and dry["created"] == dry["measures"] > 0
    assert Inspection.objects.count() == rounds  # a dry run leaves nothing
    done = _run("import", str(path), "--new", "2024年巡察整改", "--unit", str(units.street.pk))
    new = Inspection.objects.get(pk=done["inspection"])
    assert new.title == "2024年巡察整改" and new.inspected_unit == units.street
    assert Measure.objects.filter(inspection=new).count() == done["measures"]
    from tests.factories import OrgUnitFactory

    OrgUnitFactory(name="另一个区")  # two top units now: which one is meant?
    with pytest.raises(CommandError, match="--unit"):
        call_command("ledger", "import", str(path), "--new", "x")
    assert not Inspection.objects.filter(title="x").exists()


def test_rows_without_a_kind_get_the_wordings_suggestion_to_confirm(tmp_path, imported):
    """A new row with no kind or category is written with the defaults and its suggestion is
    reported; the plan grid offers it (采用建议). A value in the file always wins."""
    from rectify.measures.grid import cells_of, suggestions_for

    inspection = imported.inspection
    path = tmp_path / "建议.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(
        0, 0, ["问题", "整改措施", "整改类型", "措施类别", "牵头部门", "责任人", "完成时限"]
    )
    sheet.write_row(
        1, 0, ["新问题乙", "立即拆除违法建设，立行立改", "", "", "执法办", "reporter", "2023-12-31"]
    )
    sheet.write_row(
        2,
        0,
        [
            "新问题乙",
            "对12345工单逐件核查，立行立改",
            "限期整改",
            "一般",
            "执法办",
            "reporter",
            "2023-12-31",
        ],
    )
    book.close()
    summary = _run("import", str(path), "--inspection", str(inspection.pk))
    assert summary["errors"] == [] and summary["created"] == 2
    assert [(s["row"], s["column"], s["value"]) for s in summary["suggestions"]] == [
        (2, "整改类型", "立行立改"),
        (2, "措施类别", "案件"),
    ]
    suggested = Measure.objects.get(text="立即拆除违法建设，立行立改")
    assert (suggested.kind, suggested.category) == ("time_bound", "general")  # not confirmed
    offered = suggestions_for(suggested, cells_of(suggested))
    assert {k: v.text for k, v in offered.items()} == {"kind": "立行立改", "category": "案件"}
    given = Measure.objects.get(text="对12345工单逐件核查，立行立改")
    assert (given.kind, given.category) == ("time_bound", "general")  # the file's values

    out = io.StringIO()
    call_command(
        "ledger", "import", str(path), "--inspection", str(inspection.pk), "--dry-run", stdout=out
    )
    assert "建议 0" in out.getvalue()  # imported already: nothing new, nothing suggested
