"""The dashboards' figures equal the ledger's selectors; each panel downloads as .csv/.xlsx;
the district view ranks only the units the user's rounds cover."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from rectify.insights import dashboards
from rectify.measures.enums import MeasureStatus
from rectify.measures.lights import light_totals
from rectify.measures.selectors import measure_list_for
from rectify.reports.selectors import measures_by_department, stats_for

from ..factories import FindingFactory, InspectionFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(inspection, units):
    finding = FindingFactory(inspection=inspection)
    for status in [MeasureStatus.SIGNED_OFF] * 2 + [MeasureStatus.IN_PROGRESS] * 3:
        MeasureFactory(finding=finding, lead_department=units.enforcement, status=status)
    MeasureFactory(finding=finding, lead_department=units.party, overdue=True)
    return inspection


def test_inspection_dashboard_numbers_equal_the_ledger(ledger, cast):
    today = timezone.localdate()
    panels = {
        p.key: p
        for p in dashboards.inspection_dashboard(user=cast.office, inspection=ledger, today=today)
    }
    ledger_rows = measures_by_department(inspection=ledger, today=today)
    assert [[r["department"], r["done"], r["open"], r["overdue"]] for r in ledger_rows] == (
        panels["departments"].rows
    )
    stats = stats_for(inspections=[ledger], today=today)[0]["measures"]
    assert sum(r[1] + r[2] for r in panels["departments"].rows) == stats["total"]
    lights = light_totals(measure_list_for(user=cast.office).filter(inspection=ledger), today=today)
    assert [r[1] for r in panels["lights"].rows] == list(lights.values())
    assert panels["burnup"].rows[-1][2] == stats["total"]


def test_district_ranks_units_with_the_ledger_figures(ledger, units, cast):
    other = InspectionFactory(
        inspected_unit=units.other_street, inspecting_unit=units.inspection_office
    )
    MeasureFactory(finding=FindingFactory(inspection=other), status=MeasureStatus.SIGNED_OFF)
    today = timezone.localdate()
    rows = dashboards.district_rows(user=cast.reviewer, today=today)
    assert [r["name"] for r in rows] == ["海幢街道", "南华西街道"]  # lowest completion first
    stats = stats_for(inspections=[ledger], today=today)[0]["measures"]
    assert (rows[0]["total"], rows[0]["done"], rows[0]["overdue"]) == (
        stats["total"],
        stats["done"],
        stats["overdue"],
    )
    # The street's office sees its own unit only.
    assert [r["name"] for r in dashboards.district_rows(user=cast.office, today=today)] == [
        "海幢街道"
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_panel_downloads(ledger, cast, client, fmt):
    client.force_login(cast.office)
    url = reverse("insights:dashboard", args=[ledger.pk])
    response = client.get(url, {"panel": "departments", "format": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[1].startswith("执法办,2,3,")
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert [c.value for c in sheet[2]][:3] == ["执法办", 2, 3]
    assert client.get(url, {"panel": "nope", "format": fmt}).status_code == 404


def test_dashboard_pages_render_charts_and_tables(ledger, cast, client):
    client.force_login(cast.leader)
    for url in (
        reverse("insights:dashboard", args=[ledger.pk]),
        reverse("insights:leader"),
        reverse("insights:district"),
        reverse("insights:summary", args=[ledger.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert b"<table" in page.content
    page = client.get(reverse("insights:dashboard", args=[ledger.pk])).content.decode()
    assert page.count('data-chart="data"') >= 5 and 'type="application/json"' in page


def test_whole_round_figures_only_for_readers_of_the_whole_round(ledger, cast, client):
    """The leader and district figures count whole rounds: right for the unit's leader and
    office and the inspecting body's reviewers, who read every measure of them; a department
    that reads only its own measures of a round gets no figures of that round."""
    today = timezone.localdate()
    for whole in (cast.office, cast.leader, cast.reviewer):
        assert [r["total"] for r in dashboards.district_rows(user=whole, today=today)] == [6]
    for part in (cast.reporter, cast.dept_head, cast.party_reporter):
        assert dashboards.district_rows(user=part, today=today) == []
        rounds, _waiting, lights = dashboards.leader_dashboard(user=part, today=today)[0]
        assert rounds.rows == [] and sum(r[1] for r in lights.rows) == 0
        client.force_login(part)
        for name in ("insights:leader", "insights:district"):
            assert client.get(reverse(name)).status_code == 200
