"""Writes on rounds and finding trees: the office only, every act audited, the tree kept right.

Cast: office plans for 海幢; outsider is the office of another street; reporter works in 执法办.
"""

import pytest

from rectify.audit.models import AuditEntry
from rectify.core.errors import ConflictError, PermissionRefused, ValidationFailed
from rectify.inspections import services
from rectify.inspections.models import Finding
from rectify.inspections.policy import Action, allowed_actions, may
from rectify.measures import services as measure_services
from rectify.measures.models import Measure
from rectify.orgs.enums import OutsideUnitKind
from rectify.orgs.models import OrgUnit
from rectify.orgs.services import outside_unit_create
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db


def codes() -> list[str]:
    return list(AuditEntry.objects.order_by("seq").values_list("code", flat=True))


def test_the_office_creates_and_edits_a_round(cast, units):
    inspection = services.inspection_create(
        actor=cast.office, inspected_unit=units.street, title="区委巡察", inspecting_body="第一组"
    )
    diff = services.inspection_update(
        inspection=inspection, actor=cast.office, expected_version=1, title="区委第一巡察组巡察"
    )
    assert diff == {"title": ["区委巡察", "区委第一巡察组巡察"]}
    assert codes() == ["outside_unit.created", "inspection.created", "inspection.updated"]
    entry = AuditEntry.objects.get(code="inspection.updated")
    assert entry.before == {"title": "区委巡察"} and entry.after == {"title": "区委第一巡察组巡察"}
    with pytest.raises(ConflictError):  # a form made from the first version
        services.inspection_update(
            inspection=inspection, actor=cast.office, expected_version=1, title="旧表单"
        )


@pytest.mark.parametrize("who", ["outsider", "reporter", "leader", "sysadmin"])
def test_only_the_office_writes_a_round(cast, units, inspection, who):
    user = getattr(cast, who)
    with pytest.raises(PermissionRefused):
        services.inspection_create(actor=user, inspected_unit=units.street, title="x")
    with pytest.raises(PermissionRefused):
        services.finding_create(inspection=inspection, actor=user, title="x")
    assert allowed_actions(user, inspection) == frozenset()
    assert not AuditEntry.objects.exists()


def test_unknown_fields_are_refused(cast, inspection):
    with pytest.raises(ValidationFailed):
        services.inspection_update(inspection=inspection, actor=cast.office, version=9)


def test_moving_a_finding_moves_its_subtree_and_measures(cast, inspection):
    first = services.finding_create(inspection=inspection, actor=cast.office, title="方面一")
    second = services.finding_create(inspection=inspection, actor=cast.office, title="方面二")
    child = services.finding_create(
        inspection=inspection, actor=cast.office, title="问题", parent=first
    )
    measure = MeasureFactory(finding=child, position=1)
    assert (first.position, second.position, child.sort_key) == (1, 2, "0001.0001")
    services.finding_update(finding=first, actor=cast.office, position=3)
    child.refresh_from_db()
    measure.refresh_from_db()
    assert child.sort_key == "0003.0001" and measure.sort_key == "0003.0001:0001"
    services.finding_update(finding=child, actor=cast.office, parent=second, position=1)
    measure.refresh_from_db()
    assert measure.sort_key == "0002.0001:0001"
    with pytest.raises(ValidationFailed):
        services.finding_update(finding=second, actor=cast.office, parent=child)
    assert codes().count("finding.updated") == 2


def test_removing_a_finding_audits_every_measure_in_its_subtree(cast, inspection):
    aspect = FindingFactory(inspection=inspection, position=1)
    problem = FindingFactory(inspection=inspection, parent=aspect, position=1)
    other = FindingFactory(inspection=inspection, position=2)
    MeasureFactory(finding=aspect)
    MeasureFactory(finding=problem)
    kept = MeasureFactory(finding=other)
    measure_services.finding_remove(finding=aspect, actor=cast.office, note="删")
    assert list(Measure.objects.all()) == [kept]
    assert list(Finding.objects.all()) == [other]
    assert codes() == ["measure.deleted", "measure.deleted", "finding.deleted"]


def test_reposition_keeps_the_ledger_order(cast, measure):
    measure_services.measure_reposition(measure=measure, actor=cast.office, position=7)
    measure.refresh_from_db()
    assert measure.position == 7 and measure.sort_key.endswith(":0007")
    with pytest.raises(PermissionRefused):
        measure_services.measure_reposition(measure=measure, actor=cast.reporter, position=1)


def test_notice_text_is_the_offices(cast, inspection):
    assert may(cast.office, Action.EDIT_NOTICE, inspection)
    with pytest.raises(PermissionRefused):
        services.notice_text_update(
            inspection=inspection,
            actor=cast.reporter,
            expected_version=inspection.version,
            fields={"issuer": "x"},
            contacts={},
            sections={},
        )


def test_an_inspecting_body_is_registered_once_outside_the_tree(cast, units):
    """Creating a round names its inspecting body from the register of outside units, adding
    it the first time; it never becomes one of the street's departments."""
    first = services.inspection_create(
        actor=cast.office, inspected_unit=units.street, title="一", inspecting_body="市委第三巡察组"
    )
    again = services.inspection_create(
        actor=cast.office, inspected_unit=units.street, title="二", inspecting_body="市委第三巡察组"
    )
    assert first.inspecting_outside == again.inspecting_outside
    assert first.inspecting_outside.kind == OutsideUnitKind.INSPECTING_BODY
    assert codes().count("outside_unit.created") == 1
    assert not OrgUnit.objects.filter(name="市委第三巡察组").exists()
    with pytest.raises(PermissionRefused):
        outside_unit_create(actor=cast.leader, name="别处")
