"""The notice counted as of a past date, from dated records (issue 9, item 6).

One round, fed back on 2024-01-10, whose records straddle 2024-03-31: a problem entered in
May, a measure signed off in March and one in April, a deadline moved in April, a measure
withdrawn in April, an indicator reported in March and again in April, and one status that
no recorded change explains. Counted as of 2024-03-31 the notice says what was true then.
"""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding
from rectify.measures.enums import Decision, ExtensionStatus, MeasureStatus
from rectify.measures.models import (
    DeadlineExtension,
    IndicatorValue,
    Measure,
    MeasureEvent,
    ProgressReport,
    SignOff,
)
from rectify.notices.checks import check_draft
from rectify.notices.generate import notice_generate
from rectify.reports.as_of import inspection_stats_as_of
from rectify.reports.selectors import inspection_stats
from tests.factories import FindingFactory, IndicatorFactory, MeasureFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2024, 3, 31)


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day}T10:00"))


def _event(measure, day, before, after, actor, transition="start"):
    event = MeasureEvent.objects.create(
        measure=measure, transition=transition, from_status=before, to_status=after, actor=actor
    )
    MeasureEvent.objects.filter(pk=event.pk).update(at=_at(day))


def _backdate(model, obj, day):
    model.objects.filter(pk=obj.pk).update(created_at=_at(day))


@pytest.fixture
def history(cast, units, inspection):
    S = MeasureStatus
    inspection.feedback_date = dt.date(2024, 1, 10)
    inspection.save()
    p1 = FindingFactory(inspection=inspection, kind=FindingKind.PROBLEM, title="学习不深入")
    p2 = FindingFactory(inspection=inspection, kind=FindingKind.PROBLEM, title="监督不到位")
    p3 = FindingFactory(inspection=inspection, kind=FindingKind.PROBLEM, title="五月新增问题")
    for finding, day in ((p1, "2024-01-15"), (p2, "2024-01-15"), (p3, "2024-05-01")):
        _backdate(Finding, finding, day)
    m = {}
    specs = [
        ("signed_march", p1, S.SIGNED_OFF, dt.date(2024, 3, 15), "2024-01-20"),
        ("signed_april", p1, S.SIGNED_OFF, dt.date(2024, 4, 30), "2024-01-20"),
        ("moved", p2, S.NOT_STARTED, dt.date(2024, 6, 30), "2024-01-20"),
        ("withdrawn_april", p2, S.WITHDRAWN, None, "2024-01-20"),
        ("undated", p2, S.IN_PROGRESS, dt.date(2024, 12, 31), "2024-01-20"),
        ("may", p3, S.NOT_STARTED, dt.date(2024, 12, 31), "2024-05-02"),
    ]
    for key, finding, status, deadline, created in specs:
        m[key] = MeasureFactory(
            finding=finding,
            status=status,
            deadline=deadline,
            lead_department=units.enforcement,
            text=f"措施{key}",
        )
        _backdate(Measure, m[key], created)
    office = cast.office
    _event(m["signed_march"], "2024-02-01", S.NOT_STARTED, S.IN_PROGRESS, office)
    _event(m["signed_march"], "2024-03-10", S.IN_PROGRESS, S.SIGNOFF_REQUESTED, office,
           "request_signoff")  # fmt: skip
    _event(m["signed_march"], "2024-03-20", S.SIGNOFF_REQUESTED, S.SIGNED_OFF, cast.leader,
           "approve_signoff")  # fmt: skip
    SignOff.objects.create(measure=m["signed_march"], requested_by=office, reviewer=cast.leader,
                           decision=Decision.APPROVED, decided_at=_at("2024-03-20"))  # fmt: skip
    _event(m["signed_april"], "2024-02-05", S.NOT_STARTED, S.IN_PROGRESS, office)
    _event(m["signed_april"], "2024-04-15", S.IN_PROGRESS, S.SIGNED_OFF, cast.leader,
           "approve_signoff")  # fmt: skip
    SignOff.objects.create(measure=m["signed_april"], requested_by=office, reviewer=cast.leader,
                           decision=Decision.APPROVED, decided_at=_at("2024-04-15"))  # fmt: skip
    DeadlineExtension.objects.create(
        measure=m["moved"], old_deadline=dt.date(2024, 3, 15), new_deadline=dt.date(2024, 6, 30),
        reason="汛期", requested_by=office, status=ExtensionStatus.APPROVED,
        decided_by=cast.leader, decided_at=_at("2024-04-10"),
    )  # fmt: skip
    _event(m["withdrawn_april"], "2024-04-20", S.NOT_STARTED, S.WITHDRAWN, office, "withdraw")
    indicator = IndicatorFactory(measure=m["signed_april"], target_value=Decimal("68"),
                                 current_value=Decimal("35"))  # fmt: skip
    for day, value in ((dt.date(2024, 3, 1), "20"), (dt.date(2024, 4, 10), "35")):
        report = ProgressReport.objects.create(
            measure=m["signed_april"], report_date=day, text="进展", author=cast.reporter
        )
        IndicatorValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    IndicatorFactory(measure=m["undated"], name="无日期指标", current_value=Decimal("3"))
    return inspection, m


