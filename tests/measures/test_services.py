"""Measure services told with the cast: planning, progress with evidence, deadlines, locking."""

import datetime as dt
import hashlib
import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from rectify.audit.models import AuditEntry
from rectify.core.errors import ConflictError, PermissionRefused, ValidationFailed
from rectify.measures import services
from rectify.measures.enums import ExtensionStatus, MeasureKind, MeasureStatus
from rectify.measures.models import (
    DeadlineExtension,
    Evidence,
    IndicatorValue,
    Measure,
    MeasureEvent,
    ProgressReport,
)
from tests.factories import PDF_BYTES, FindingFactory, IndicatorFactory, pdf_upload

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever translations the catalogue has."""
    with translation.override("en"):
        yield


def codes() -> list[str]:
    return list(AuditEntry.objects.values_list("code", flat=True))


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# Planning ---------------------------------------------------------------------------------


def test_office_creates_measure_numbered_after_the_existing_ones(cast, units, measure):
    created = services.measure_create(
        finding=measure.finding,
        text="建立违建巡查台账，每月更新。",
        actor=cast.office,
        label="二是",
        lead_department=units.enforcement,
    )
    assert created.position == 2
    assert created.status == MeasureStatus.NOT_STARTED
    entry = AuditEntry.objects.get(code="measure.created")
    assert entry.object_id == str(created.pk)
    assert entry.after == {"text": "建立违建巡查台账，每月更新。"}


def test_office_edits_the_plan_with_before_and_after_in_the_audit(cast, units, measure):
    services.measure_update(
        measure=measure,
        actor=cast.office,
        expected_version=1,
        text="开展违建专项整治行动。",
        responsible_person=cast.reporter,
        co_departments=[units.party],
    )

    measure.refresh_from_db()
    assert measure.text == "开展违建专项整治行动。"
    assert measure.responsible_person == cast.reporter
    assert list(measure.co_departments.all()) == [units.party]
    assert measure.version == 2
    entry = AuditEntry.objects.get(code="measure.updated")
    assert entry.actor == cast.office
    assert entry.before["responsible_person"] is None
    assert entry.after["responsible_person"] == cast.reporter.pk
    assert entry.before["co_departments"] == []
    assert entry.after["co_departments"] == [units.party.pk]
    assert entry.after["text"] == "开展违建专项整治行动。"


@pytest.mark.parametrize(
    "who", ["leader", "reporter", "dept_head", "discipline", "reviewer", "sysadmin", "outsider"]
)
def test_only_the_office_edits_the_plan(cast, measure, who):
    with pytest.raises(PermissionRefused):
        services.measure_update(
            measure=measure, actor=getattr(cast, who), expected_version=1, text="改写"
        )
    measure.refresh_from_db()
    assert measure.version == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "field", [{"status": MeasureStatus.SIGNED_OFF}, {"deadline": dt.date(2030, 1, 1)}]
)
def test_status_and_deadline_are_not_plan_fields(cast, measure, field):
    with pytest.raises(ValidationFailed, match=next(iter(field))):
        services.measure_update(measure=measure, actor=cast.office, expected_version=1, **field)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED
    assert measure.version == 1


def test_two_stale_edits_second_is_a_conflict_and_first_is_kept(cast, measure):
    """整改办 two tabs open on the same measure: the second save must not overwrite the first."""
    first_tab = Measure.objects.get(pk=measure.pk)
    second_tab = Measure.objects.get(pk=measure.pk)

    services.measure_update(
        measure=first_tab, actor=cast.office, expected_version=1, text="第一次修改"
    )
    with pytest.raises(ConflictError):
        services.measure_update(
            measure=second_tab, actor=cast.office, expected_version=1, text="第二次修改"
        )

    measure.refresh_from_db()
    assert measure.text == "第一次修改"
    assert measure.version == 2
    assert codes() == ["measure.updated"]


def test_office_marks_a_measure_long_term(cast, measure):
    services.measure_mark_long_term(measure=measure, actor=cast.office, note="需长期坚持")
    measure.refresh_from_db()
    assert (measure.status, measure.kind) == (MeasureStatus.LONG_TERM, MeasureKind.LONG_TERM)
    with pytest.raises(PermissionRefused):
        services.measure_mark_long_term(measure=measure, actor=cast.reporter)


@pytest.mark.parametrize(
    ("suggested", "accept", "status"),
    [
        (MeasureStatus.LONG_TERM, True, MeasureStatus.LONG_TERM),
        (MeasureStatus.IN_PROGRESS, True, MeasureStatus.IN_PROGRESS),
        (MeasureStatus.IN_PROGRESS, False, MeasureStatus.NOT_STARTED),
    ],
)
def test_a_person_confirms_or_dismisses_the_import_suggestion(
    cast, measure, suggested, accept, status
):
    Measure.objects.filter(pk=measure.pk).update(
        suggested_status=suggested, suggestion_reason="原文：已完成"
    )
    measure.refresh_from_db()
    services.measure_confirm_suggestion(measure=measure, actor=cast.office, accept=accept)
    measure.refresh_from_db()
    assert measure.status == status
    assert (measure.suggested_status, measure.suggestion_reason) == ("", "")
    verdict = "accepted" if accept else "dismissed"
    assert f"measure.suggestion_{verdict}" in codes()


# Progress reports and evidence ------------------------------------------------------------


def test_first_report_with_pdf_starts_the_measure(cast, measure):
    report = services.progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="已拆除违建2处，面积120平方米。",
        files=[pdf_upload("拆除现场照片说明.pdf")],
    )

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert report.author == cast.reporter
    assert report.report_date == TODAY()
    evidence = report.evidence.get()
    assert evidence.original_name == "拆除现场照片说明.pdf"
    assert evidence.content_type == "application/pdf"
    assert evidence.size == len(PDF_BYTES)
    assert evidence.uploaded_by == cast.reporter
    event = MeasureEvent.objects.get(measure=measure)
    assert (event.transition, event.actor) == ("start", cast.reporter)
    assert codes() == ["evidence.uploaded", "progress_report.submitted", "measure.start"]


def test_a_second_report_keeps_the_measure_in_progress(cast, measure):
    services.progress_report_submit(measure=measure, actor=cast.reporter, text="第一次进展")
    services.progress_report_submit(
        measure=measure, actor=cast.dept_head, text="第二次进展", report_date=TODAY()
    )
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert measure.reports.count() == 2
    assert MeasureEvent.objects.filter(measure=measure).count() == 1


@pytest.mark.parametrize("who", ["reporter", "dept_head", "office"])
def test_who_may_report(cast, measure, who):
    services.progress_report_submit(measure=measure, actor=getattr(cast, who), text="已部署")
    assert measure.reports.get().author == getattr(cast, who)


@pytest.mark.parametrize(
    "who", ["party_reporter", "outsider", "sysadmin", "leader", "discipline", "reviewer"]
)
def test_who_may_not_report(cast, measure, who):
    with pytest.raises(PermissionRefused):
        services.progress_report_submit(
            measure=measure, actor=getattr(cast, who), text="越权填报", files=[pdf_upload()]
        )
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()


def test_a_co_department_may_report(cast, units, measure):
    measure.co_departments.add(units.party)
    services.progress_report_submit(measure=measure, actor=cast.party_reporter, text="配合完成")
    assert measure.reports.get().author == cast.party_reporter


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"text": "   "}, "Describe"),
        ({"text": "明天的进展", "report_date": dt.date.today() + dt.timedelta(days=2)}, "future"),
    ],
)
def test_report_needs_text_and_a_date_not_in_the_future(cast, measure, kwargs, message):
    with pytest.raises(ValidationFailed, match=message):
        services.progress_report_submit(measure=measure, actor=cast.reporter, **kwargs)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("status", [MeasureStatus.SIGNED_OFF, MeasureStatus.SIGNOFF_REQUESTED])
def test_no_report_on_a_measure_under_review_or_signed_off(cast, measure, status):
    Measure.objects.filter(pk=measure.pk).update(status=status)
    measure.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.progress_report_submit(measure=measure, actor=cast.reporter, text="补充")
    assert not ProgressReport.objects.exists()


def test_evidence_hash_and_chinese_name_are_recorded(cast, measure):
    content = PDF_BYTES + "整改报告".encode() * 10
    report = services.progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="见附件",
        files=[pdf_upload("海幢街道违建整治情况报告（第一期）.pdf", content)],
    )
    evidence = report.evidence.get()
    digest = hashlib.sha256(content).hexdigest()
    assert evidence.sha256 == digest
    assert evidence.original_name == "海幢街道违建整治情况报告（第一期）.pdf"
    # Content-addressed on disk; the name lives only in the row.
    assert evidence.file.name == f"evidence/{digest[:2]}/{digest}"
    with evidence.file.open("rb") as stored:
        assert stored.read() == content
    entry = AuditEntry.objects.get(code="evidence.uploaded")
    assert entry.after == {"name": evidence.original_name, "sha256": digest, "size": len(content)}


def test_identical_content_is_stored_once_but_recorded_twice(cast, measure, settings):
    first = services.progress_report_submit(
        measure=measure, actor=cast.reporter, text="一", files=[pdf_upload("会议纪要.pdf")]
    )
    second = services.progress_report_submit(
        measure=measure, actor=cast.dept_head, text="二", files=[pdf_upload("会议纪要（副本）.pdf")]
    )

    rows = list(Evidence.objects.order_by("pk"))
    assert [e.report for e in rows] == [first, second]
    assert [e.original_name for e in rows] == ["会议纪要.pdf", "会议纪要（副本）.pdf"]
    assert rows[0].file.name == rows[1].file.name
    assert len(stored_files(settings)) == 1


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"\x90" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(ELF, "not an accepted type", id="elf"),
        pytest.param(EXE, "not an accepted type", id="exe"),
        pytest.param(os.urandom(4096) + b"\x00", "not an accepted type", id="random"),
    ],
)
def test_refused_file_writes_nothing_at_all(cast, measure, settings, content, message):
    upload = SimpleUploadedFile("报告.pdf", content, content_type="application/pdf")
    with pytest.raises(ValidationFailed, match=message) as refused:
        services.progress_report_submit(
            measure=measure, actor=cast.reporter, text="见附件", files=[upload]
        )
    assert "报告.pdf" in str(refused.value)
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert not AuditEntry.objects.exists()
    assert stored_files(settings) == []
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED


def test_oversize_file_is_refused(cast, measure, settings):
    settings.RECTIFY_EVIDENCE_MAX_BYTES = 32
    with pytest.raises(ValidationFailed, match="limit"):
        services.progress_report_submit(
            measure=measure, actor=cast.reporter, text="见附件", files=[pdf_upload()]
        )
    assert not ProgressReport.objects.exists()
    assert stored_files(settings) == []


def test_one_bad_file_among_good_ones_refuses_the_whole_report(cast, measure, settings):
    files = [pdf_upload("纪要.pdf"), SimpleUploadedFile("照片.jpg", ELF)]
    with pytest.raises(ValidationFailed, match=r"照片\.jpg"):
        services.progress_report_submit(
            measure=measure, actor=cast.reporter, text="见附件", files=files
        )
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert stored_files(settings) == []


def test_evidence_added_later_to_an_existing_report(cast, measure):
    report = services.progress_report_submit(measure=measure, actor=cast.reporter, text="已部署")
    added = services.evidence_add(
        report=report, actor=cast.dept_head, files=[pdf_upload("补充材料.pdf")]
    )
    assert [e.original_name for e in added] == ["补充材料.pdf"]
    assert report.evidence.count() == 1
    with pytest.raises(PermissionRefused):
        services.evidence_add(report=report, actor=cast.party_reporter, files=[pdf_upload()])


def test_no_evidence_added_while_sign_off_is_requested(cast, measure):
    report = services.progress_report_submit(measure=measure, actor=cast.reporter, text="已部署")
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.SIGNOFF_REQUESTED)
    report.refresh_from_db()
    report.measure.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.evidence_add(report=report, actor=cast.reporter, files=[pdf_upload()])
    assert not Evidence.objects.exists()


# Indicators -------------------------------------------------------------------------------


def test_indicator_values_in_a_report_update_current_value(cast, measure):
    buildings = services.indicator_set(
        measure=measure,
        actor=cast.office,
        name="历史违建",
        unit="宗",
        target_value=Decimal("68"),
        current_value=Decimal("0"),
    )
    report = services.progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="已整治35宗",
        indicator_values={buildings.pk: Decimal("35")},
    )
    buildings.refresh_from_db()
    assert buildings.current_value == Decimal("35")
    assert buildings.remaining == Decimal("33")
    value = IndicatorValue.objects.get()
    assert (value.report, value.indicator, value.value) == (report, buildings, Decimal("35"))


def test_indicator_set_updates_in_place_and_keeps_its_position(cast, measure):
    buildings = services.indicator_set(measure=measure, actor=cast.office, name="历史违建")
    services.indicator_set(measure=measure, actor=cast.office, name="新增违建")
    again = services.indicator_set(
        measure=measure, actor=cast.office, name="历史违建", target_value=Decimal("70")
    )
    assert again.pk == buildings.pk
    assert [(i.name, i.position) for i in measure.indicators.all()] == [
        ("历史违建", 1),
        ("新增违建", 2),
    ]
    assert codes() == ["indicator.created", "indicator.created", "indicator.updated"]


def test_an_indicator_of_another_measure_is_refused_before_anything_is_written(
    cast, measure, settings
):
    foreign = IndicatorFactory(measure__finding=measure.finding)
    with pytest.raises(ValidationFailed):
        services.progress_report_submit(
            measure=measure,
            actor=cast.reporter,
            text="已整治",
            files=[pdf_upload()],
            indicator_values={foreign.pk: Decimal("50")},
        )
    foreign.refresh_from_db()
    assert foreign.current_value == Decimal("35")
    assert not ProgressReport.objects.exists()
    assert stored_files(settings) == []


# Deadlines --------------------------------------------------------------------------------


def test_office_sets_a_deadline_with_who_and_why(cast, measure):
    old = measure.deadline
    new = old + dt.timedelta(days=30)
    record = services.deadline_set(
        measure=measure,
        actor=cast.office,
        new_deadline=new,
        reason="按区委巡察办要求调整",
        expected_version=1,
    )

    measure.refresh_from_db()
    assert measure.deadline == new
    assert (record.status, record.old_deadline, record.new_deadline) == (
        ExtensionStatus.SET_DIRECTLY,
        old,
        new,
    )
    assert (record.requested_by, record.decided_by) == (cast.office, cast.office)
    assert record.reason == "按区委巡察办要求调整"
    assert record.decided_at is not None
    entry = AuditEntry.objects.get(code="measure.deadline_changed")
    assert entry.before == {"deadline": old.isoformat()}
    assert entry.after == {"deadline": new.isoformat()}
    assert entry.note == "按区委巡察办要求调整"


def test_deadline_set_needs_a_reason_and_the_office(cast, measure):
    new = measure.deadline + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed):
        services.deadline_set(
            measure=measure, actor=cast.office, new_deadline=new, reason=" ", expected_version=1
        )
    with pytest.raises(PermissionRefused):
        services.deadline_set(
            measure=measure, actor=cast.reporter, new_deadline=new, reason="x", expected_version=1
        )
    with pytest.raises(ConflictError):
        services.deadline_set(
            measure=measure, actor=cast.office, new_deadline=new, reason="x", expected_version=9
        )
    assert not DeadlineExtension.objects.exists()


def test_extension_requested_then_approved_by_the_leader(cast, measure):
    old = measure.deadline
    wanted = old + dt.timedelta(days=45)
    request = services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=wanted, reason="需协调规划部门"
    )
    assert request.status == ExtensionStatus.PENDING
    assert (request.old_deadline, request.new_deadline) == (old, wanted)

    services.deadline_extension_decide(
        extension=request, actor=cast.leader, approve=True, note="同意延期"
    )

    measure.refresh_from_db()
    request.refresh_from_db()
    assert measure.deadline == wanted
    assert request.status == ExtensionStatus.APPROVED
    assert (request.decided_by, request.decision_note) == (cast.leader, "同意延期")
    assert codes() == ["extension.requested", "measure.deadline_changed", "extension.approved"]


def test_refused_extension_leaves_the_deadline(cast, measure):
    old = measure.deadline
    request = services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=old + dt.timedelta(days=10), reason="x"
    )
    services.deadline_extension_decide(
        extension=request, actor=cast.leader, approve=False, note="应按期完成"
    )
    measure.refresh_from_db()
    request.refresh_from_db()
    assert measure.deadline == old
    assert request.status == ExtensionStatus.REFUSED


def test_only_one_pending_extension_and_it_must_be_later(cast, measure):
    later = measure.deadline + dt.timedelta(days=10)
    with pytest.raises(ValidationFailed, match="later"):
        services.deadline_extension_request(
            measure=measure, actor=cast.reporter, new_deadline=measure.deadline, reason="x"
        )
    services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=later, reason="x"
    )
    with pytest.raises(ValidationFailed, match="already waiting"):
        services.deadline_extension_request(
            measure=measure, actor=cast.dept_head, new_deadline=later, reason="y"
        )
    assert DeadlineExtension.objects.count() == 1


def test_deciding_twice_is_refused(cast, measure):
    request = services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=dt.date(2099, 1, 1), reason="x"
    )
    services.deadline_extension_decide(extension=request, actor=cast.leader, approve=False)
    with pytest.raises(ValidationFailed, match="already been decided"):
        services.deadline_extension_decide(extension=request, actor=cast.leader, approve=True)
    measure.refresh_from_db()
    assert measure.deadline != dt.date(2099, 1, 1)


@pytest.mark.parametrize(
    "who", ["office", "reporter", "dept_head", "discipline", "reviewer", "sysadmin", "outsider"]
)
def test_only_the_leader_decides_extensions(cast, measure, who):
    request = services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=dt.date(2099, 1, 1), reason="x"
    )
    with pytest.raises(PermissionRefused):
        services.deadline_extension_decide(
            extension=request, actor=getattr(cast, who), approve=True
        )
    request.refresh_from_db()
    assert request.status == ExtensionStatus.PENDING


def test_no_extension_for_a_signed_off_measure_or_without_reason(cast, measure):
    later = measure.deadline + dt.timedelta(days=10)
    with pytest.raises(ValidationFailed, match="reason"):
        services.deadline_extension_request(
            measure=measure, actor=cast.reporter, new_deadline=later, reason=""
        )
    with pytest.raises(PermissionRefused):
        services.deadline_extension_request(
            measure=measure, actor=cast.party_reporter, new_deadline=later, reason="x"
        )
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.SIGNED_OFF)
    measure.refresh_from_db()
    with pytest.raises(ValidationFailed, match="signed-off"):
        services.deadline_extension_request(
            measure=measure, actor=cast.reporter, new_deadline=later, reason="x"
        )
    assert not DeadlineExtension.objects.exists()


def test_extension_of_a_measure_without_deadline_takes_any_date(cast, inspection, units):
    measure = FindingFactory(inspection=inspection).measures.create(
        text="长期坚持", kind=MeasureKind.TIME_BOUND, lead_department=units.enforcement
    )
    request = services.deadline_extension_request(
        measure=measure, actor=cast.reporter, new_deadline=dt.date(2030, 6, 30), reason="x"
    )
    assert request.old_deadline is None
