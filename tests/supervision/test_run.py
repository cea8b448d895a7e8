"""The daily supervision run: each act once, reminders only in their window, 督办单 climbing.

Cast: reporter (执法办, the measure's lead department) gets reminders; leader is the unit's
principal leader; office is the street's rectification office.
"""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from rectify.audit.models import AuditEntry
from rectify.core.errors import ValidationFailed
from rectify.supervision.models import Delivery, Notification, SupervisionNotice
from rectify.supervision.services import supervise_run, supervision_notice_reply
from tests.factories import FindingFactory, MeasureFactory, pdf_upload

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2026, 6, 30)


@pytest.fixture
def measure(inspection, units):
    finding = FindingFactory(inspection=inspection)
    return MeasureFactory(
        finding=finding, lead_department=units.enforcement, status="in_progress", deadline=DEADLINE
    )


def day(n: int) -> dt.date:
    """n days before the deadline (negative: after it)."""
    return DEADLINE - dt.timedelta(days=n)


def kinds(actions) -> list[str]:
    return sorted(a["kind"] for a in actions)


def test_over_successive_days_each_act_happens_once(measure, cast):
    assert kinds(supervise_run(today=day(25))) == []
    assert kinds(supervise_run(today=day(20))) == ["notice_blue"]
    assert supervise_run(today=day(20)) == []  # the same day again: nothing
    assert kinds(supervise_run(today=day(10))) == ["notice_yellow"]
    assert kinds(supervise_run(today=day(7))) == ["reminder"]
    assert kinds(supervise_run(today=day(6))) == []
    assert kinds(supervise_run(today=day(-1))) == ["escalation", "notice_red"]
    assert supervise_run(today=day(-2)) == []
    numbers = list(SupervisionNotice.objects.order_by("pk").values_list("number", "colour"))
    assert numbers == [
        ("督办〔2026〕1号", "blue"),
        ("督办〔2026〕2号", "yellow"),
        ("督办〔2026〕3号", "red"),
    ]
    runs = AuditEntry.objects.filter(code="supervision.run").order_by("seq")
    assert [n for run in runs for n, _ in run.after["notices"]] == [
        "督办〔2026〕1号",
        "督办〔2026〕2号",
        "督办〔2026〕3号",
    ]


def test_after_missed_days_what_is_due_happens_once_and_no_reminder_is_sent_late(measure):
    actions = supervise_run(today=day(-3))  # the worker was down for weeks
    assert kinds(actions) == ["escalation", "notice_red"]
    assert "reminder" not in kinds(actions)


def test_recipients_climb_with_the_colour(measure, cast):
    blue = supervise_run(today=day(20))[0]
    assert blue["recipients"] == ["depthead", "reporter"]
    yellow = supervise_run(today=day(10))[0]
    assert "shuji" in yellow["recipients"] or "leader" in yellow["recipients"]
    red = next(a for a in supervise_run(today=day(-1)) if a["kind"] == "notice_red")
    assert red["recipients"] == [cast.leader.username]


def test_an_unanswered_notice_climbs_and_an_answered_one_does_not(measure, cast):
    supervise_run(today=day(20))
    blue = SupervisionNotice.objects.get()
    assert kinds(supervise_run(today=day(14))) == ["notice_yellow"]  # blue unanswered past due
    yellow = SupervisionNotice.objects.get(colour="yellow")
    with pytest.raises(ValidationFailed):  # a reply comes with its evidence
        supervision_notice_reply(notice=yellow, actor=cast.reporter, reply="已加快推进。")
    supervision_notice_reply(
        notice=yellow, actor=cast.reporter, reply="已加快推进，月底前完成。", files=[pdf_upload()]
    )
    yellow.refresh_from_db()
    assert yellow.reply_report.evidence.count() == 1  # the reply is a report with evidence
    assert kinds(supervise_run(today=day(12))) == []
    assert blue.pk != yellow.pk


def test_messages_land_in_the_inbox_with_a_delivery_log(measure, cast):
    supervise_run(today=day(7))
    notes = Notification.objects.filter(recipient=cast.reporter, kind="reminder")
    assert notes.count() == 1 and "即将到期" in notes.get().title
    assert Notification.objects.filter(kind="reminder").count() == 2  # reporter, dept head
    assert set(Delivery.objects.values_list("channel", "status")) == {("inapp", "sent")}


def test_dry_run_writes_nothing(measure):
    assert kinds(supervise_run(today=day(7), dry_run=True)) == ["notice_yellow", "reminder"]
    assert not Notification.objects.exists() and not SupervisionNotice.objects.exists()


def test_the_command_prints_json_and_a_second_run_prints_no_action(measure):
    out = io.StringIO()
    call_command("supervise", "--today", day(7).isoformat(), "--format", "json", stdout=out)
    first = json.loads(out.getvalue())
    assert first["today"] == "2026-06-23"
    assert {a["kind"] for a in first["actions"]} == {"reminder", "notice_yellow"}
    assert all(isinstance(a["measure"], int) for a in first["actions"])
    out = io.StringIO()
    call_command("supervise", "--today", day(7).isoformat(), "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["actions"] == []


def test_a_silent_measure_is_flagged_once_per_silence(inspection, units, cast):
    far = dt.date(2027, 6, 30)
    quiet = MeasureFactory(
        finding=FindingFactory(inspection=inspection),
        lead_department=units.enforcement,
        status="in_progress",
        deadline=far,
    )
    quiet.created_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    quiet.save(update_fields=["created_at"])
    assert kinds(supervise_run(today=dt.date(2026, 2, 4))) == []  # 30 days: not yet
    assert kinds(supervise_run(today=dt.date(2026, 2, 5))) == ["stale"]
    assert supervise_run(today=dt.date(2026, 2, 20)) == []  # the same silence: once
    from rectify.measures.models import ProgressReport

    ProgressReport.objects.create(
        measure=quiet, report_date=dt.date(2026, 2, 21), text="进展", author=cast.reporter
    )
    assert kinds(supervise_run(today=dt.date(2026, 3, 24))) == ["stale"]  # a new silence
