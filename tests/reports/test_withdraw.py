"""Withdrawing (撤销) what has records, with a reason: findings and measures stay with their
history, drop out of every figure, and the tree offers "withdraw" where "delete" would lose
records.

Cast (tests/conftest.py): office arranges the street's plan; leader reads and approves it;
reporter reports on 执法办's measures.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding
from rectify.measures import policy, services
from rectify.measures.enums import MeasureStatus, RevisionKind
from rectify.measures.models import Measure, MeasureEvent, PlanRevision
from rectify.reports.selectors import inspection_stats
from tests.factories import FindingFactory, MeasureFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(cast, inspection, units):
    """A problem with a worked measure (a progress report hangs on it) and a bare one."""
    problem = FindingFactory(inspection=inspection, kind=FindingKind.PROBLEM, title="违建问题")
    worked = MeasureFactory(finding=problem, lead_department=units.enforcement, text="拆除违建")
    bare = MeasureFactory(finding=problem, lead_department=units.enforcement, text="建立台账")
    services.progress_report_submit(
        measure=worked, actor=cast.reporter, text="已拆除一处。", files=[pdf_upload()]
    )
    worked.refresh_from_db()
    return problem, worked, bare


def _today():
    return timezone.localdate()


def test_the_tree_offers_withdraw_where_records_hang_and_delete_elsewhere(client, cast, tree):
    problem, worked, bare = tree
    client.force_login(cast.office)
    page = client.get(reverse("inspections:detail", args=[problem.inspection_id])).content
    page = page.decode()
    assert reverse("inspections:measure_withdraw", args=[worked.pk]) in page
    assert reverse("inspections:measure_delete", args=[worked.pk]) not in page
    assert reverse("inspections:measure_delete", args=[bare.pk]) in page
    assert reverse("inspections:measure_withdraw", args=[bare.pk]) not in page
    assert reverse("inspections:finding_withdraw", args=[problem.pk]) in page
    assert reverse("inspections:finding_delete", args=[problem.pk]) not in page
    assert "data-confirm" in page
    client.force_login(cast.leader)
    page = client.get(reverse("inspections:detail", args=[problem.inspection_id])).content
    assert reverse("inspections:measure_withdraw", args=[worked.pk]) not in page.decode()


def test_a_measure_is_withdrawn_only_with_a_reason_and_stays_with_its_history(client, cast, tree):
    problem, worked, _bare = tree
    before = inspection_stats(inspection=problem.inspection, today=_today())["measures"]
    client.force_login(cast.office)
    url = reverse("inspections:measure_withdraw", args=[worked.pk])
    client.post(url, {"reason": "  "})
    assert Measure.objects.get(pk=worked.pk).status == MeasureStatus.IN_PROGRESS
    client.post(url, {"reason": "与第二项措施重复"})
    worked.refresh_from_db()
    assert worked.status == MeasureStatus.WITHDRAWN
    assert worked.reports.count() == 1  # the records stay
    event = MeasureEvent.objects.get(measure=worked, transition="withdraw")
    assert (event.from_status, event.note, event.actor) == (
        MeasureStatus.IN_PROGRESS,
        "与第二项措施重复",
        cast.office,
    )
    entry = AuditEntry.objects.get(code="measure.withdraw", object_id=str(worked.pk))
    assert entry.note == "与第二项措施重复" and entry.actor == cast.office
    after = inspection_stats(inspection=problem.inspection, today=_today())["measures"]
    assert after["total"] == before["total"] - 1
    assert "withdrawn" not in after["by_status"]
    detail = client.get(reverse("measures:detail", args=[worked.pk])).content.decode()
    assert "与第二项措施重复" in detail  # in the page's history
    assert "已撤销" in detail
    with pytest.raises(ValidationFailed):
        services.measure_update(
            measure=worked, actor=cast.office, expected_version=worked.version, text="改写"
        )
    assert policy.allowed_actions(cast.office, worked) == frozenset()


def test_only_the_office_withdraws(client, cast, tree):
    _problem, worked, _bare = tree
    client.force_login(cast.leader)
    response = client.post(
        reverse("inspections:measure_withdraw", args=[worked.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionRefused):
        services.measure_withdraw(measure=worked, actor=cast.reporter, reason="x")
    assert Measure.objects.get(pk=worked.pk).status == MeasureStatus.IN_PROGRESS


def test_after_approval_a_withdrawal_is_a_version_of_the_plan(cast, tree):
    problem, worked, _bare = tree
    services.plan_submit(inspection=problem.inspection, actor=cast.office)
    services.plan_approve(inspection=problem.inspection, actor=cast.leader)
    services.measure_withdraw(measure=worked, actor=cast.office, reason="合并到第二项")
    revision = PlanRevision.objects.get(plan__inspection=problem.inspection, number=2)
    assert revision.kind == RevisionKind.DROPPED
    assert revision.reason == "合并到第二项"
    assert "拆除违建" in revision.measure_text


def test_a_finding_is_withdrawn_with_its_open_measures(client, cast, tree, units):
    problem, worked, bare = tree
    child = FindingFactory(inspection=problem.inspection, parent=problem, kind=FindingKind.ITEM)
    done = MeasureFactory(
        finding=child, lead_department=units.enforcement, status=MeasureStatus.SIGNED_OFF
    )
    stats = inspection_stats(inspection=problem.inspection, today=_today())
    client.force_login(cast.office)
    url = reverse("inspections:finding_withdraw", args=[problem.pk])
    client.post(url, {"reason": ""})
    assert Finding.objects.get(pk=problem.pk).withdrawn_at is None
    client.post(url, {"reason": "反馈意见合并"})
    problem.refresh_from_db()
    assert problem.withdrawn_at is not None and problem.withdraw_reason == "反馈意见合并"
    assert Finding.objects.get(pk=child.pk).withdrawn_at is not None
    statuses = dict(
        Measure.objects.filter(pk__in=[worked.pk, bare.pk, done.pk]).values_list("pk", "status")
    )
    assert statuses == {
        worked.pk: MeasureStatus.WITHDRAWN,
        bare.pk: MeasureStatus.WITHDRAWN,
        done.pk: MeasureStatus.SIGNED_OFF,  # done work stays done
    }
    assert AuditEntry.objects.filter(code="finding.withdrawn", object_id=str(problem.pk)).exists()
    after = inspection_stats(inspection=problem.inspection, today=_today())
    assert after["problems"] == stats["problems"] - 1
    # every measure under a withdrawn finding leaves the figures, the signed-off one too
    assert after["measures"]["total"] == stats["measures"]["total"] - 3
    assert after["measures"]["done"] == stats["measures"]["done"] - 1
    page = client.get(reverse("inspections:detail", args=[problem.inspection_id])).content
    page = page.decode()
    assert "反馈意见合并" in page and "is-withdrawn" in page
    assert reverse("inspections:finding_withdraw", args=[problem.pk]) not in page


def test_a_measure_under_sign_off_review_stops_a_finding_withdrawal(cast, tree):
    problem, worked, bare = tree
    services.signoff_request(measure=worked, actor=cast.reporter)
    with pytest.raises(ValidationFailed):
        services.finding_withdraw(finding=problem, actor=cast.office, reason="合并")
    assert Measure.objects.get(pk=bare.pk).status == MeasureStatus.NOT_STARTED
    assert Finding.objects.get(pk=problem.pk).withdrawn_at is None


def test_a_pending_extension_is_decided_before_a_withdrawal(cast, tree):
    problem, worked, _bare = tree
    services.deadline_extension_request(
        measure=worked,
        actor=cast.reporter,
        new_deadline=worked.deadline + dt.timedelta(days=30),
        reason="汛期",
    )
    assert policy.Action.WITHDRAW not in policy.allowed_actions(cast.office, worked)
    with pytest.raises(ValidationFailed):
        services.measure_withdraw(measure=worked, actor=cast.office, reason="重复")
    with pytest.raises(ValidationFailed):
        services.finding_withdraw(finding=problem, actor=cast.office, reason="合并")
    assert Measure.objects.get(pk=worked.pk).status == MeasureStatus.IN_PROGRESS
