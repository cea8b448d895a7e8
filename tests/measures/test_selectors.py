"""Measure reads: who sees what, the ledger filters, overdue, and who may act."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.http import Http404
from django.utils import timezone

from rectify.measures.enums import MeasureKind, MeasureStatus
from rectify.measures.models import Measure
from rectify.measures.selectors import (
    measure_filter,
    measure_get_for,
    measure_list_for,
    my_work_for,
)
from tests.factories import FindingFactory, InspectionFactory, MeasureFactory

TODAY = dt.date(2024, 6, 1)

SEES_THE_STREET = ["office", "leader", "discipline", "reviewer"]
SEES_ENFORCEMENT = ["reporter", "dept_head"]
SEES_NOTHING = ["party_reporter", "sysadmin", "outsider"]  # of 执法办's measures


@pytest.fixture
def ledger(cast, units, inspection):
    """A small 台账 of 海幢: 执法办 has four measures, 党建办 one, 南华西 one of its own."""
    parent = FindingFactory(inspection=inspection, title="基层治理方面", kind="aspect")
    buildings = FindingFactory(inspection=inspection, parent=parent, title="违建整治不彻底")
    meetings = FindingFactory(inspection=inspection, parent=parent, title="三会一课不规范")

    def make(finding, **kw):
        return MeasureFactory(finding=finding, **kw)

    m = SimpleNamespace(
        late=make(
            buildings,
            text="拆除违建",
            lead_department=units.enforcement,
            deadline=TODAY - dt.timedelta(days=1),
            status=MeasureStatus.IN_PROGRESS,
            responsible_person=cast.reporter,
        ),
        under_review=make(
            buildings,
            text="建立巡查台账",
            lead_department=units.enforcement,
            deadline=TODAY - dt.timedelta(days=30),
            status=MeasureStatus.SIGNOFF_REQUESTED,
        ),
        done=make(
            buildings,
            text="约谈业主",
            lead_department=units.enforcement,
            deadline=TODAY - dt.timedelta(days=60),
            status=MeasureStatus.SIGNED_OFF,
        ),
        due_today=make(
            buildings,
            text="公示整改结果",
            lead_department=units.enforcement,
            deadline=TODAY,
            status=MeasureStatus.RETURNED,
            responsible_leader=cast.leader,
        ),
        meetings=make(
            meetings,
            text="规范组织生活",
            lead_department=units.party,
            deadline=TODAY + dt.timedelta(days=30),
        ),
        long_term=make(
            meetings,
            text="持续开展党员教育",
            lead_department=units.party,
            kind=MeasureKind.LONG_TERM,
            deadline=None,
            status=MeasureStatus.LONG_TERM,
        ),
    )
    other = InspectionFactory(inspected_unit=units.other_street, title="南华西巡察")
    m.elsewhere = make(FindingFactory(inspection=other), lead_department=None, text="他街措施")
    return m


def pks(qs) -> list[int]:
    return sorted(measure.pk for measure in qs)


# Scoping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", SEES_THE_STREET + SEES_ENFORCEMENT + SEES_NOTHING)
def test_measure_list_is_scoped_for_every_cast_member(cast, ledger, who):
    enforcement = ["late", "under_review", "done", "due_today"]
    party = ["meetings", "long_term"]
    expected = {
        **dict.fromkeys(SEES_THE_STREET, enforcement + party),
        **dict.fromkeys(SEES_ENFORCEMENT, enforcement),
        "party_reporter": party,
        "sysadmin": [],
        "outsider": ["elsewhere"],  # 南华西's own measure, nothing of 海幢
    }[who]
    visible = measure_list_for(user=getattr(cast, who))
    assert pks(visible) == pks([getattr(ledger, name) for name in expected])


def test_co_department_sees_the_measure_once(cast, units, ledger):
    ledger.late.co_departments.add(units.party)
    seen = list(measure_list_for(user=cast.party_reporter))
    assert pks(seen) == pks([ledger.late, ledger.meetings, ledger.long_term])


def test_department_roles_see_their_subtree(cast, units, inspection):
    squad = units.enforcement.children.create(name="城管中队", kind="department")
    measure = MeasureFactory(finding__inspection=inspection, lead_department=squad)
    assert pks(measure_list_for(user=cast.reporter)) == [measure.pk]
    assert pks(measure_list_for(user=cast.party_reporter)) == []


@pytest.mark.parametrize("who", SEES_NOTHING)
def test_measure_out_of_reach_is_a_404(cast, ledger, who):
    with pytest.raises(Http404):
        measure_get_for(user=getattr(cast, who), pk=ledger.late.pk)


def test_measure_get_loads_its_history_in_a_fixed_number_of_queries(
    cast, ledger, django_assert_max_num_queries
):
    with pytest.raises(Http404):
        measure_get_for(user=cast.office, pk=ledger.elsewhere.pk)
    with pytest.raises(Http404):
        measure_get_for(user=cast.office, pk=999_999)
    found = measure_get_for(user=cast.reporter, pk=ledger.late.pk)
    with django_assert_max_num_queries(0):
        assert found.finding.title == "违建整治不彻底"
        assert list(found.reports.all()) == []
        assert list(found.events.all()) == []
        assert list(found.co_departments.all()) == []


def test_my_work(cast, ledger):
    # 执法办: its open measures, nearest deadline first; signed-off work is gone.
    assert list(my_work_for(user=cast.reporter, today=TODAY)) == [
        ledger.under_review,
        ledger.late,
        ledger.due_today,
    ]
    # 党建办: long-term measures stay on the list.
    assert pks(my_work_for(user=cast.party_reporter, today=TODAY)) == pks(
        [ledger.meetings, ledger.long_term]
    )
    # The leader answers for what they are named on.
    assert list(my_work_for(user=cast.leader, today=TODAY)) == [ledger.due_today]
    assert list(my_work_for(user=cast.office, today=TODAY)) == []
    assert list(my_work_for(user=cast.sysadmin, today=TODAY)) == []


# Filters ----------------------------------------------------------------------------------


def filtered(cast, **kw) -> list[int]:
    return pks(measure_filter(measure_list_for(user=cast.office), today=TODAY, **kw))


def test_filter_by_status_and_kind(cast, ledger):
    assert filtered(cast, status=MeasureStatus.SIGNED_OFF) == [ledger.done.pk]
    assert filtered(cast, status=MeasureStatus.RETURNED) == [ledger.due_today.pk]
    assert filtered(cast, kind=MeasureKind.LONG_TERM) == [ledger.long_term.pk]


def test_filter_by_inspection(cast, ledger, inspection):
    assert len(filtered(cast, inspection=inspection.pk)) == 6
    assert filtered(cast, inspection=ledger.elsewhere.finding.inspection_id) == []


def test_filter_by_department_includes_co_departments_without_duplicates(cast, units, ledger):
    ledger.late.co_departments.add(units.party, units.street)
    ledger.meetings.co_departments.add(units.enforcement)

    scoped = measure_list_for(user=cast.office)
    party = measure_filter(scoped, today=TODAY, department=units.party.pk)
    assert [m.pk for m in party].count(ledger.late.pk) == 1
    assert pks(party) == pks([ledger.late, ledger.meetings, ledger.long_term])
    assert filtered(cast, department=units.enforcement.pk) == pks(
        [ledger.late, ledger.under_review, ledger.done, ledger.due_today, ledger.meetings]
    )
    assert party.count() == 3


def test_filter_by_person_as_responsible_person_or_leader(cast, ledger):
    assert filtered(cast, person=cast.reporter.pk) == [ledger.late.pk]
    assert filtered(cast, person=cast.leader.pk) == [ledger.due_today.pk]


def test_filter_by_deadline_range_is_inclusive(cast, ledger):
    assert filtered(cast, deadline_after=TODAY, deadline_before=TODAY) == [ledger.due_today.pk]
    assert filtered(cast, deadline_before=TODAY - dt.timedelta(days=30)) == pks(
        [ledger.under_review, ledger.done]
    )
    assert filtered(cast, deadline_after=TODAY + dt.timedelta(days=1)) == [ledger.meetings.pk]


def test_filter_overdue(cast, ledger):
    assert filtered(cast, overdue=True) == [ledger.late.pk]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("违建", ["late", "under_review", "done", "due_today"]),  # the finding's title
        ("基层治理", ["late", "under_review", "done", "due_today", "meetings", "long_term"]),
        ("拆除", ["late"]),  # the measure's text
        ("党员 教育", ["long_term"]),  # every word must match
        ("不存在的词", []),
    ],
)
def test_text_search_on_measure_and_finding(cast, ledger, q, expected):
    assert filtered(cast, q=q) == pks([getattr(ledger, name) for name in expected])


# Overdue ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "days_left", "kind", "overdue"),
    [
        (MeasureStatus.NOT_STARTED, -1, MeasureKind.TIME_BOUND, True),
        (MeasureStatus.IN_PROGRESS, -1, MeasureKind.TIME_BOUND, True),
        (MeasureStatus.RETURNED, -1, MeasureKind.IMMEDIATE, True),
        (MeasureStatus.IN_PROGRESS, 0, MeasureKind.TIME_BOUND, False),  # due today is not late
        (MeasureStatus.SIGNOFF_REQUESTED, -1, MeasureKind.TIME_BOUND, False),  # under review
        (MeasureStatus.SIGNED_OFF, -1, MeasureKind.TIME_BOUND, False),
        (MeasureStatus.LONG_TERM, None, MeasureKind.LONG_TERM, False),
        (MeasureStatus.IN_PROGRESS, None, MeasureKind.LONG_TERM, False),
    ],
)
def test_overdue_semantics_agree_in_python_and_sql(inspection, status, days_left, kind, overdue):
    deadline = None if days_left is None else TODAY + dt.timedelta(days=days_left)
    measure = MeasureFactory(
        finding__inspection=inspection, status=status, kind=kind, deadline=deadline
    )
    assert measure.is_overdue(TODAY) is overdue
    assert Measure.objects.overdue(TODAY).filter(pk=measure.pk).exists() is overdue


def test_overdue_trait_is_overdue_today(inspection):
    measure = MeasureFactory(finding__inspection=inspection, overdue=True)
    assert measure.is_overdue(timezone.localdate())


# ---- The ledger's figures and choices, read without scanning every measure ----------------


def test_ledger_counts_exact_below_the_limit_and_capped_above(cast, units, inspection, monkeypatch):
    from django.db import connection

    from rectify.measures import selectors

    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(3, finding=finding, lead_department=units.enforcement)
    MeasureFactory.create_batch(2, finding=finding, lead_department=None, deadline=None)
    scope = measure_list_for(user=cast.office)
    exact = selectors.ledger_counts(scope)
    assert exact == {"total": 5, "no_deadline": 2, "no_owner": 2, "estimated": False}
    monkeypatch.setattr(selectors, "EXACT_COUNT_UP_TO", 3)
    capped = selectors.ledger_counts(scope)
    assert capped["no_deadline"] == 2 and capped["no_owner"] == 2
    if connection.vendor == "postgresql":  # the planner's estimate, at least the limit + 1
        assert capped["estimated"] is True and capped["total"] >= 4
    else:  # no estimate on SQLite: counted exactly
        assert capped == exact


def test_person_choices_come_from_the_units_not_the_measures(cast, units):
    from rectify.measures.selectors import measure_people_for

    office = set(measure_people_for(user=cast.office).values_list("username", flat=True))
    assert {"office", "leader", "reporter", "depthead", "party"} <= office
    assert "outsider" not in office and "reviewer" not in office
    department = set(measure_people_for(user=cast.reporter).values_list("username", flat=True))
    assert department == {"reporter", "depthead", "leader"}  # 执法办, and the street's leader


def test_person_choices_read_a_constant_number_of_statements(
    cast, units, inspection, django_assert_max_num_queries
):
    from rectify.measures.selectors import measure_people_for

    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(30, finding=finding, lead_department=units.enforcement)
    with django_assert_max_num_queries(2):  # memberships (once per user), then the people
        list(measure_people_for(user=cast.reporter))


def test_department_measures_are_one_key_list_equal_to_lead_or_co(cast, units, ledger):
    """departments_measures_q (lead UNION co as one key list) = lead OR co-department."""
    from django.db import connection
    from django.db.models import Q

    from rectify.measures.selectors import departments_measures_q

    ledger.late.co_departments.add(units.party)
    ledger.meetings.co_departments.add(units.enforcement, units.party)
    for ids in ([units.party.pk], [units.enforcement.pk], [units.party.pk, units.street.pk]):
        plain = Measure.objects.filter(
            Q(lead_department_id__in=ids) | Q(co_departments__id__in=ids)
        ).distinct()
        assert pks(Measure.objects.filter(departments_measures_q(ids))) == pks(plain)
    sql = str(Measure.objects.filter(departments_measures_q([units.party.pk])).query)
    if connection.vendor == "postgresql":  # an index condition on the key, not a subplan per row
        assert '"measures_measure"."id" = ANY(ARRAY(' in sql
