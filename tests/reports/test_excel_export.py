"""The Excel ledger: scoped rows, numbers from the ledger, large exports through the worker."""

import io

import openpyxl
import pytest
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.measures.services import progress_report_submit
from rectify.reports.ledger_layout import COLUMNS, HEADERS
from rectify.reports.models import ExportJob
from rectify.reports.sheet import LIGHT_FILLS
from tests.factories import FindingFactory, MeasureFactory, pdf_upload


@pytest.fixture
def ledger(cast, units, inspection):
    aspect = FindingFactory(
        inspection=inspection,
        kind="aspect",
        label="第一方面问题",
        title="贯彻落实上级部署要求有落差",
        position=1,
    )
    problem = FindingFactory(
        inspection=inspection,
        parent=aspect,
        label="（一）",
        title="针对违法建设整治力度不足的问题",
        position=1,
    )
    mine = MeasureFactory.create_batch(
        3, finding=problem, lead_department=units.enforcement, responsible_person=cast.reporter
    )
    mine[0].co_departments.add(units.party)
    theirs = MeasureFactory.create_batch(2, finding=problem, lead_department=units.party)
    progress_report_submit(
        measure=mine[0], actor=cast.reporter, text="已拆除。", files=[pdf_upload()]
    )
    return {"mine": mine, "theirs": theirs}


def _sheet(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return list(book["整改台账"].iter_rows(values_only=True))


def test_small_export_downloads_at_once(client, cast, ledger, inspection):
    client.force_login(cast.office)
    response = client.get(reverse("reports:ledger_export"), {"inspection": inspection.pk})
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    rows = _sheet(response.content)
    assert rows[0][0] == f"{inspection.title} 整改台账"
    assert "整改措施 5 项" in rows[1][0]
    header, body = rows[3], [r for r in rows[4:] if r[0] is not None]
    assert list(header) == HEADERS and len(body) == 5
    first = body[0]
    assert first[1] == "第一方面问题贯彻落实上级部署要求有落差"
    assert first[2] == "（一）针对违法建设整治力度不足的问题"
    assert body[1][1] is None and body[1][2] is None  # merged: the value is in the first row
    assert first[13] == "整改中" and first[8] == "党建办"
    assert first[11].endswith("已拆除。") and first[15] == 1  # the latest progress, evidence
    assert AuditEntry.objects.filter(code="ledger.exported", actor=cast.office).exists()


def test_every_field_stays_a_choice(client, cast, ledger, inspection):
    client.force_login(cast.office)
    response = client.get(reverse("reports:ledger_export"), {"layout": "full"})
    rows = _sheet(response.content)
    assert rows[3][6] == "整改措施" and rows[3][1] == "检查轮次"
    assert len([r for r in rows[4:] if r[0] is not None]) == 5


def test_export_is_scoped_like_the_ledger(client, cast, ledger):
    client.force_login(cast.reporter)
    rows = _sheet(client.get(reverse("reports:ledger_export")).content)
    texts = {r[4] for r in rows[4:] if r[0] is not None}
    assert texts == {m.text for m in ledger["mine"]}
    client.force_login(cast.sysadmin)
    rows = _sheet(client.get(reverse("reports:ledger_export")).content)
    assert [r for r in rows[4:] if r[0] is not None] == []


def test_filters_apply(client, cast, ledger):
    client.force_login(cast.office)
    rows = _sheet(client.get(reverse("reports:ledger_export"), {"status": "in_progress"}).content)
    assert len([r for r in rows[4:] if r[0] is not None]) == 1


def test_large_export_goes_through_a_worker_job(
    client, cast, ledger, settings, django_capture_on_commit_callbacks
):
    settings.RECTIFY_EXPORT_SYNC_ROWS = 2  # tests run each job when its transaction commits
    client.force_login(cast.office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:ledger_export"))
    job = ExportJob.objects.select_related("job").get()
    assert response.status_code == 302 and response["Location"].endswith(f"/exports/{job.pk}/")
    assert (job.status, job.rows, job.total) == ("done", 5, 5)
    assert (job.job.status, job.job.attempts, job.job.owner) == ("succeeded", 1, cast.office)
    assert job.job.args == [job.pk] and job.job.return_value == 5
    page = client.get(response["Location"]).content.decode()
    assert reverse("reports:export_download", args=[job.pk]) in page
    download = client.get(reverse("reports:export_download", args=[job.pk]))
    assert len([r for r in _sheet(b"".join(download.streaming_content))[4:] if r[0]]) == 5
    client.force_login(cast.leader)  # someone else's job is out of reach
    assert client.get(reverse("reports:export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("reports:export_detail", args=[job.pk])).status_code == 404


def test_an_export_is_written_once(cast, ledger):
    from rectify.reports.ledger_file import export_job_run

    job = ExportJob.objects.create(owner=cast.office, total=5)
    assert export_job_run(export_id=job.pk).status == "done"
    stored = ExportJob.objects.get(pk=job.pk)
    again = export_job_run(export_id=job.pk)  # a retried attempt finds the file written
    assert (again.rows, again.file.name, again.finished_at) == (
        stored.rows,
        stored.file.name,
        stored.finished_at,
    )
    assert AuditEntry.objects.filter(code="ledger.exported").count() == 1


def test_the_ledger_prints_on_landscape_pages_with_the_header_on_each(tmp_path, cast, ledger):
    """Issue 9: the export printed as 12 portrait pages with the header on page 1 only."""
    from django.utils import timezone

    from rectify.reports.ledger_file import ledger_queryset_for
    from rectify.reports.ledger_layout import standard_rows, write_standard

    today = timezone.localdate()
    path = tmp_path / "ledger.xlsx"
    qs = ledger_queryset_for(user=cast.office, filters={}, today=today)
    write_standard(standard_rows(qs, today=today), path, title="整改台账", summary="")
    sheet = openpyxl.load_workbook(path).active
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # one page wide (1 is the file format's default, left out), any number of pages long
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$4"  # title, summary and header on every page
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.freeze_panes == "A5"
    # the aspect and the problem merged down over their five measures (rows 5–9)
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"B5:B9", "C5:C9"} <= merged
    assert sheet["B5"].font.name == "宋体" and sheet["E4"].font.name == "黑体"
    assert sheet["B5"].alignment.vertical == "top" and sheet["E5"].alignment.wrap_text
    # the status in its warning colour, and the reason in the remarks for red and yellow
    fills = {sheet.cell(r, 14).fill.fgColor.rgb for r in range(5, 10)}
    assert fills <= {"FF" + c.lstrip("#") for c in LIGHT_FILLS.values()} and fills
    # narrow enough for A4 landscape at about 90 % (the full layout takes 322 units)
    assert sum(c.width for c in COLUMNS) <= 170
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["L"].width > 20
