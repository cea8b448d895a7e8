"""A round's copy and photo checks are computed once and kept while the round is unchanged;
a new or changed report is seen at once; a report pasted under many measures is one note."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rectify.insights import formalism as f
from rectify.insights import rounds
from rectify.insights.selectors import measure_formalism
from rectify.insights.tasks import round_checks_task
from rectify.jobs.models import Job
from rectify.measures.models import Measure
from rectify.measures.services.progress import progress_report_submit

from ..factories import FindingFactory, MeasureFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

PASTED = "截至6月底，已对辖区内68宗历史违建逐宗建立台账，完成拆除35宗，剩余33宗已制定分类处置方案。"
OTHER = "6月12日联合城管、规划部门对滨江路沿线开展违建专项整治行动，拆除临街搭建的铁皮棚12处。"


@pytest.fixture
def round_of_copies(inspection, units):
    finding = FindingFactory(inspection=inspection)
    measures = [
        MeasureFactory(finding=finding, lead_department=units.enforcement) for _ in range(5)
    ]
    for m in measures:
        ProgressReportFactory(measure=m, text=PASTED)
    return measures


def copies(measure):
    fresh = Measure.objects.get(pk=measure.pk)  # no answer remembered on the instance
    return [x for x in measure_formalism(fresh) if x.reason == f.COPIED_REPORT]


def test_kept_checks_are_read_back_without_computing_again(round_of_copies, monkeypatch):
    first = copies(round_of_copies[0])
    assert len(first) == 4  # the pasted report, named under each of the other four measures
    monkeypatch.setattr(rounds, "_compute", lambda _id: pytest.fail("computed again"))
    assert copies(round_of_copies[0]) == first
    assert len(copies(round_of_copies[3])) == 1  # paired with the first of the copies


def test_a_new_report_is_seen_at_once(round_of_copies, inspection, units):
    assert copies(round_of_copies[0])
    finding = FindingFactory(inspection=inspection)
    late = MeasureFactory(finding=finding, lead_department=units.enforcement)
    report = ProgressReportFactory(measure=late, text=PASTED)
    assert {x.other_report for x in copies(late)} == {
        round_of_copies[0].reports.get().pk
    } and copies(late)[0].report == report.pk


def test_a_changed_report_is_seen_at_once(round_of_copies):
    assert copies(round_of_copies[1])
    report = round_of_copies[1].reports.get()
    report.text = OTHER
    report.save()
    assert copies(round_of_copies[1]) == []


def test_the_page_groups_a_pasted_report_into_one_note(round_of_copies, cast, client):
    client.force_login(cast.leader)
    page = client.get(reverse("measures:detail", args=[round_of_copies[0].pk])).content.decode()
    assert page.count("进展内容雷同") == 1
    assert "另有 3 处" in page


def test_the_page_reads_kept_checks_without_reading_the_rounds_reports(
    round_of_copies, cast, client
):
    client.force_login(cast.leader)
    url = reverse("measures:detail", args=[round_of_copies[0].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as seen:
        client.get(url)
    whole_round = [
        q["sql"]
        for q in seen.captured_queries
        if '"measures_progressreport"."text"' in q["sql"]
        and "evidence_count" in q["sql"]
        and '"measures_measure"."inspection_id" =' in q["sql"]
    ]
    assert whole_round == []


def test_a_report_warms_its_round_in_the_background_once(round_of_copies, cast):
    measure = round_of_copies[0]
    progress_report_submit(measure=measure, actor=cast.reporter, text=OTHER)
    progress_report_submit(measure=measure, actor=cast.reporter, text=PASTED)
    queued = Job.objects.filter(task_path=round_checks_task.module_path)
    assert queued.count() == 1 and queued.get().args == [measure.inspection_id]
    assert round_checks_task.call(measure.inspection_id) == 5
