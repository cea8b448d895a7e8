"""Measure and report history on the measure page; notice exports audited."""

from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.measures.services import measure_update, progress_report_submit
from tests.factories import pdf_upload


def test_measure_page_shows_its_change_history(client, cast, measure):
    measure_update(
        measure=measure,
        actor=cast.office,
        expected_version=measure.version,
        target="年底前全部拆除",
    )
    progress_report_submit(
        measure=measure, actor=cast.reporter, text="已拆除2处。", files=[pdf_upload()]
    )
    client.force_login(cast.leader)
    body = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    for label in ["修改整改措施", "报送整改进展", "上传佐证材料", "开始整改"]:  # the acts in words
        assert label in body
    assert "年底前全部拆除" in body


def test_notice_download_is_audited(client, cast, inspection, measure):
    client.force_login(cast.discipline)
    url = reverse("notices:notice", args=[inspection.pk])
    response = client.get(url, {"format": "txt", "public": "1"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(code="notice.exported")
    assert entry.actor == cast.discipline and entry.after == {"format": "txt", "public": True}
