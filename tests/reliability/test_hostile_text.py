"""Hostile text: every class of code point through the boundary and through every generator.

The boundary (forms, API, importer services) cleans text once; the generators (.docx of the
notice and of supervision, the .xlsx ledger, HTML and txt) still make valid documents from
stored text that never went through it (older rows, a database edited by hand)."""

import io
import json
import re
import zipfile

import lxml.html
import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from lxml import etree

from rectify.measures.models import Measure, ProgressReport
from rectify.notices.blocks import Block, Run
from rectify.notices.docx import render_docx
from rectify.notices.render import render_html, render_txt
from rectify.reports.excel import write_ledger
from rectify.supervision.models import DisciplineRecord, SupervisionNotice
from tests.factories import FindingFactory, MeasureFactory

CLASSES = {
    "C0": "\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f",
    "NUL": "\x00",
    "DEL and C1": "\x7f\x80\x85\x9f",
    "lone surrogates": "\ud800\udfff",
    "noncharacters": "\ufdd0\ufffe\uffff\U0001fffe\U0010ffff",
    "bidi marks": "\u200e\u200f\u202a\u202e\u2066\u2069",
    "line separators": "\u2028\u2029",
    "emoji": "😀👨‍👩‍👧🇨🇳",
    "astral CJK": "𠀀𪚥𰻞",
    "zero width": "\u200b\ufeff",
}
EVERYTHING = "整改" + "".join(CLASSES.values()) + "完成"
# What a database holds (PostgreSQL refuses NUL; no database stores a lone surrogate).
STORABLE = "整改" + "".join(v for k, v in CLASSES.items() if k not in {"NUL", "lone surrogates"})
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
KEPT = ["😀", "𠀀𪚥𰻞", "\u202e", "整改", "完成"]


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _xlsx_cells(content) -> str:
    book = openpyxl.load_workbook(content, read_only=True)
    return "\n".join(
        str(v) for row in book.active.iter_rows(values_only=True) for v in row if v is not None
    )


@pytest.mark.parametrize("name", [*CLASSES, "everything"])
def test_every_code_point_class_through_every_generator(name, tmp_path):
    text = EVERYTHING if name == "everything" else f"整改{CLASSES[name]}完成"
    blocks = [Block("title", [Run(text, "title")]), Block("body", [Run(text), Run(text, "lead")])]

    docx = render_docx(blocks, title=text, author=text)
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for member in package.namelist():
            if member.endswith(".xml"):
                etree.fromstring(package.read(member))  # well-formed XML, every part
    assert "整改" in _docx_text(docx) and "完成" in _docx_text(docx)

    html = render_html(blocks, title=text).encode("utf-8")  # no lone surrogate left
    assert not NOT_XML.search(html.decode()) and "完成" in lxml.html.fromstring(html).text_content()
    assert "完成" in render_txt(blocks).encode("utf-8").decode()

    path = tmp_path / "ledger.xlsx"
    assert write_ledger([[1, text, text]], str(path), title=text, summary=text) == 1
    assert "完成" in _xlsx_cells(path)

    if name == "everything":
        out = _docx_text(docx) + html.decode() + _xlsx_cells(path)
        assert all(kept in out for kept in KEPT)


@pytest.fixture
def hostile(cast, units, inspection):
    """Hostile text stored past the boundary, as old rows or a hand-edited database hold it."""
    inspection.title = "巡察" + STORABLE
    inspection.save()
    finding = FindingFactory(inspection=inspection, title="问题" + STORABLE)
    measure = MeasureFactory(
        finding=finding,
        text="措施" + STORABLE,
        target=STORABLE,
        lead_department=units.enforcement,
        responsible_person=cast.reporter,
    )
    today = timezone.localdate()
    ProgressReport.objects.create(
        measure=measure, text="进展" + STORABLE, author=cast.reporter, report_date=today
    )
    notice = SupervisionNotice.objects.create(
        number="督办\x0b\x01\u202e😀𠀀1号",
        measure=measure,
        colour="red",
        issued_on=today,
        reply_due=today,
    )
    record = DisciplineRecord.objects.create(
        unit=units.street,
        step="interview",
        recorded_by=cast.discipline,
        subject=cast.reporter,
        held_on=today,
        reason="事由" + STORABLE,
    )
    record.measures.add(measure)
    return {"measure": measure, "notice": notice, "record": record}


