"""Sign-off gates by category: what is missing is explained before the request is sent, and
the request is refused while anything is; each gate can be turned off per inspection."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.insights import gates
from rectify.insights.services import gates_set
from rectify.insights.wording import suggest_category, suggest_kind
from rectify.measures.enums import MeasureCategory, MeasureKind, MeasureStatus
from rectify.measures.services import progress_report_submit, signoff_request

from ..factories import FindingFactory, MeasureFactory, pdf_upload

pytestmark = pytest.mark.django_db


def photo(name):
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"0" * 64, content_type="image/png")


def measure_of(inspection, units, **kwargs):
    return MeasureFactory(
        finding=FindingFactory(inspection=inspection), lead_department=units.enforcement, **kwargs
    )


def test_a_rules_measure_needs_title_number_and_date(inspection, units, cast):
    m = measure_of(inspection, units, category=MeasureCategory.RULES)
    progress_report_submit(measure=m, actor=cast.office, text="已制定制度。", files=[pdf_upload()])
    m.refresh_from_db()
    lacking = gates.missing(m)
    assert len(lacking) == 3 and "《" in lacking[0]
    with pytest.raises(ValidationFailed, match="文号"):
        signoff_request(measure=m, actor=cast.office)
    progress_report_submit(
        measure=m,
        actor=cast.office,
        files=[pdf_upload()],
        text="已印发《街道财务报销管理办法》（海幢党〔2024〕3号），2024年4月28日起施行。",
    )
    m.refresh_from_db()
    assert gates.missing(m) == []
    signoff_request(measure=m, actor=cast.office)
    m.refresh_from_db()
    assert m.status == MeasureStatus.SIGNOFF_REQUESTED


def test_a_case_measure_needs_case_numbers_and_before_after_photos(inspection, units, cast):
    m = measure_of(inspection, units, category=MeasureCategory.CASE)
    progress_report_submit(measure=m, actor=cast.office, text="已拆除违建。", files=[pdf_upload()])
    m.refresh_from_db()
    assert len(gates.missing(m)) == 2
    progress_report_submit(
        measure=m,
        actor=cast.office,
        text="工单号：2024051200123，已办结。",
        files=[photo("整治前.png"), photo("整治后.png")],
    )
    m.refresh_from_db()
    assert gates.missing(m) == []


def test_evidence_from_before_the_feedback_date_is_named(inspection, units, cast):
    m = measure_of(inspection, units)
    progress_report_submit(
        measure=m,
        actor=cast.office,
        text="已召开会议。",
        files=[pdf_upload()],
        report_date=dt.date(2022, 12, 1),
    )
    m.refresh_from_db()
    assert "2022-12-01" in gates.missing(m)[0] and "2023-01-16" in gates.missing(m)[0]


def test_a_long_term_measure_names_its_standing_rule(inspection, units, cast):
    m = measure_of(inspection, units, kind=MeasureKind.LONG_TERM, deadline=None)
    m.status = MeasureStatus.LONG_TERM
    m.save()
    progress_report_submit(
        measure=m, actor=cast.office, text="持续开展巡查。", files=[pdf_upload()]
    )
    m.refresh_from_db()
    assert any("standing rule" in x or "长效" in x or "制度" in x for x in gates.missing(m))


def test_gates_are_set_per_inspection_by_the_office_and_audited(inspection, units, cast):
    m = measure_of(inspection, units, category=MeasureCategory.CASE)
    progress_report_submit(measure=m, actor=cast.office, text="已拆除。", files=[pdf_upload()])
    with pytest.raises(PermissionRefused):
        gates_set(inspection=inspection, actor=cast.reporter, values={"case_needs_ids": False})
    gates_set(
        inspection=inspection,
        actor=cast.office,
        values={"case_needs_ids": False, "case_needs_photos": False},
    )
    m.refresh_from_db()
    assert gates.missing(m) == []
    entry = AuditEntry.objects.get(code="insights.gates_set")
    assert entry.after == {"case_needs_ids": False, "case_needs_photos": False}


def test_the_measure_page_explains_what_is_missing_and_suggests(inspection, units, cast, client):
    m = measure_of(
        inspection, units, text="建立信访积案台账，逐件化解。", category=MeasureCategory.GENERAL
    )
    progress_report_submit(measure=m, actor=cast.office, text="已建台账。", files=[pdf_upload()])
    m.category = MeasureCategory.CASE
    m.save()
    client.force_login(cast.office)
    page = client.get(reverse("measures:detail", args=[m.pk])).content.decode()
    assert "checks__item--missing" in page
    m.category = MeasureCategory.GENERAL
    m.save()
    page = client.get(reverse("measures:detail", args=[m.pk])).content.decode()
    assert "checks__item--suggestion" in page and "信访" in page


@pytest.mark.parametrize(
    ("text", "category", "kind"),
    [
        ("修订《党工委议事规则》并印发执行。", "rules", "time_bound"),
        ("对12345热线不满意工单逐件回访。", "case", "time_bound"),
        ("立即清退违规发放的补贴。", "general", "immediate"),
        ("建立常态化巡查机制，长期坚持。", "rules", "long_term"),
        ("召开专题会议研究部署。", "general", "time_bound"),
    ],
)
def test_category_and_kind_suggested_from_wording(text, category, kind):
    assert suggest_category(text)[0] == category
    assert suggest_kind(text)[0] == kind
