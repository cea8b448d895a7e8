"""Supervision in a real browser: the daily run issues a red 督办单 for an overdue measure;
the discipline office records an interview from it and downloads the interview notice."""

import datetime as dt
import io
from pathlib import Path

import docx
from django.utils import timezone

from rectify.supervision.models import DisciplineRecord, SupervisionNotice
from rectify.supervision.services import supervise_run
from tests.factories import FindingFactory, MeasureFactory

from .test_lifecycle_browser import (  # noqa: F401  (fixtures and marks shared with it)
    _browser_present,
    browser,
    log_in,
    page,
    pytestmark,
)


def test_an_interview_recorded_from_a_red_notice(
    live_server,
    transactional_db,
    page,  # noqa: F811  (the shared fixture)
    tmp_path,
    cast,
    units,
    inspection,
):
    overdue = timezone.localdate() - dt.timedelta(days=3)
    measure = MeasureFactory(
        finding=FindingFactory(inspection=inspection),
        lead_department=units.enforcement,
        responsible_person=cast.reporter,
        status="in_progress",
        deadline=overdue,
        text="完成违建拆除并复绿。",
    )
    supervise_run(today=timezone.localdate())
    notice = SupervisionNotice.objects.get(measure=measure, colour="red")
    base = live_server.url

    log_in(page, base, "discipline")
    page.goto(f"{base}/supervision/notices/{notice.pk}/")
    assert "红色" in page.inner_text("h1")
    page.click("a:has-text('登记约谈')")
    page.select_option("#id_step", "interview")
    page.fill("#id_outcome", "责任人说明情况，承诺月底前完成。")
    page.click("button:has-text('保存登记')")
    page.wait_for_selector("text=已登记")
    page.screenshot(path=str(tmp_path / "register-record.png"), full_page=True)

    record = DisciplineRecord.objects.get()
    assert record.step == "interview" and record.subject == cast.reporter
    assert list(record.notices.all()) == [notice] and list(record.measures.all()) == [measure]
    with page.expect_download() as download:
        page.click("a:has-text('下载通知书')")
    path = download.value.path()
    document = docx.Document(io.BytesIO(Path(path).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "约谈通知书" in text and "完成违建拆除并复绿" in text
