"""Supervision meetings: decisions with an owner and a deadline chased like measures."""

import datetime as dt

import pytest

from rectify.core.errors import PermissionRefused
from rectify.supervision.models import MeetingDecision, Notification
from rectify.supervision.services import meeting_decision_done, meeting_record, supervise_run

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 7, 15)


@pytest.fixture
def meeting(cast, units):
    return meeting_record(
        actor=cast.office,
        unit=units.street,
        title="第三季度整改督导会",
        held_on=dt.date(2026, 7, 1),
        attendees="党工委书记、各部门负责人",
        decisions=[
            {"text": "执法办7月15日前报送拆违清单", "owner": cast.reporter, "deadline": DUE},
            {"text": "", "owner": None, "deadline": None},  # an empty row is no decision
        ],
    )


def test_only_the_office_or_leader_records_meetings(cast, units):
    with pytest.raises(PermissionRefused):
        meeting_record(actor=cast.reporter, unit=units.street, title="x", held_on=DUE)


def test_a_decision_is_chased_once_before_and_once_after_its_deadline(meeting, cast):
    assert meeting.decisions.count() == 1
    kinds = [a["kind"] for a in supervise_run(today=DUE - dt.timedelta(days=5))]
    assert kinds == ["decision_reminder"]
    assert supervise_run(today=DUE - dt.timedelta(days=4)) == []
    late = supervise_run(today=DUE + dt.timedelta(days=1))
    assert [a["kind"] for a in late] == ["decision_escalation"]
    assert late[0]["recipients"] == ["office", "reporter"]
    assert Notification.objects.filter(recipient=cast.reporter).count() == 2


def test_a_done_decision_is_not_chased(meeting, cast):
    decision = MeetingDecision.objects.get()
    with pytest.raises(PermissionRefused):
        meeting_decision_done(decision=decision, actor=cast.party_reporter)
    meeting_decision_done(decision=decision, actor=cast.reporter)
    assert supervise_run(today=DUE + dt.timedelta(days=1)) == []


def test_the_register_feeds_the_notice_only_when_it_holds_talks(cast, units, inspection):
    from rectify.notices.content import notice_for
    from rectify.supervision.services import discipline_record_create

    inspection.feedback_date = dt.date(2026, 1, 10)
    inspection.save()
    today = dt.date(2026, 6, 30)
    assert "谈话提醒" not in notice_for(inspection=inspection, today=today).summary
    for day in (dt.date(2026, 3, 1), dt.date(2026, 4, 2), dt.date(2025, 12, 1)):
        discipline_record_create(
            actor=cast.discipline, unit=units.street, step="reminder", held_on=day,
            reason="进度滞后", subject=cast.reporter,
        )  # fmt: skip
    summary = notice_for(inspection=inspection, today=today).summary
    assert "纪检监察机构开展谈话提醒、约谈2人次" in summary  # the 2025 talk is before feedback
