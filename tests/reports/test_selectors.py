"""Ledger statistics on a small hand-built tree, and query counts that do not grow."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Inspection
from rectify.measures.enums import ExtensionStatus, MeasureKind, MeasureStatus
from rectify.reports.selectors import finding_counts, inspection_stats, stats_for
from tests.factories import (
    DeadlineExtensionFactory,
    FindingFactory,
    InspectionFactory,
    MeasureFactory,
)

TODAY = dt.date(2024, 6, 1)
PAST = TODAY - dt.timedelta(days=10)
FUTURE = TODAY + dt.timedelta(days=10)


@pytest.fixture
def tree(cast, units, inspection):
    """第一方面 → （一） 3 measures, （二） none;
    第二方面 → （三） → 1. with 2 measures, 2. with 1."""

    def finding(kind, parent=None, **kw):
        return FindingFactory(inspection=inspection, kind=kind, parent=parent, **kw)

    t = SimpleNamespace()
    t.a1 = finding(FindingKind.ASPECT, position=1)
    t.p1 = finding(FindingKind.PROBLEM, t.a1, position=1)
    t.p2 = finding(FindingKind.PROBLEM, t.a1, position=2)
    t.a2 = finding(FindingKind.ASPECT, position=2)
    t.p3 = finding(FindingKind.PROBLEM, t.a2, position=1)
    t.i1 = finding(FindingKind.ITEM, t.p3, position=1)
    t.i2 = finding(FindingKind.ITEM, t.p3, position=2)

    def measure(finding, status, deadline, **kw):
        kw.setdefault("lead_department", units.enforcement)
        return MeasureFactory(finding=finding, status=status, deadline=deadline, **kw)

    t.done = measure(t.p1, MeasureStatus.SIGNED_OFF, PAST)
    t.late = measure(t.p1, MeasureStatus.IN_PROGRESS, PAST)
    t.orphan = measure(t.p1, MeasureStatus.NOT_STARTED, None, lead_department=None)
    t.lasting = measure(t.i1, MeasureStatus.LONG_TERM, None, kind=MeasureKind.LONG_TERM)
    t.reviewing = measure(t.i1, MeasureStatus.SIGNOFF_REQUESTED, PAST)
    t.returned = measure(t.i2, MeasureStatus.RETURNED, FUTURE, responsible_person=cast.reporter)
    # Deadline history: one approved, one set by the office, one still pending (not counted).
    DeadlineExtensionFactory(measure=t.returned, approved=True, requested_by=cast.reporter)
    DeadlineExtensionFactory(
        measure=t.returned, status=ExtensionStatus.REFUSED, requested_by=cast.reporter
    )
    DeadlineExtensionFactory(
        measure=t.late, status=ExtensionStatus.SET_DIRECTLY, requested_by=cast.office
    )
    DeadlineExtensionFactory(measure=t.done, requested_by=cast.reporter)
    return t


def test_inspection_stats_figures(tree, inspection):
    stats = inspection_stats(inspection=inspection, today=TODAY)

    assert stats["id"] == inspection.pk
    assert stats["inspected_unit"] == "海幢街道"
    assert stats["feedback_date"] == "2023-01-16"
    assert (stats["aspects"], stats["problems"], stats["findings"]) == (2, 3, 7)
    assert stats["findings_with_measures"] == 3  # （一）, 1., 2.
    assert stats["findings_without_measures"] == 1  # （二）: a leaf with nothing planned
    measures = stats["measures"]
    assert measures["total"] == 6
    assert measures["by_status"] == {
        "not_started": 1,
        "in_progress": 1,
        "signoff_requested": 1,
        "signed_off": 1,
        "returned": 1,
        "long_term": 1,
    }
    # Under review past its deadline is not overdue; signed off is never overdue.
    assert measures["overdue"] == 1
    assert (measures["done"], measures["open"], measures["done_rate"]) == (1, 5, 16.7)
    assert measures["no_owner"] == 1
    assert measures["no_deadline"] == 1  # long-term without a deadline is fine
    # Measures whose deadline moved: approved extension or set by the office (not pending).
    assert measures["extended"] == 2


def test_inspection_stats_of_an_empty_inspection(inspection):
    stats = inspection_stats(inspection=inspection, today=TODAY)
    assert stats["findings"] == 0
    assert stats["measures"]["total"] == 0
    assert stats["measures"]["done_rate"] == 0.0
    assert set(stats["measures"]["by_status"].values()) == {0}


def test_finding_counts_roll_up_to_ancestors(tree, inspection):
    counts = finding_counts(inspection=inspection, today=TODAY)

    assert (counts[tree.p1.pk].total, counts[tree.p1.pk].overdue, counts[tree.p1.pk].done) == (
        3,
        1,
        1,
    )
    assert counts[tree.a1.pk].total == 3
    assert tree.p2.pk not in counts
    assert counts[tree.i1.pk].by_status == {"long_term": 1, "signoff_requested": 1}
    assert counts[tree.i2.pk].total == 1
    assert counts[tree.p3.pk].total == counts[tree.a2.pk].total == 3
    assert counts[tree.a2.pk].by_status[MeasureStatus.RETURNED] == 1
    assert counts[tree.a2.pk].overdue == 0
    assert sum(counts[aspect.pk].total for aspect in (tree.a1, tree.a2)) == 6


def build(inspection, units, n: int) -> None:
    parent = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT)
    statuses = [s for s in MeasureStatus if s != MeasureStatus.WITHDRAWN]  # counted ones
    for i in range(n):
        finding = FindingFactory(inspection=inspection, parent=parent)
        measure = MeasureFactory(
            finding=finding,
            status=statuses[i % len(statuses)],
            deadline=PAST if i % 2 else None,
            lead_department=units.enforcement if i % 3 else None,
        )
        if i % 4 == 0:
            DeadlineExtensionFactory(measure=measure, approved=True)


def queries_of(selector, inspection) -> int:
    fresh = Inspection.objects.select_related("inspected_unit").get(pk=inspection.pk)
    with CaptureQueriesContext(connection) as context:
        selector(inspection=fresh, today=TODAY)
    return len(context.captured_queries)


@pytest.mark.parametrize(("selector", "at_most"), [(inspection_stats, 7), (finding_counts, 2)])
def test_queries_do_not_grow_with_the_number_of_measures(units, inspection, selector, at_most):
    build(inspection, units, 5)
    with_5 = queries_of(selector, inspection)
    build(inspection, units, 45)
    with_50 = queries_of(selector, inspection)

    assert with_50 == with_5 <= at_most
    assert inspection_stats(inspection=inspection, today=TODAY)["measures"]["total"] == 50


def test_stats_of_many_inspections_cost_what_one_costs(units, inspection):
    others = [InspectionFactory(inspected_unit=units.street) for _ in range(3)]
    for each in [inspection, *others]:
        build(each, units, 3)
    rounds = list(Inspection.objects.select_related("inspected_unit").order_by("pk"))

    with CaptureQueriesContext(connection) as one:
        stats_for(inspections=rounds[:1], today=TODAY)
    with CaptureQueriesContext(connection) as four:
        stats = stats_for(inspections=rounds, today=TODAY)

    assert len(four.captured_queries) == len(one.captured_queries)
    assert [s["id"] for s in stats] == [r.pk for r in rounds]
    assert [s["measures"]["total"] for s in stats] == [3, 3, 3, 3]
