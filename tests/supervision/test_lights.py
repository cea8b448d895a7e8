"""Warning lights: computed in the database, with their reason, rolled up the tree, scoped."""

import datetime as dt

import pytest

from rectify.inspections.models import Thresholds
from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.lights import light_totals, light_tree, with_lights, worst
from rectify.measures.marks import notice_due_mark
from rectify.measures.models import MeasureEvent, ProgressReport
from rectify.measures.selectors import measure_list_for
from rectify.supervision.models import SupervisionNotice
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def light_of(measure, today=TODAY):
    row = with_lights(type(measure).objects.filter(pk=measure.pk), today=today).get()
    return row.light, row.light_reason


@pytest.fixture
def finding(inspection):
    return FindingFactory(inspection=inspection)


def make(finding, **kw):
    measure = MeasureFactory(finding=finding, **kw)
    ProgressReport.objects.filter(measure=measure).delete()
    return measure


def test_each_light_and_its_reason(finding, cast):
    far = TODAY + dt.timedelta(days=60)
    cases = {
        make(finding, status=MeasureStatus.SIGNED_OFF, deadline=far): ("blue", "signed_off"),
        make(finding, status=MeasureStatus.LONG_TERM, kind=MeasureKind.LONG_TERM, deadline=None):
            ("grey", "long_term"),
        make(finding, status=MeasureStatus.IN_PROGRESS, deadline=TODAY - dt.timedelta(days=1)):
            ("red", "overdue"),
        make(finding, status=MeasureStatus.IN_PROGRESS, deadline=TODAY + dt.timedelta(days=3)):
            ("yellow", "deadline_near"),
        make(finding, status=MeasureStatus.SIGNOFF_REQUESTED,
             deadline=TODAY + dt.timedelta(days=3)): ("green", "on_track"),
    }  # fmt: skip
    for measure, expected in cases.items():
        measure.created_at = dt.datetime(2026, 5, 20, tzinfo=dt.UTC)
        measure.save(update_fields=["created_at"])
        assert light_of(measure) == expected, measure.status


def test_returned_twice_and_unanswered_notice_are_red(finding, cast):
    far = TODAY + dt.timedelta(days=60)
    twice = make(finding, status=MeasureStatus.IN_PROGRESS, deadline=far)
    for _ in range(2):
        MeasureEvent.objects.create(
            measure=twice, transition="return_signoff", from_status="signoff_requested",
            to_status="returned", actor=cast.leader,
        )  # fmt: skip
    assert light_of(twice) == ("red", "returned_twice")
    quiet = make(finding, status=MeasureStatus.IN_PROGRESS, deadline=far)
    SupervisionNotice.objects.create(
        number="督办〔2026〕1号", measure=quiet, colour="blue",
        issued_on=TODAY - dt.timedelta(days=9), reply_due=TODAY - dt.timedelta(days=2),
    )  # fmt: skip
    notice_due_mark(measure_ids=[quiet.pk], reply_due=TODAY - dt.timedelta(days=2))
    assert light_of(quiet) == ("red", "notice_unanswered")


def test_no_progress_for_long_is_yellow_with_per_inspection_thresholds(finding, inspection, cast):
    far = TODAY + dt.timedelta(days=60)
    stale = make(finding, status=MeasureStatus.IN_PROGRESS, deadline=far)
    stale.created_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    stale.save(update_fields=["created_at"])
    assert light_of(stale) == ("yellow", "stale")
    Thresholds.objects.create(inspection=inspection, stale_days=120)
    assert light_of(stale) == ("green", "on_track")
    Thresholds.objects.all().delete()
    ProgressReport.objects.create(measure=stale, report_date=TODAY, text="进展", author=cast.office)
    assert light_of(stale) == ("green", "on_track")  # progress reported: no longer stale


def test_totals_count_only_what_the_user_may_open(cast, units, inspection):
    mine = FindingFactory(inspection=inspection)
    make(mine, lead_department=units.enforcement, status="in_progress",
         deadline=TODAY - dt.timedelta(days=1))  # fmt: skip
    make(mine, lead_department=units.party, status="in_progress",
         deadline=TODAY - dt.timedelta(days=1))  # fmt: skip
    office = light_totals(measure_list_for(user=cast.office), today=TODAY)
    reporter = light_totals(measure_list_for(user=cast.reporter), today=TODAY)
    assert office["red"] == 2 and reporter["red"] == 1
    assert light_totals(measure_list_for(user=cast.outsider), today=TODAY)["red"] == 0


def test_lights_roll_up_the_tree(cast, inspection):
    aspect = FindingFactory(inspection=inspection, position=1)
    problem = FindingFactory(inspection=inspection, parent=aspect, position=1)
    make(problem, status="in_progress", deadline=TODAY - dt.timedelta(days=5))
    make(aspect, status="signed_off", deadline=TODAY)
    tree = light_tree(measure_list_for(user=cast.office), inspection_id=inspection.pk, today=TODAY)
    assert tree[problem.pk]["red"] == 1
    assert tree[aspect.pk] == {"red": 1, "blue": 1}
    assert worst(tree[aspect.pk]) == "red"
