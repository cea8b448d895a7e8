"""销号: nothing closes without progress, evidence and a reviewer other than the requester."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from rectify.audit.models import AuditEntry
from rectify.core.errors import (
    ConflictError,
    DomainError,
    PermissionRefused,
    TransitionNotAllowed,
    ValidationFailed,
)
from rectify.measures import services
from rectify.measures import services as measure_services
from rectify.measures.enums import Decision, MeasureStatus
from rectify.measures.models import Measure, MeasureEvent, SignOff
from rectify.orgs.enums import Role
from tests.factories import UserFactory, pdf_upload


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English, whatever translations the catalogue has."""
    with translation.override("en"):
        yield


def report(measure, actor, *, evidence=True, text="已完成整改，见佐证材料。"):
    files = [pdf_upload("整改完成情况说明.pdf")] if evidence else []
    return measure_services.progress_report_submit(
        measure=measure, actor=actor, text=text, files=files
    )


@pytest.fixture
def requested(cast, measure):
    """执法办 reported with evidence and asked for 销号."""
    report(measure, cast.reporter)
    services.signoff_request(measure=measure, actor=cast.reporter, note="申请销号")
    return measure


def statuses(measure) -> list[tuple[str, str]]:
    return list(MeasureEvent.objects.filter(measure=measure).values_list("transition", "to_status"))


# The story --------------------------------------------------------------------------------


def test_from_first_report_to_signed_off(cast, measure):
    report(measure, cast.reporter)
    assert measure.status == MeasureStatus.IN_PROGRESS

    signoff = services.signoff_request(measure=measure, actor=cast.reporter, note="申请销号")
    assert measure.status == MeasureStatus.SIGNOFF_REQUESTED
    assert (signoff.decision, signoff.requested_by) == (Decision.PENDING, cast.reporter)

    services.signoff_approve(measure=measure, actor=cast.leader, opinion="同意销号")

    measure.refresh_from_db()
    signoff.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF
    assert measure.signed_off_at is not None
    assert (signoff.decision, signoff.reviewer, signoff.opinion) == (
        Decision.APPROVED,
        cast.leader,
        "同意销号",
    )
    assert signoff.decided_at is not None
    assert statuses(measure) == [
        ("start", MeasureStatus.IN_PROGRESS),
        ("request_signoff", MeasureStatus.SIGNOFF_REQUESTED),
        ("approve_signoff", MeasureStatus.SIGNED_OFF),
    ]
    assert "signoff.approved" in AuditEntry.objects.values_list("code", flat=True)


def test_the_district_reviewer_may_also_sign_off(cast, requested):
    services.signoff_approve(measure=requested, actor=cast.reviewer, opinion="经核查，同意销号")
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.SIGNED_OFF
    assert requested.signoffs.get().reviewer == cast.reviewer


def test_the_requester_cannot_approve_their_own_request(cast, units, measure):
    """书记兼任执法办科长: may review, may request, but never both on one request."""
    both = UserFactory(username="both", role=(Role.LEADER, units.street))
    both.memberships.create(role=Role.DEPT_HEAD, org_unit=units.enforcement)
    report(measure, both)
    services.signoff_request(measure=measure, actor=both)

    with pytest.raises(ValidationFailed, match="yourself"):
        services.signoff_approve(measure=measure, actor=both)

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNOFF_REQUESTED
    services.signoff_approve(measure=measure, actor=cast.leader)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF


def test_return_needs_an_opinion_then_a_new_report_restarts_the_work(cast, requested):
    with pytest.raises(ValidationFailed, match="why"):
        services.signoff_return(measure=requested, actor=cast.leader, opinion="  ")
    assert requested.status == MeasureStatus.SIGNOFF_REQUESTED

    signoff = services.signoff_return(
        measure=requested, actor=cast.leader, opinion="缺少拆除后现场照片"
    )
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.RETURNED
    assert (signoff.decision, signoff.opinion) == (Decision.RETURNED, "缺少拆除后现场照片")

    report(requested, cast.reporter, text="已补充现场照片")
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.IN_PROGRESS
    assert statuses(requested)[-2:] == [
        ("return_signoff", MeasureStatus.RETURNED),
        ("start", MeasureStatus.IN_PROGRESS),
    ]