def test_stored_hostile_text_still_makes_every_document(client, cast, inspection, hostile):
    client.force_login(cast.office)
    url = reverse("notices:notice", args=[inspection.pk])
    for fmt in ("docx", "html", "txt"):
        response = client.get(url, {"format": fmt})
        assert response.status_code == 200, fmt
    assert "措施" in _docx_text(client.get(url, {"format": "docx"}).content)

    ledger = client.get(reverse("reports:ledger_export"), {"inspection": inspection.pk})
    assert ledger.status_code == 200
    assert "措施整改" in _xlsx_cells(io.BytesIO(ledger.content))

    full = client.get(
        reverse("reports:ledger_export"), {"inspection": inspection.pk, "layout": "full"}
    )
    assert full.status_code == 200 and "措施整改" in _xlsx_cells(io.BytesIO(full.content))

    plan_url = reverse("notices:plan_document", args=[inspection.pk])
    plan = client.get(plan_url)
    assert plan.status_code == 200 and "措施整改" in _docx_text(plan.content)
    tasks = client.get(plan_url, {"format": "xlsx"})
    assert tasks.status_code == 200 and "措施整改" in _xlsx_cells(io.BytesIO(tasks.content))
    report = client.get(reverse("notices:report_document", args=[inspection.pk]))
    assert report.status_code == 200 and "整改" in _docx_text(report.content)

    page = client.get(reverse("measures:detail", args=[hostile["measure"].pk]))
    assert page.status_code == 200

    docx = client.get(reverse("notices:supervision_notice_docx", args=[hostile["notice"].pk]))
    assert docx.status_code == 200 and "督办单" in _docx_text(docx.content)
    client.force_login(cast.discipline)
    letter = client.get(reverse("notices:discipline_docx", args=[hostile["record"].pk]))
    assert letter.status_code == 200 and "事由整改" in _docx_text(letter.content)


def test_the_form_cleans_text_once_at_the_boundary(client, cast, measure):
    client.force_login(cast.reporter)
    pasted = "第一行\x0b第二行\r\n第三行\x01\x1b\x7f\x85完\u2028成\ufffe 😀"
    response = client.post(reverse("measures:report", args=[measure.pk]), {"text": pasted})
    assert response.status_code == 302
    report = ProgressReport.objects.get(measure=measure)
    assert report.text == "第一行\n第二行\n第三行\n完\n成 😀"


def test_the_api_cleans_json_escaped_surrogates_and_control_characters(client, cast, measure):
    client.force_login(cast.reporter)
    body = '{"text": "进展\\udfff\\ud800\\u000b说明\\u0001\\uffff完成"}'  # reversed: lone
    assert json.loads(body)["text"].count("\ud800") == 1
    response = client.post(
        f"/api/measures/{measure.pk}/reports/", body, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get(measure=measure).text == "进展\n说明完成"


def test_too_long_progress_is_refused_with_a_message_never_cut(client, cast, measure):
    client.force_login(cast.reporter)
    url = reverse("measures:report", args=[measure.pk])
    form_page = client.get(reverse("measures:detail", args=[measure.pk])).content.decode()
    assert 'data-maxlength="5000"' in form_page and 'maxlength="5000"' not in form_page.replace(
        'data-maxlength="5000"', ""
    )
    response = client.post(url, {"text": "字" * 5001})
    assert response.status_code == 400
    assert "5000" in response.content.decode() and "5001" in response.content.decode()
    assert not ProgressReport.objects.filter(measure=measure).exists()
    api = client.post(f"/api/measures/{measure.pk}/reports/", {"text": "字" * 5001})
    assert api.status_code == 400 and "5000" in api.content.decode()
    assert client.post(url, {"text": "字" * 5000}).status_code == 302
    assert len(ProgressReport.objects.get(measure=measure).text) == 5000


def test_measure_text_has_a_limit_in_the_form_and_in_the_service(client, cast, measure):
    from rectify.core.errors import ValidationFailed
    from rectify.measures.services import measure_create

    client.force_login(cast.office)
    url = reverse("measures:edit", args=[measure.pk])
    response = client.post(
        url, {"version": measure.version, "text": "措" * 2001, "kind": "time_bound"}
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    assert Measure.objects.get(pk=measure.pk).text == measure.text
    with pytest.raises(ValidationFailed, match="2001"):
        measure_create(finding=measure.finding, text="措" * 2001, actor=cast.office)
    created = measure_create(
        finding=measure.finding, text="新措施\x0b第二行\x00", actor=cast.office
    )
    assert created.text == "新措施\n第二行"
