"""Inspection reads: who sees which inspection rounds, and the finding tree in one query."""

import pytest
from django.http import Http404

from rectify.inspections.enums import FindingKind
from rectify.inspections.selectors import finding_tree
from rectify.measures.selectors import inspection_get_for, inspection_list_for
from tests.factories import FindingFactory, InspectionFactory, MeasureFactory

SEES = ["office", "leader", "discipline", "reviewer", "reporter", "dept_head"]
BLIND = ["party_reporter", "sysadmin", "outsider"]


@pytest.mark.parametrize("who", SEES + BLIND)
def test_inspection_list_is_scoped_for_every_cast_member(cast, inspection, measure, who):
    visible = list(inspection_list_for(user=getattr(cast, who)))
    assert visible == ([inspection] if who in SEES else [])


@pytest.mark.parametrize("who", BLIND)
def test_inspection_out_of_reach_is_a_404(cast, inspection, measure, who):
    with pytest.raises(Http404):
        inspection_get_for(user=getattr(cast, who), pk=inspection.pk)


def test_a_department_sees_an_inspection_once_however_many_measures_it_has(cast, units, inspection):
    finding = FindingFactory(inspection=inspection)
    for _ in range(3):
        MeasureFactory(finding=finding, lead_department=units.party)
    MeasureFactory(finding=finding, lead_department=units.enforcement).co_departments.add(
        units.party
    )
    assert list(inspection_list_for(user=cast.party_reporter)) == [inspection]
    assert inspection_get_for(user=cast.party_reporter, pk=inspection.pk) == inspection


def test_a_department_sees_an_inspection_through_a_co_department_measure(
    cast, units, inspection, measure
):
    assert list(inspection_list_for(user=cast.party_reporter)) == []
    measure.co_departments.add(units.party)
    assert list(inspection_list_for(user=cast.party_reporter)) == [inspection]


def test_the_reviewer_sees_what_the_office_inspects_not_other_rounds(cast, units, inspection):
    other = InspectionFactory(inspected_unit=units.other_street, title="市委巡察南华西")
    assert list(inspection_list_for(user=cast.reviewer)) == [inspection]
    assert list(inspection_list_for(user=cast.outsider)) == [other]
    assert list(inspection_list_for(user=cast.office)) == [inspection]


def test_finding_tree_in_order_with_children(inspection, django_assert_num_queries):
    second = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT, position=2)
    first = FindingFactory(inspection=inspection, kind=FindingKind.ASPECT, position=1)
    p2 = FindingFactory(inspection=inspection, parent=first, position=2, title="（二）")
    p1 = FindingFactory(inspection=inspection, parent=first, position=1, title="（一）")
    item = FindingFactory(inspection=inspection, parent=p1, kind=FindingKind.ITEM, position=1)
    lone = FindingFactory(inspection=inspection, parent=second, position=1)

    with django_assert_num_queries(1):
        roots = finding_tree(inspection=inspection)

    assert roots == [first, second]
    assert roots[0].child_nodes == [p1, p2]
    assert roots[0].child_nodes[0].child_nodes == [item]
    assert roots[1].child_nodes == [lone]
    assert (item.depth, item.sort_key) == (2, "0001.0001.0001")