def test_a_second_request_after_return_opens_a_new_signoff(cast, requested):
    services.signoff_return(measure=requested, actor=cast.reviewer, opinion="补充材料")
    report(requested, cast.reporter, text="已补充")
    services.signoff_request(measure=requested, actor=cast.dept_head)
    assert list(requested.signoffs.order_by("pk").values_list("decision", flat=True)) == [
        Decision.RETURNED,
        Decision.PENDING,
    ]


@pytest.mark.parametrize("who", ["reporter", "office"])
def test_the_requester_or_the_office_withdraws(cast, requested, who):
    signoff = services.signoff_withdraw(measure=requested, actor=getattr(cast, who))
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.IN_PROGRESS
    assert signoff.decision == Decision.WITHDRAWN
    # Withdrawn, the measure takes progress again.
    report(requested, cast.reporter, text="继续推进")


@pytest.mark.parametrize("who", ["dept_head", "party_reporter", "leader", "outsider"])
def test_others_cannot_withdraw(cast, requested, who):
    with pytest.raises(PermissionRefused):
        services.signoff_withdraw(measure=requested, actor=getattr(cast, who))
    assert requested.signoffs.get().decision == Decision.PENDING


def test_reopen_after_a_recheck_found_a_rebound(cast, requested):
    services.signoff_approve(measure=requested, actor=cast.leader)
    requested.refresh_from_db()

    with pytest.raises(ValidationFailed, match="re-check"):
        services.measure_reopen(measure=requested, actor=cast.reviewer, reason="")
    services.measure_reopen(measure=requested, actor=cast.reviewer, reason="回头看发现违建反弹")

    requested.refresh_from_db()
    assert requested.status == MeasureStatus.IN_PROGRESS
    assert requested.signed_off_at is None
    event = MeasureEvent.objects.filter(measure=requested).last()
    assert (event.transition, event.note) == ("reopen", "回头看发现违建反弹")
    with pytest.raises(PermissionRefused):
        services.measure_reopen(measure=requested, actor=cast.reporter, reason="x")


def test_only_a_signed_off_measure_reopens(cast, requested):
    with pytest.raises(TransitionNotAllowed):
        services.measure_reopen(measure=requested, actor=cast.office, reason="回头看")


# What is refused --------------------------------------------------------------------------


def test_request_without_any_report_is_refused_clearly(cast, measure):
    with pytest.raises(ValidationFailed, match="no progress has been reported"):
        services.signoff_request(measure=measure, actor=cast.reporter)
    assert not SignOff.objects.exists()


def test_request_with_a_report_but_no_evidence_is_refused(cast, measure):
    report(measure, cast.reporter, evidence=False)
    with pytest.raises(ValidationFailed, match="evidence"):
        services.signoff_request(measure=measure, actor=cast.reporter)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert not SignOff.objects.exists()


def test_approve_or_return_when_nothing_is_pending(cast, measure):
    report(measure, cast.reporter)
    with pytest.raises(ValidationFailed, match="no open sign-off"):
        services.signoff_approve(measure=measure, actor=cast.leader)
    with pytest.raises(ValidationFailed, match="no open sign-off"):
        services.signoff_return(measure=measure, actor=cast.leader, opinion="退回")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS


def test_a_second_request_while_one_is_pending_is_refused(cast, requested):
    with pytest.raises(TransitionNotAllowed):
        services.signoff_request(measure=requested, actor=cast.reporter)
    assert requested.signoffs.count() == 1


