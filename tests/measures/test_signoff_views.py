"""销号 through the measure page: request, approve, return, withdraw, reopen, refusals.

Cast: reporter (执法办) reports and requests; leader (书记) approves or returns; reviewer
(区委巡察办) may review too; office may withdraw and reopen; party_reporter has no reach.
"""

import pytest
from django.urls import reverse

from rectify.measures.enums import Decision, MeasureStatus
from rectify.measures.models import SignOff
from rectify.measures.services import progress_report_submit
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


def url(name, measure):
    return reverse(f"signoff:{name}", args=[measure.pk])


def text_of(response):
    return response.content.decode()


@pytest.fixture
def reported(measure, cast):
    """A measure with progress and evidence, ready for sign-off."""
    progress_report_submit(
        measure=measure, actor=cast.reporter, text="已完成拆除。", files=[pdf_upload()]
    )
    measure.refresh_from_db()
    return measure


@pytest.fixture
def requested(reported, client, cast):
    client.force_login(cast.reporter)
    response = client.post(url("request", reported), {"note": "请审核"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == MeasureStatus.SIGNOFF_REQUESTED
    return reported


def test_request_on_never_reported_measure_is_refused_with_message(client, cast, measure):
    client.force_login(cast.reporter)
    response = client.post(url("request", measure), {"note": ""})
    assert response.status_code == 400
    text = text_of(response)
    assert "尚未报送" in text or "no progress has been reported" in text
    assert 'role="alert"' in text
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED


def test_request_without_evidence_is_refused(client, cast, measure):
    progress_report_submit(measure=measure, actor=cast.reporter, text="口头汇报")
    client.force_login(cast.reporter)
    response = client.post(url("request", measure), {})
    assert response.status_code == 400
    assert "佐证材料" in text_of(response)


def test_full_lifecycle_request_then_leader_approves(client, cast, requested):
    client.force_login(cast.leader)
    page = client.get(reverse("measures:detail", args=[requested.pk]))
    text = text_of(page)
    assert url("approve", requested) in text and url("return", requested) in text
    assert "请审核" in text  # the request note is shown to the reviewer
    assert "data-confirm" in text  # irreversible: the browser asks first
    response = client.post(url("approve", requested), {"opinion": "材料齐全，同意销号。"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.SIGNED_OFF
    assert requested.signed_off_at is not None
    page = client.get(reverse("measures:detail", args=[requested.pk]))
    assert "材料齐全，同意销号。" in text_of(page)
    assert "badge--signed_off" in text_of(page)


def test_reviewer_of_inspecting_body_may_approve(client, cast, requested):
    client.force_login(cast.reviewer)
    assert client.post(url("approve", requested), {}).status_code == 302


def test_reporter_cannot_approve(client, cast, requested):
    client.force_login(cast.reporter)
    response = client.post(url("approve", requested), {})
    assert response.status_code == 403
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.SIGNOFF_REQUESTED


def test_return_needs_an_opinion(client, cast, requested):
    client.force_login(cast.leader)
    response = client.post(url("return", requested), {"opinion": "  "})
    assert response.status_code == 400
    assert "退回" in text_of(response) or "returned" in text_of(response)
    response = client.post(url("return", requested), {"opinion": "佐证材料不足，请补充照片。"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.RETURNED
    assert SignOff.objects.get(measure=requested).decision == Decision.RETURNED


def test_approve_twice_is_an_illegal_transition_with_message(client, cast, requested):
    client.force_login(cast.leader)
    assert client.post(url("approve", requested), {}).status_code == 302
    response = client.post(url("approve", requested), {})
    assert response.status_code == 400
    assert 'role="alert"' in text_of(response)


def test_withdraw_by_requester(client, cast, requested):
    client.force_login(cast.reporter)
    page = client.get(reverse("measures:detail", args=[requested.pk]))
    assert url("withdraw", requested) in text_of(page)
    assert client.post(url("withdraw", requested), {}).status_code == 302
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.IN_PROGRESS


def test_reopen_after_recheck(client, cast, requested):
    client.force_login(cast.leader)
    client.post(url("approve", requested), {})
    client.force_login(cast.office)
    response = client.post(url("reopen", requested), {"reason": ""})
    assert response.status_code == 400
    response = client.post(url("reopen", requested), {"reason": "回头看发现问题反弹。"})
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == MeasureStatus.IN_PROGRESS
    assert requested.signed_off_at is None


def test_out_of_scope_users_get_404(client, cast, requested):
    for user in (cast.party_reporter, cast.outsider):
        client.force_login(user)
        assert client.post(url("approve", requested), {}).status_code == 404


def test_get_leads_back_to_the_measure(client, cast, reported):
    """An action's address opened with GET (a reload, a log-in's `next`) is no blank 405:
    it leads to the measure's page; other methods stay refused (issue 12, 1 and 5)."""
    client.force_login(cast.reporter)
    response = client.get(url("request", reported))
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:detail", args=[reported.pk])
    assert client.put(url("request", reported)).status_code == 405
