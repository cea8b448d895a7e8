"""整改方案: the office submits, the leader approves (version 1) or returns it; after that every
change of a measure needs a reason and is a readable new version.

Cast (tests/conftest.py): office writes the plan; leader approves it; reporter cannot.
"""

import datetime as dt

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from rectify.measures import services
from rectify.measures.enums import PlanStatus, RevisionKind
from rectify.measures.models import Plan, PlanRevision
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(cast, measure):
    services.plan_submit(inspection=measure.inspection, actor=cast.office)
    services.plan_approve(inspection=measure.inspection, actor=cast.leader)
    measure.refresh_from_db()
    return measure


def test_submit_approve_freezes_version_one(cast, measure, units):
    inspection = measure.inspection
    with pytest.raises(PermissionRefused):
        services.plan_submit(inspection=inspection, actor=cast.reporter)
    services.plan_submit(inspection=inspection, actor=cast.office)
    with pytest.raises(PermissionRefused):
        services.plan_approve(inspection=inspection, actor=cast.office)
    plan = services.plan_approve(inspection=inspection, actor=cast.leader)
    assert plan.status == PlanStatus.APPROVED and plan.revision == 1
    assert plan.approved_by == cast.leader and plan.approved_at is not None
    first = PlanRevision.objects.get(plan=plan, number=1)
    assert first.kind == RevisionKind.APPROVED
    assert first.snapshot[0]["text"] == measure.text
    assert first.snapshot[0]["lead_department"] == units.enforcement.name
    assert AuditEntry.objects.filter(code="plan.approved").count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.plan_approve(inspection=inspection, actor=cast.leader)


def test_the_leader_returns_with_a_reason_and_the_office_resubmits(cast, measure):
    inspection = measure.inspection
    services.plan_submit(inspection=inspection, actor=cast.office)
    with pytest.raises(ValidationFailed):
        services.plan_return(inspection=inspection, actor=cast.leader, reason=" ")
    services.plan_return(inspection=inspection, actor=cast.leader, reason="措施不具体")
    plan = Plan.objects.get(inspection=inspection)
    assert plan.status == PlanStatus.RETURNED and plan.return_reason == "措施不具体"
    services.plan_submit(inspection=inspection, actor=cast.office)
    assert Plan.objects.get(inspection=inspection).status == PlanStatus.SUBMITTED


def test_before_approval_changes_need_no_reason(cast, measure):
    services.measure_update(
        measure=measure, actor=cast.office, expected_version=measure.version, text="新的措施"
    )
    assert not PlanRevision.objects.exists()


def test_after_approval_a_change_needs_a_reason_and_is_a_new_version(cast, approved, units):
    with pytest.raises(ValidationFailed):
        services.deadline_set(
            measure=approved,
            actor=cast.office,
            new_deadline=dt.date(2031, 3, 31),
            reason="",
            expected_version=approved.version,
        )
    with pytest.raises(ValidationFailed):
        services.measure_update(
            measure=approved, actor=cast.office, expected_version=approved.version, target="x"
        )
    approved.refresh_from_db()
    old = approved.deadline
    services.deadline_set(
        measure=approved,
        actor=cast.office,
        new_deadline=dt.date(2031, 3, 31),
        reason="汛期无法施工",
        expected_version=approved.version,
    )
    services.measure_update(
        measure=approved,
        actor=cast.office,
        expected_version=approved.version,
        lead_department=units.party,
        responsible_person=cast.party_reporter,
        reason="调整分工",
    )
    revisions = list(PlanRevision.objects.order_by("number"))
    assert [r.number for r in revisions] == [1, 2, 3]
    assert revisions[1].changes == [
        {"field": "deadline", "before": old.isoformat(), "after": "2031-03-31"}
    ]
    assert revisions[1].reason == "汛期无法施工"
    owners = {c["field"]: c for c in revisions[2].changes}
    assert owners["lead_department"] == {
        "field": "lead_department",
        "before": "执法办",
        "after": "党建办",
    }
    assert owners["responsible_person"]["after"] == str(cast.party_reporter)
    assert Plan.objects.get().revision == 3


def test_a_dropped_measure_is_a_version(cast, approved):
    extra = MeasureFactory(finding=approved.finding, text="多余的措施")
    with pytest.raises(ValidationFailed):
        services.measure_discard(measure=extra, actor=cast.office)
    services.measure_discard(measure=extra, actor=cast.office, note="与第一项重复")
    dropped = PlanRevision.objects.get(kind=RevisionKind.DROPPED)
    assert dropped.measure is None and "多余的措施" in dropped.measure_text


def test_pages_show_the_plan_and_a_readable_diff(client, cast, approved):
    client.force_login(cast.office)
    client.post(
        reverse("measures:deadline_set", args=[approved.pk]),
        {"new_deadline": "2031-06-30", "reason": "需要协调资金", "version": approved.version},
    )
    plan_page = client.get(reverse("inspections:plan", args=[approved.inspection_id]))
    text = plan_page.content.decode()
    assert "需要协调资金" in text and "2031-06-30" in text
    assert "完成时限" in text or "Deadline" in text
    measure_page = client.get(reverse("measures:detail", args=[approved.pk])).content.decode()
    assert "需要协调资金" in measure_page and "2031-06-30" in measure_page


def test_plan_buttons_follow_the_policy(client, cast, measure):
    url = reverse("inspections:plan", args=[measure.inspection_id])
    client.force_login(cast.office)
    assert reverse("inspections:plan_submit", args=[measure.inspection_id]) in (
        client.get(url).content.decode()
    )
    client.post(reverse("inspections:plan_submit", args=[measure.inspection_id]))
    client.force_login(cast.leader)
    page = client.get(url).content.decode()
    assert reverse("inspections:plan_approve", args=[measure.inspection_id]) in page
    client.post(reverse("inspections:plan_approve", args=[measure.inspection_id]))
    assert Plan.objects.get().status == PlanStatus.APPROVED


def test_the_notice_checks_list_changes_after_approval(cast, approved, units):
    from rectify.notices.checks import check_draft

    services.deadline_set(
        measure=approved,
        actor=cast.office,
        new_deadline=dt.date(2031, 3, 31),
        reason="汛期无法施工",
        expected_version=approved.version,
    )
    approved.refresh_from_db()
    services.measure_update(
        measure=approved,
        actor=cast.office,
        expected_version=approved.version,
        lead_department=units.party,
        reason="调整分工",
    )
    extra = MeasureFactory(finding=approved.finding, text="多余的措施")
    services.measure_discard(measure=extra, actor=cast.office, note="重复")
    changes = [
        i.message
        for i in check_draft("", inspection=approved.inspection)
        if i.code == "plan_changed_after_approval"
    ]
    assert len(changes) == 3
    assert (
        "完成时限由" in changes[0] and "2031-03-31" in changes[0] and "汛期无法施工" in changes[0]
    )
    assert "牵头部门由执法办改为党建办" in changes[1]
    assert changes[2].startswith("方案审批后变更：撤销措施") and "多余的措施" in changes[2]