def test_a_never_reported_measure_cannot_be_signed_off_by_any_path(cast, measure):
    # Straight request, and approval without a request.
    with pytest.raises(ValidationFailed):
        services.signoff_request(measure=measure, actor=cast.office)
    with pytest.raises(ValidationFailed):
        services.signoff_approve(measure=measure, actor=cast.leader)
    # Via long-term (request_signoff is allowed from long_term).
    measure_services.measure_mark_long_term(measure=measure, actor=cast.office)
    with pytest.raises(ValidationFailed):
        services.signoff_request(measure=measure, actor=cast.office)
    # Via the importer's "in progress" suggestion, which starts a measure without a report.
    other = Measure.objects.create(
        finding=measure.finding, text="立行立改", lead_department=measure.lead_department
    )
    Measure.objects.filter(pk=other.pk).update(suggested_status=MeasureStatus.IN_PROGRESS)
    other.refresh_from_db()
    measure_services.measure_confirm_suggestion(measure=other, actor=cast.office, accept=True)
    assert other.status == MeasureStatus.IN_PROGRESS
    with pytest.raises(ValidationFailed):
        services.signoff_request(measure=other, actor=cast.reporter)

    assert not Measure.objects.filter(status=MeasureStatus.SIGNED_OFF).exists()
    assert not SignOff.objects.exists()


def test_no_report_on_a_signed_off_measure(cast, requested):
    services.signoff_approve(measure=requested, actor=cast.leader)
    with pytest.raises(ValidationFailed, match="signed off"):
        report(requested, cast.reporter, text="补充")
    assert requested.reports.count() == 1


# Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    ["reporter", "dept_head", "office", "discipline", "party_reporter", "sysadmin", "outsider"],
)
def test_who_may_not_approve_or_return(cast, requested, who):
    actor = getattr(cast, who)
    with pytest.raises(PermissionRefused):
        services.signoff_approve(measure=requested, actor=actor)
    with pytest.raises(PermissionRefused):
        services.signoff_return(measure=requested, actor=actor, opinion="退回")
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.SIGNOFF_REQUESTED


@pytest.mark.parametrize("who", ["party_reporter", "leader", "discipline", "reviewer", "outsider"])
def test_who_may_not_request(cast, measure, who):
    report(measure, cast.reporter)
    with pytest.raises(PermissionRefused):
        services.signoff_request(measure=measure, actor=getattr(cast, who))


def test_a_co_department_reports_but_only_the_lead_department_requests(cast, units, measure):
    measure.co_departments.add(units.party)
    report(measure, cast.party_reporter, text="配合完成宣传")
    with pytest.raises(PermissionRefused):
        services.signoff_request(measure=measure, actor=cast.party_reporter)
    services.signoff_request(measure=measure, actor=cast.dept_head)
    assert measure.status == MeasureStatus.SIGNOFF_REQUESTED


# Concurrency ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_racing_to_approve_exactly_one_wins(cast, measure, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks across connections (PostgreSQL); SQLite here is in-memory")
    report(measure, cast.reporter)
    services.signoff_request(measure=measure, actor=cast.reporter)

    # Both reviewers have read the open request before either writes.
    barrier = threading.Barrier(2, timeout=10)
    from rectify.measures.services import signoff as signoff_services

    original = signoff_services._open_signoff

    def open_signoff_then_wait(m):
        signoff = original(m)
        barrier.wait()
        return signoff

    monkeypatch.setattr(signoff_services, "_open_signoff", open_signoff_then_wait)
    outcomes: dict[str, object] = {}

    def approve(who):
        try:
            stale = Measure.objects.select_related("finding__inspection__inspected_unit").get(
                pk=measure.pk
            )
            services.signoff_approve(measure=stale, actor=getattr(cast, who), opinion=who)
            outcomes[who] = "ok"
        except DomainError as exc:
            outcomes[who] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(who,)) for who in ("leader", "reviewer")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [who for who, outcome in outcomes.items() if outcome == "ok"]
    losers = [outcome for outcome in outcomes.values() if outcome != "ok"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], ConflictError), outcomes
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF
    signoff = measure.signoffs.get()
    assert (signoff.decision, signoff.opinion) == (Decision.APPROVED, winners[0])
    assert MeasureEvent.objects.filter(measure=measure, transition="approve_signoff").count() == 1
    assert AuditEntry.objects.filter(code="signoff.approved").count() == 1
