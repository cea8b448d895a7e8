"""Rules added after the service review: no re-request without new progress, no silent
deadline games, withdrawals audited, co-departments see their work."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from rectify.audit.models import AuditEntry
from rectify.core.errors import ValidationFailed
from rectify.measures import services
from rectify.measures import services as measure_services
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.selectors import my_work_for
from tests.factories import MeasureFactory, pdf_upload


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def report(measure, actor, text="已整改。"):
    return measure_services.progress_report_submit(
        measure=measure, actor=actor, text=text, files=[pdf_upload()]
    )


def test_no_second_request_after_return_without_new_progress(cast, measure):
    report(measure, cast.reporter)
    services.signoff_request(measure=measure, actor=cast.reporter)
    services.signoff_return(measure=measure, actor=cast.leader, opinion="佐证材料不全")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.RETURNED
    with pytest.raises(ValidationFailed, match="since the measure was returned"):
        services.signoff_request(measure=measure, actor=cast.reporter)
    report(measure, cast.reporter, text="补充了会议纪要。")
    services.signoff_request(measure=measure, actor=cast.reporter)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNOFF_REQUESTED


def test_withdrawal_is_audited(cast, measure):
    report(measure, cast.reporter)
    services.signoff_request(measure=measure, actor=cast.reporter)
    services.signoff_withdraw(measure=measure, actor=cast.reporter)
    assert AuditEntry.objects.filter(code="signoff.withdrawn", object_id=str(measure.pk)).exists()


def test_extension_cannot_be_approved_once_signed_off(cast, measure):
    report(measure, cast.reporter)
    extension = measure_services.deadline_extension_request(
        measure=measure,
        actor=cast.reporter,
        new_deadline=measure.deadline + dt.timedelta(days=30),
        reason="汛期施工受限",
    )
    services.signoff_request(measure=measure, actor=cast.reporter)
    services.signoff_approve(measure=measure, actor=cast.leader)
    extension.measure.refresh_from_db()
    with pytest.raises(ValidationFailed, match="already signed off"):
        measure_services.deadline_extension_decide(
            extension=extension, actor=cast.leader, approve=True
        )


def test_office_cannot_bypass_a_pending_extension(cast, measure):
    measure_services.deadline_extension_request(
        measure=measure,
        actor=cast.reporter,
        new_deadline=measure.deadline + dt.timedelta(days=30),
        reason="需协调区住建局",
    )
    with pytest.raises(ValidationFailed, match="pending extension"):
        measure_services.deadline_set(
            measure=measure,
            actor=cast.office,
            new_deadline=measure.deadline + dt.timedelta(days=90),
            reason="调整计划",
            expected_version=measure.version,
        )


def test_time_bound_measure_needs_a_deadline(cast, measure):
    with pytest.raises(ValidationFailed, match="long-term"):
        measure_services.deadline_set(
            measure=measure,
            actor=cast.office,
            new_deadline=None,
            reason="取消时限",
            expected_version=measure.version,
        )


def test_kind_long_term_only_through_the_transition(cast, measure):
    with pytest.raises(ValidationFailed, match="Mark as long-term"):
        measure_services.measure_update(
            measure=measure,
            actor=cast.office,
            expected_version=measure.version,
            kind=MeasureKind.LONG_TERM,
        )
    measure_services.measure_update(
        measure=measure,
        actor=cast.office,
        expected_version=measure.version,
        kind=MeasureKind.IMMEDIATE,
    )
    measure.refresh_from_db()
    assert measure.kind == MeasureKind.IMMEDIATE


def test_my_work_includes_co_department_measures(cast, units, inspection):
    co = MeasureFactory(
        finding__inspection=inspection,
        lead_department=units.party,
        deadline=timezone.localdate() + dt.timedelta(days=5),
    )
    co.co_departments.add(units.enforcement)
    assert co in list(my_work_for(user=cast.reporter, today=timezone.localdate()))
    assert co not in list(my_work_for(user=cast.outsider, today=timezone.localdate()))
