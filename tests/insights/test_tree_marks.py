"""反弹 / 屡改屡犯 on the inspection page's tree: a finding an earlier round of the unit already
had is marked with a link to the earlier finding and who signed it off; the earlier finding
shows the later one. insights answers reports' `finding_marks` hook (reports never imports
insights); the Python-built tree and the template show the same marks."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from rectify.audit.models import AuditEntry
from rectify.insights.models import FindingMatch
from rectify.insights.services import finding_matches_refresh
from rectify.reports.marks import marks_for

from ..factories import FindingFactory, InspectionFactory, MeasureFactory
from ..reports.test_tree_html import _both
from .test_rounds_and_reuse import two_rounds  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(two_rounds):  # noqa: F811
    """The two rounds, matched as the hourly job (or an import) would match them."""
    assert finding_matches_refresh() == 1
    return two_rounds


def _page(client, user, inspection) -> str:
    client.force_login(user)
    with translation.override("zh-hans"):
        response = client.get(f"/inspections/{inspection.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_later_finding_is_marked_rebound_with_the_earlier_one_and_its_reviewer(
    client, cast, matched
):
    r = matched
    page = _page(client, cast.leader, r["inspection"])
    assert page.count("badge--recurrence") == 2  # the badge in the summary and in the body
    assert "反弹" in page
    assert f'href="/inspections/{r["earlier"].pk}/#finding-{r["old"].pk}"' in page
    assert "上一轮巡察" in page and str(cast.leader.display_name or cast.leader.username) in page
    marks = marks_for(inspection=r["inspection"], user=cast.leader)
    assert set(marks) == {r["new"].pk}  # the unrelated finding has none


def test_the_earlier_finding_shows_the_later_one(client, cast, matched):
    r = matched
    page = _page(client, cast.leader, r["earlier"])
    assert "再次发现" in page
    assert f'href="/inspections/{r["inspection"].pk}/#finding-{r["new"].pk}"' in page
    assert set(marks_for(inspection=r["earlier"], user=cast.leader)) == {r["old"].pk}


def test_a_recurrence_not_signed_off_is_recurring_not_rebound(cast, matched):
    r = matched
    r["old_measure"].signoffs.all().delete()
    type(r["old_measure"]).objects.filter(pk=r["old_measure"].pk).update(status="in_progress")
    with translation.override("zh-hans"):
        (mark,) = marks_for(inspection=r["inspection"], user=cast.leader)[r["new"].pk]
    assert mark.label == "屡改屡犯" and "销号" not in mark.text


def test_the_python_tree_shows_the_marks_as_the_template_would(client, cast, matched):
    built, template, _page_html = _both(client, cast.leader, matched["inspection"])
    assert built == template
    assert len(re.findall("node__mark\\b", built)) == 1


def test_the_marks_cost_a_constant_number_of_statements(client, cast, matched, units):
    r = matched
    client.force_login(cast.leader)
    client.get(f"/inspections/{r['inspection'].pk}/")  # the first request stamps the session

    def statements() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/inspections/{r['inspection'].pk}/").status_code == 200
        return len(queries)

    few = statements()
    third = InspectionFactory(inspected_unit=units.street, title="再上一轮")
    for n in range(6):  # more rounds and findings, some recurring
        FindingFactory(inspection=third, title=f"违规发放津贴补贴问题{n}，发放补贴{n}万元。")
        MeasureFactory(finding=FindingFactory(inspection=r["inspection"], title=f"问题{n}"))
    assert finding_matches_refresh() > 0
    assert statements() == few


def test_matching_again_changes_only_what_changed_and_is_audited(cast, two_rounds):  # noqa: F811
    assert finding_matches_refresh() == 1
    assert finding_matches_refresh() == 0  # nothing new: nothing written, nothing logged
    assert AuditEntry.objects.filter(code="insights.matches_refreshed").count() == 1
    new = two_rounds["new"]
    new.title = "选人用人程序不规范。"
    new.save()
    assert finding_matches_refresh(units=[two_rounds["units"].street.pk]) == 1
    assert not FindingMatch.objects.exists()


def test_the_job_is_declared_hourly_and_an_import_matches_a_unit_with_earlier_rounds(
    cast, units, seed_bytes
):
    import datetime as dt

    from rectify.imports.importer import notice_import
    from rectify.jobs.models import Job
    from rectify.jobs.registry import schedules

    assert schedules()["insights.finding_matches"].when.interval == dt.timedelta(hours=1)
    InspectionFactory(inspected_unit=units.street, feedback_date=dt.date(2020, 5, 1))
    notice_import(path_or_bytes=seed_bytes, filename="seed.txt", actor=cast.office)
    job = Job.objects.get(task_path__endswith="finding_matches_task")
    assert job.kwargs == {"units": [units.street.pk]}


def test_the_measure_page_names_the_kept_match_as_the_live_matching_does(client, cast, matched):
    """measure_recurrence reads the kept FindingMatch: the same recurrence the unit's rounds
    give when matched now, with the earlier sign-off and who approved it."""
    from rectify.insights.selectors import measure_recurrence, measures_in_reach, recurrences
    from rectify.measures.models import Measure

    r = matched
    measure = Measure.objects.get(finding=r["new"])
    kept = measure_recurrence(measure)
    live = recurrences(measures=measures_in_reach(user=None, inspection=r["inspection"].pk))
    assert [x.as_json() for x in kept] == [x.as_json() for x in live]
    assert kept[0].signed_off_by == str(cast.leader.display_name or cast.leader.username)
    assert measure_recurrence(Measure.objects.get(finding=r["unrelated"])) == []
    client.force_login(cast.leader)
    with translation.override("zh-hans"):
        page = client.get(f"/measures/{measure.pk}/").content.decode()
    assert f'href="/inspections/{r["earlier"].pk}/#finding-{r["old"].pk}"' in page