def test_counted_as_of_a_past_date_from_the_dated_records(history):
    inspection, _m = history
    stats = inspection_stats_as_of(inspection=inspection, as_of=AS_OF)
    assert stats["problems"] == 2  # the May problem was not there yet
    figures = stats["measures"]
    assert figures["total"] == 5  # withdrawn in April: still in the plan on 31 March
    assert figures["done"] == 1 and stats["signoffs"] == 1
    assert figures["by_status"]["signed_off"] == 1
    assert figures["by_status"]["in_progress"] == 2  # signed off only in April; the undated one
    assert figures["by_status"]["not_started"] == 2
    assert figures["overdue"] == 1  # due 15 March then, moved to June only in April
    assert figures["extended"] == 0
    values = {row["name"]: row["value"] for row in stats["indicators"]}
    assert values == {"历史违建": Decimal("20"), "无日期指标": None}
    assert stats["undated"] == {"statuses": 1, "indicators": 1, "entered_later": 2}

    today = inspection_stats(inspection=inspection, today=dt.date(2024, 5, 10))
    assert today["problems"] == 3 and today["measures"]["total"] == 5
    assert today["measures"]["done"] == 2

    later = inspection_stats_as_of(inspection=inspection, as_of=dt.date(2024, 5, 10))
    assert later["measures"]["total"] == 5 and later["measures"]["done"] == 2
    assert later["measures"]["extended"] == 1 and later["measures"]["overdue"] == 0


def test_the_notice_says_what_was_true_that_day(history):
    inspection, _m = history
    text = notice_generate(inspection=inspection, fmt="txt", as_of=AS_OF).content.decode()
    assert "截至2024年3月31日，巡察反馈问题2个、整改措施5项、已完成1项。" in text
    assert "五月新增问题" not in text and "措施may" not in text
    assert "措施withdrawn_april" in text
    current = notice_generate(inspection=inspection, fmt="txt").content.decode()
    assert "五月新增问题" in current and "措施withdrawn_april" not in current
    codes = [i.code for i in check_draft(text, inspection=inspection, as_of=AS_OF)]
    assert codes.count("undated_records") == 3
    assert "ledger_mismatch" not in codes  # the text agrees with the ledger of that day


def test_the_command_and_the_page_take_the_date(client, cast, history):
    inspection, _m = history
    out = io.StringIO()
    call_command("notice", str(inspection.pk), "--as-of", "2024-03-31", stdout=out)
    assert "截至2024年3月31日，巡察反馈问题2个、整改措施5项、已完成1项。" in out.getvalue()
    with pytest.raises(CommandError, match="as-of"):
        call_command("notice", str(inspection.pk), "--as-of", "2024-13-01", stdout=io.StringIO())
    client.force_login(cast.office)
    url = reverse("notices:notice", args=[inspection.pk])
    page = client.get(url, {"as_of": "2024-03-31"}).content.decode()
    assert "截至2024年3月31日，巡察反馈问题2个" in page
    assert "项措施的状态没有变更记录" in page  # what had no date is said
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    page = client.get(url, {"as_of": future}).content.decode()
    assert "不能晚于今天" in page
    docx = client.get(url, {"as_of": "2024-03-31", "format": "txt"})
    assert "整改措施5项" in docx.content.decode()
