"""Issue 8: a document without a finding tree imports its facts; feedback sets the report due.

The office of 海幢街道 (cast.office) imports; a news item about a feedback meeting has no tree,
a feedback document has a problems-only tree and a reporting deadline.
"""

from pathlib import Path

import pytest
from django.urls import reverse

from rectify.core.errors import ValidationFailed
from rectify.imports.importer import notice_import
from rectify.imports.models import ImportDraft, ImportRecord
from rectify.inspections.models import Finding, Inspection

CORPUS = Path(__file__).parent.parent / "parsing" / "corpus"

NEWS = """区委第一巡察组向海幢街道党工委反馈巡察情况
发布时间：2023-07-06 来源：区委巡察办

7月5日，区委第一巡察组向海幢街道党工委反馈巡察情况。区委第一巡察组组长主持会议。

根据区委统一部署，4月3日至5月26日，区委第一巡察组对海幢街道党工委开展了常规巡察。
巡察期间共受理来信来访32件次，个别谈话56人次。

会议要求，街道党工委要在收到反馈意见后2个月内报送整改落实情况报告。
""".encode()


def _rows():
    return Inspection.objects.count(), Finding.objects.count(), ImportRecord.objects.count()


def test_news_item_imports_its_facts_and_says_the_problems_are_entered_by_hand(cast, units):
    result = notice_import(path_or_bytes=NEWS, filename="news.txt", actor=cast.office)
    inspection = result.inspection
    assert result.created and not Finding.objects.exists()
    assert inspection.inspected_unit == units.street
    assert inspection.inspecting_body == "区委第一巡察组"
    assert inspection.period_start.isoformat() == "2023-04-03"
    assert inspection.feedback_date.isoformat() == "2023-07-05"
    assert inspection.report_due_date.isoformat() == "2023-09-05"
    assert [w["code"] for w in result.warnings][:1] == ["no_tree"]
    assert "手工录入" in result.warnings[0]["message"]
    again = notice_import(path_or_bytes=NEWS, filename="news.txt", actor=cast.office)
    assert again.noop and _rows() == (1, 0, 1)


def test_news_item_into_an_existing_inspection_is_refused_and_writes_nothing(cast, imported):
    before = (_rows(), imported.inspection.feedback_date)
    with pytest.raises(ValidationFailed) as info:
        notice_import(
            path_or_bytes=NEWS,
            filename="news.txt",
            actor=cast.office,
            inspection=imported.inspection,
        )
    assert "by hand" in str(info.value.message) or "手工" in str(info.value)
    imported.inspection.refresh_from_db()
    assert (_rows(), imported.inspection.feedback_date) == before


def test_feedback_document_sets_the_report_due_date(cast, units):
    data = (CORPUS / "street_feedback_circled_items.txt").read_bytes()
    result = notice_import(path_or_bytes=data, filename="feedback.txt", actor=cast.office)
    inspection = result.inspection
    assert inspection.report_due_date.isoformat() == "2023-10-02"
    assert Finding.objects.filter(inspection=inspection, kind="aspect").count() == 2
    assert Finding.objects.filter(inspection=inspection, kind="item").count() == 6
    again = notice_import(path_or_bytes=data, filename="feedback.txt", actor=cast.office)
    assert again.noop


def test_news_item_upload_reviews_and_confirms_with_a_message(client, cast, units):
    client.force_login(cast.office)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("imports:import_upload"), {"file": SimpleUploadedFile("news.txt", NEWS)}
    )
    assert response.status_code == 302
    draft = ImportDraft.objects.get()
    page = client.get(response.url)
    assert page.status_code == 200
    assert "no_tree" in page.content.decode() or "手工录入" in page.content.decode()
    done = client.post(response.url, {"confirm": "1"}, follow=True)
    assert done.status_code == 200
    assert Inspection.objects.count() == 1 and not Finding.objects.exists()
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()
    text = done.content.decode()
    assert "by hand" in text or "手工" in text
