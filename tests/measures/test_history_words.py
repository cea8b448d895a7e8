"""The words of a measure's history say what happened (issue 12, 6)."""

import datetime as dt

from django.urls import reverse

from rectify.inspections.services import finding_update
from rectify.measures.models import Measure
from rectify.measures.services import (
    deadline_set,
    progress_report_submit,
    signoff_request,
    signoff_return,
)
from tests.factories import pdf_upload
from tests.seed import SEED


def fresh(measure):
    return Measure.objects.get(pk=measure.pk)


def test_a_report_after_a_return_is_a_resumption_not_a_first_report(client, cast, measure):
    progress_report_submit(measure=measure, actor=cast.reporter, text="一", files=[pdf_upload()])
    signoff_request(measure=fresh(measure), actor=cast.reporter, note="")
    signoff_return(measure=fresh(measure), actor=cast.leader, opinion="请补充照片。")
    progress_report_submit(measure=fresh(measure), actor=cast.reporter, text="二", files=[])
    client.force_login(cast.reporter)
    page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    timeline = page.split('id="tl-h"', 1)[1].split('id="hist-h"', 1)[0]
    assert timeline.count("开始整改（首次报送进展）") == 1  # the first report only
    assert timeline.count("退回后重新整改") == 1
    history = page.split('id="hist-h"', 1)[1]
    assert "开始整改" not in history  # the audit label fits both starts


def test_a_deadline_set_once_is_not_marked_changed(client, cast, inspection, units):
    from tests.factories import FindingFactory, MeasureFactory

    measure = MeasureFactory(
        finding=FindingFactory(inspection=inspection),
        lead_department=units.enforcement,
        deadline=None,
    )
    first = dt.date(2027, 6, 30)
    deadline_set(
        measure=measure,
        actor=cast.office,
        new_deadline=first,
        reason="制定方案",
        expected_version=measure.version,
    )
    client.force_login(cast.office)
    url = reverse("measures:detail", args=[measure.pk])
    facts = client.get(url).content.decode().split('id="facts-h"', 1)[1].split("</section>")[0]
    assert "2027-06-30" in facts and "已调整" not in facts
    measure = fresh(measure)
    deadline_set(
        measure=measure,
        actor=cast.office,
        new_deadline=first + dt.timedelta(days=30),
        reason="工程量增加",
        expected_version=measure.version,
    )
    facts = client.get(url).content.decode().split('id="facts-h"', 1)[1].split("</section>")[0]
    assert "已调整" in facts


def test_reimport_page_does_not_say_nothing_changes_when_something_does(
    client, cast, imported, seed_bytes
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    finding = imported.inspection.findings.filter(kind="problem").first()
    finding_update(finding=finding, actor=cast.office, title=finding.title + "（已改）")
    client.force_login(cast.office)
    url = reverse("imports:import_upload", args=[imported.inspection.pk])
    response = client.post(url, {"file": SimpleUploadedFile(SEED.name, seed_bytes)})
    page = client.get(response.url).content.decode()
    # The same file again changes nothing: the page must not also announce "1 updated".
    notice = page.split("data-already-imported>", 1)[1].split("</p>", 1)[0]
    assert "不会产生任何变更" in notice and "保持台账现状" in notice
    assert "更新 1 个" not in page and "个更新" not in page
    assert '<span class="badge badge--in_progress">已调整</span>' not in page
    assert "与台账不一致（保持台账）" in page
