"""The leader and district dashboards read each round's kept figures (`InspectionFigures`,
computed again by the job `insights.figures`): the kept numbers equal the ledger's
selectors, the pages show their age, and they cost the same statements at any size."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from rectify.audit.models import AuditEntry
from rectify.insights import dashboards, figures
from rectify.insights.models import InspectionFigures
from rectify.insights.selectors import formalism_flags, recurrences
from rectify.jobs.registry import schedules
from rectify.measures.enums import Light, MeasureStatus
from rectify.measures.lights import light_totals
from rectify.measures.models import Measure, MeasureEvent
from rectify.reports.selectors import stats_for

from ..factories import FindingFactory, InspectionFactory, MeasureFactory, ProgressReportFactory
from .test_rounds_and_reuse import two_rounds  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
COPIED = "截至6月底，已完成辖区内历史违建拆除35宗，拆除面积约4200平方米，剩余33宗计划年底前完成。"


@pytest.fixture
def city(two_rounds, units, cast):  # noqa: F811
    """Two rounds of the street (one recurrence), a copied progress report, a reopened
    measure, an overdue one, and a round of another street."""
    inspection = two_rounds["inspection"]
    finding = FindingFactory(inspection=inspection, title="违建整治不力")
    a, b = (MeasureFactory(finding=finding, status=MeasureStatus.IN_PROGRESS) for _ in "ab")
    ProgressReportFactory(measure=a, text=COPIED)
    ProgressReportFactory(measure=b, text=COPIED.replace("35", "36"))
    MeasureFactory(finding=finding, overdue=True)
    MeasureEvent.objects.create(
        measure=a,
        transition="reopen",
        from_status="signed_off",
        to_status="in_progress",
        actor=cast.leader,
    )
    other = InspectionFactory(
        inspected_unit=units.other_street, inspecting_unit=units.inspection_office
    )
    MeasureFactory(finding=FindingFactory(inspection=other), status=MeasureStatus.SIGNED_OFF)
    return two_rounds


def _ledger_by_unit(user, today) -> dict[str, dict]:
    """What the district rows must say, from the ledger's selectors directly."""
    from rectify.measures.selectors import inspection_list_for

    rows: dict[str, dict] = defaultdict(Counter)
    for inspection in inspection_list_for(user=user):
        measures = Measure.objects.filter(inspection=inspection)
        stats = stats_for(inspections=[inspection], today=today)[0]["measures"]
        row = rows[str(inspection.inspected_unit)]
        row.update(
            total=stats["total"],
            done=stats["done"],
            overdue=stats["overdue"],
            formalism=len(formalism_flags(measures=measures)),
            recurrence=len(recurrences(measures=measures)),
            reopened=MeasureEvent.objects.filter(measure__in=measures, transition="reopen")
            .values("measure_id")
            .distinct()
            .count(),
        )
        lights = row.setdefault("lights", dict.fromkeys(Light.values, 0))
        for light, n in light_totals(measures, today=today).items():
            lights[light] += n
    return rows


KEYS = ("total", "done", "overdue", "formalism", "recurrence", "reopened")


def test_the_kept_figures_equal_the_ledgers_selectors(city, cast):
    today = timezone.localdate()
    live = dashboards.district_rows(user=cast.reviewer, today=today)  # nothing kept yet
    assert figures.refresh(today=today) == InspectionFigures.objects.count() == 3
    kept = dashboards.district_rows(user=cast.reviewer, today=today)
    assert kept == live
    ledger = _ledger_by_unit(cast.reviewer, today)
    for row in kept:
        assert {k: row[k] for k in KEYS} == {k: ledger[row["name"]][k] for k in KEYS}
    street = next(r for r in kept if r["name"] == str(city["units"].street))
    assert street["formalism"] >= 2 and street["recurrence"] == 1 and street["reopened"] == 1
    panels, as_of = dashboards.leader_dashboard(user=cast.leader, today=today)
    lights = {p.key: p for p in panels}["lights"]
    expected = _ledger_by_unit(cast.leader, today)[str(city["units"].street)]["lights"]
    assert [row[1] for row in lights.rows] == [expected[k] for k in Light.values]
    assert as_of is not None


def test_figures_kept_again_change_only_what_changed_and_are_audited(city, cast):
    today = timezone.localdate()
    assert figures.refresh(today=today) == 3
    assert figures.refresh(today=today) == 0  # nothing changed: nothing logged
    assert AuditEntry.objects.filter(code="insights.figures_kept").count() == 1
    Measure.objects.filter(inspection=city["inspection"]).update(status=MeasureStatus.SIGNED_OFF)
    assert figures.refresh(today=today) == 1
    assert schedules()["insights.figures"].when.interval == dt.timedelta(minutes=30)


def test_the_pages_show_the_age_of_the_figures(city, cast, client):
    figures.refresh(today=timezone.localdate())
    InspectionFigures.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=12))
    client.force_login(cast.leader)
    with translation.override("zh-hans"):
        for name in ("insights:leader", "insights:district"):
            page = client.get(reverse(name)).content.decode()
            assert "12 分钟前" in page and "data-figures-age" in page


def _statements(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_dashboards_cost_the_same_statements_at_two_sizes(city, cast, client, units):
    figures.refresh(today=timezone.localdate())
    client.force_login(cast.reviewer)
    urls = [reverse("insights:leader"), reverse("insights:district")]
    for url in urls:
        client.get(url)  # the session stamped
    small = [_statements(client, url) for url in urls]
    for n in range(4):  # more rounds, findings and measures
        round_ = InspectionFactory(
            inspected_unit=units.other_street, inspecting_unit=units.inspection_office
        )
        for _ in range(3):
            MeasureFactory(finding=FindingFactory(inspection=round_, title=f"问题{n}"))
    figures.refresh(today=timezone.localdate())
    assert [_statements(client, url) for url in urls] == small
