"""整改方案 and 整改落实情况报告 as documents: the plan's task table (landscape, grouped by
problem with merged cells, its header on every page), the version as approved, the report's
figures equal to the ledger's, and who may download them."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from rectify.audit.models import AuditEntry
from rectify.measures.services import deadline_set, plan_approve, plan_submit
from rectify.notices.plan_doc import APPROVED, plan_document, plan_docx
from rectify.notices.report_doc import report_document, report_docx
from rectify.reports.selectors import inspection_stats

pytestmark = pytest.mark.django_db
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(content: bytes, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read(part).decode()


def _task_rows(content: bytes) -> list[list[str]]:
    table = Document(io.BytesIO(content)).tables[0]
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_plan_is_a_gbt9704_document_with_a_landscape_task_table(imported):
    inspection = imported.inspection
    today = timezone.localdate()
    content = plan_docx(plan_document(inspection=inspection), today=today)
    xml = _xml(content)
    # the general part in portrait, the task list in a landscape section
    assert xml.count("<w:sectPr") == 2 and 'w:orient="landscape"' in xml
    assert '<w:tblHeader w:val="true"/>' in xml  # the header row on every page
    assert xml.count('<w:vMerge w:val="restart"/>') > 10  # problems merged over their measures
    styles = _xml(content, "word/styles.xml")
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="黑体"' in styles
    rows = _task_rows(content)
    assert rows[0][:4] == ["序号", "方面", "问题", "子问题"]
    assert rows[0][4:] == [
        "整改措施",
        "整改类型",
        "责任领导",
        "牵头部门",
        "配合部门",
        "责任人",
        "完成时限",
    ]
    stats = inspection_stats(inspection=inspection, today=today)
    assert len(rows) - 1 == stats["measures"]["total"] == inspection.measures.count()
    body = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert f"制定整改措施{stats['measures']['total']}项" in body
    assert f"指出问题{stats['problems']}个" in body


def test_the_approved_version_is_what_the_leader_approved(imported, cast):
    inspection = imported.inspection
    measure = inspection.measures.order_by("sort_key").first()
    before = measure.deadline
    plan_submit(inspection=inspection, actor=cast.office)
    plan_approve(inspection=inspection, actor=cast.leader)
    new = (before or dt.date(2030, 1, 1)) + dt.timedelta(days=90)
    measure.refresh_from_db()
    deadline_set(
        measure=measure,
        actor=cast.office,
        new_deadline=new,
        reason="拆除需等待司法程序",
        expected_version=measure.version,
    )
    today = timezone.localdate()
    approved = plan_docx(plan_document(inspection=inspection, version=APPROVED), today=today)
    current = plan_docx(plan_document(inspection=inspection), today=today)
    first_approved, first_current = _task_rows(approved)[1], _task_rows(current)[1]
    assert first_current[-1] == f"{new.year}年{new.month}月{new.day}日"
    assert first_approved[-1] != first_current[-1]
    text = "\n".join(p.text for p in Document(io.BytesIO(approved)).paragraphs)
    assert "批准后的调整" in text and "拆除需等待司法程序" in text and "完成时限由" in text


def test_no_approved_version_before_approval(imported):
    with pytest.raises(CommandError, match="尚未经审批"):
        call_command("plan", str(imported.inspection.pk), "-o", "/tmp/x.docx", "--approved")


def test_plan_commands_write_docx_and_xlsx(tmp_path, imported):
    inspection = imported.inspection
    out = io.StringIO()
    docx_path, xlsx_path = tmp_path / "plan.docx", tmp_path / "plan.xlsx"
    call_command("plan", str(inspection.pk), "-o", str(docx_path), stdout=out)
    call_command("plan", str(inspection.pk), "-o", str(xlsx_path), stdout=out)
    assert Document(str(docx_path)).tables
    sheet = openpyxl.load_workbook(xlsx_path).active
    assert sheet.title == "整改任务清单" and sheet.page_setup.orientation == "landscape"
    assert [c.value for c in sheet[4]][:5] == ["序号", "方面", "问题", "子问题", "整改措施"]
    assert sheet.max_row == 4 + inspection.measures.count()
    assert any(r.min_col == 2 and r.max_row > r.min_row for r in sheet.merged_cells.ranges)
    assert AuditEntry.objects.filter(code="plan.exported").count() == 2


def test_the_report_counts_as_the_ledger_does(tmp_path, imported):
    inspection = imported.inspection
    today = timezone.localdate()
    doc = report_document(inspection=inspection)
    stats = inspection_stats(inspection=inspection, today=today)
    m = stats["measures"]
    text = "\n".join(p.text for p in Document(io.BytesIO(report_docx(doc))).paragraphs)
    assert f"反馈问题{stats['problems']}个，制定整改措施{m['total']}项" in text
    assert f"已完成（销号）{m['done']}项" in text and f"正在推进{m['open']}项" in text
    assert text.count("超过完成时限") <= 2
    if m["overdue"]:
        assert f"超过完成时限{m['overdue']}项" in text
    assert text.startswith("关于") and "整改落实情况的报告" in text.splitlines()[0]
    assert f"{inspection.inspecting_body}：" in text  # addressed to the inspecting body
    assert "三、建章立制情况" in text and "《" in text
    path = tmp_path / "report.docx"
    call_command("report", str(inspection.pk), "-o", str(path), stdout=io.StringIO())
    assert Document(str(path)).paragraphs
    past = (today - dt.timedelta(days=30)).isoformat()
    with pytest.raises(CommandError, match="早于今天"):
        call_command("report", str(inspection.pk), "-o", str(path), "--as-of", past)


def test_downloads_for_those_who_read_the_plan_whole(client, cast, imported):
    inspection = imported.inspection
    url = reverse("notices:plan_document", args=[inspection.pk])
    client.force_login(cast.leader)  # the leader approves and signs the plan
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    response = client.get(reverse("notices:report_document", args=[inspection.pk]))
    assert response.status_code == 200 and _xml(response.content)
    client.force_login(cast.office)
    response = client.get(url, {"version": "approved"})  # not approved yet: back with a message
    assert response.status_code == 302
    client.force_login(cast.reporter)  # a department reads its own measures, not the plan whole
    assert client.get(url).status_code in (403, 404)
    client.force_login(cast.office)
    page = client.get(reverse("inspections:plan", args=[inspection.pk])).content.decode()
    assert url in page
    page = client.get(reverse("inspections:detail", args=[inspection.pk])).content.decode()
    assert reverse("notices:report_document", args=[inspection.pk]) in page
