"""Roles and the unit tree: the building blocks every scoped selector uses."""

import pytest
from django.contrib.auth.models import AnonymousUser

from rectify.orgs.enums import Role
from rectify.orgs.models import OrgUnit
from rectify.orgs.selectors import (
    department_choices_for,
    has_role,
    memberships_of,
    roles_of,
    subtree_q,
    unit_in_subtree,
    units_with_role,
)
from tests.factories import UserFactory


def test_units_keep_a_materialised_path(units):
    assert units.district.path == f"/{units.district.pk}/"
    district, street = units.district.pk, units.street.pk
    assert units.enforcement.path == f"/{district}/{street}/{units.enforcement.pk}/"
    street_tree = OrgUnit.objects.subtree_of([units.street])
    assert set(street_tree) == {units.street, units.enforcement, units.party}
    assert not OrgUnit.objects.subtree_of([]).exists()


def test_unit_in_subtree(units):
    assert unit_in_subtree(units.enforcement, [units.street])
    assert unit_in_subtree(units.street, [units.street])
    assert not unit_in_subtree(units.street, [units.enforcement])
    assert not unit_in_subtree(units.other_street, [units.street])
    assert not unit_in_subtree(None, [units.district])
    assert not unit_in_subtree(units.street, [])


def test_path_prefix_does_not_leak_between_siblings(units):
    """Unit /1/2/ must not cover /1/23/: paths end with a slash."""
    siblings = [
        OrgUnit.objects.create(name=f"社区{n}", kind="community", parent=units.street)
        for n in range(12)
    ]
    for unit in siblings:
        assert list(OrgUnit.objects.subtree_of([unit])) == [unit]
        assert [u for u in siblings if unit_in_subtree(u, [unit])] == [unit]
    in_street = OrgUnit.objects.filter(subtree_q("parent", [units.street]))
    assert set(in_street) == {units.enforcement, units.party, *siblings}


def test_roles_of_the_cast(cast, units):
    assert roles_of(cast.office) == {Role.OFFICE}
    assert has_role(cast.leader, Role.LEADER, Role.OFFICE)
    assert not has_role(cast.sysadmin, Role.OFFICE, Role.LEADER, Role.REPORTER)
    assert units_with_role(cast.reporter, Role.REPORTER, Role.DEPT_HEAD) == [units.enforcement]
    assert units_with_role(cast.reporter, Role.OFFICE) == []


def test_anonymous_has_no_memberships():
    assert memberships_of(AnonymousUser()) == []
    assert roles_of(AnonymousUser()) == set()


def test_memberships_are_read_once_per_user_object(units, django_assert_num_queries):
    user = UserFactory(role=(Role.OFFICE, units.street))
    user.memberships.create(role=Role.DISCIPLINE, org_unit=units.street)
    with django_assert_num_queries(1):
        assert roles_of(user) == {Role.OFFICE, Role.DISCIPLINE}
        assert has_role(user, Role.DISCIPLINE)
        assert [u.name for u in units_with_role(user, Role.OFFICE)] == ["海幢街道"]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("office", {"海幢街道", "执法办", "党建办"}),
        ("leader", {"海幢街道", "执法办", "党建办"}),
        ("discipline", {"海幢街道", "执法办", "党建办"}),
        ("reporter", {"执法办"}),
        ("dept_head", {"执法办"}),
        ("party_reporter", {"党建办"}),
        ("reviewer", {"区委巡察办"}),
        ("sysadmin", set()),
        ("outsider", {"南华西街道"}),
    ],
)
def test_department_choices_for_the_cast(cast, who, expected):
    assert {unit.name for unit in department_choices_for(getattr(cast, who))} == expected
