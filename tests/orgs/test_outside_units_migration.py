"""measures 0010: the units imports created in the importer's tree move to the register of
outside units, and back when the migration is reversed.

The database is migrated back to just before the data migration, filled through the
historical models as an older release left it, migrated forward, checked, and reversed.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("measures", "0009_measure_co_outside_units"),
    ("inspections", "0006_inspection_outside_units"),
    ("orgs", "0004_outsideunit"),
    ("supervision", "0002_notice_reply_report"),
    ("audit", "0001_initial"),
]
AFTER = [("measures", "0010_outside_units_out_of_the_tree")]

pytestmark = pytest.mark.django_db(transaction=True)


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _entry(apps, seq, unit, actor=None):
    apps.get_model("audit", "AuditEntry").objects.create(
        seq=seq,
        at="2024-01-01T00:00:00Z",
        actor=actor,
        code="org_unit.created",
        object_type="orgs.orgunit",
        object_id=str(unit.pk),
        prev_hash="0" * 64,
        hash=f"{seq:064d}",
    )


def _world(apps):
    """As an older release left it: 海幢街道's office imported a feedback document naming
    "某某街道党工委", which the import created under 海幢街道; measures then picked it."""
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    User = apps.get_model("orgs", "User")
    Membership = apps.get_model("orgs", "Membership")
    district = OrgUnit.objects.create(name="海珠区", kind="district", path="/x/")
    street = OrgUnit.objects.create(name="海幢街道", kind="street", parent=district)
    dept = OrgUnit.objects.create(name="执法办", kind="department", parent=street)
    made = OrgUnit.objects.create(name="某某街道党工委", kind="street", parent=street)
    kept = OrgUnit.objects.create(name="区城管局", kind="bureau", parent=street)  # has a member
    by_admin = OrgUnit.objects.create(name="区住建局", kind="bureau", parent=street)
    for unit in (district, street, dept, made, kept, by_admin):
        parent = unit.parent.path if unit.parent_id else "/"
        OrgUnit.objects.filter(pk=unit.pk).update(path=f"{parent}{unit.pk}/")
    office = User.objects.create(username="office")
    admin = User.objects.create(username="admin")
    Membership.objects.create(user=office, org_unit=street, role="office")
    Membership.objects.create(user=admin, org_unit=district, role="sysadmin")
    Membership.objects.create(user=office, org_unit=kept, role="reporter")
    _entry(apps, 1, made, actor=office)
    _entry(apps, 2, kept, actor=office)
    _entry(apps, 3, by_admin, actor=admin)
    Inspection = apps.get_model("inspections", "Inspection")
    Finding = apps.get_model("inspections", "Finding")
    Measure = apps.get_model("measures", "Measure")
    inspection = Inspection.objects.create(title="巡察", inspecting_body="区委巡察组",
                                           inspected_unit=made)  # fmt: skip
    own = Inspection.objects.create(title="本街道", inspecting_body="x", inspected_unit=street)
    finding = Finding.objects.create(inspection=own, kind="problem", title="问题", sort_key="0001")
    led = Measure.objects.create(finding=finding, inspection=own, text="一", lead_department=made,
                                 sort_key="0001:0001")  # fmt: skip
    helped = Measure.objects.create(finding=finding, inspection=own, text="二",
                                    lead_department=dept, sort_key="0001:0002")  # fmt: skip
    helped.co_departments.set([made, by_admin])
    return {"made": made.pk, "street": street.pk, "kept": kept.pk, "by_admin": by_admin.pk,
            "inspection": inspection.pk, "led": led.pk, "helped": helped.pk}  # fmt: skip


def _story():
    apps = _migrate(BEFORE)
    ids = _world(apps)

    apps = _migrate(AFTER)
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    OutsideUnit = apps.get_model("orgs", "OutsideUnit")
    Inspection = apps.get_model("inspections", "Inspection")
    Measure = apps.get_model("measures", "Measure")
    assert not OrgUnit.objects.filter(pk=ids["made"]).exists()
    assert OrgUnit.objects.filter(pk=ids["kept"]).exists()  # it has a member: a real unit
    assert OrgUnit.objects.filter(pk=ids["by_admin"]).exists()  # the administrator made it
    outside = OutsideUnit.objects.get(name="某某街道党工委")
    assert outside.kind == "inspected_unit"
    inspection = Inspection.objects.get(pk=ids["inspection"])
    assert (inspection.inspected_unit_id, inspection.inspected_outside_id) == (
        ids["street"],
        outside.pk,
    )
    led, helped = Measure.objects.get(pk=ids["led"]), Measure.objects.get(pk=ids["helped"])
    assert led.lead_department_id is None
    assert list(led.co_outside_units.values_list("pk", flat=True)) == [outside.pk]
    assert list(helped.co_departments.values_list("pk", flat=True)) == [ids["by_admin"]]
    assert list(helped.co_outside_units.values_list("name", flat=True)) == ["某某街道党工委"]

    apps = _migrate(BEFORE)
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    Inspection = apps.get_model("inspections", "Inspection")
    Measure = apps.get_model("measures", "Measure")
    back = OrgUnit.objects.get(pk=ids["made"])
    assert (back.name, back.parent_id, back.kind) == ("某某街道党工委", ids["street"], "street")
    assert Inspection.objects.get(pk=ids["inspection"]).inspected_unit_id == ids["made"]
    assert Measure.objects.get(pk=ids["led"]).lead_department_id == ids["made"]
    helped = Measure.objects.get(pk=ids["helped"])
    assert sorted(helped.co_departments.values_list("pk", flat=True)) == sorted(
        [ids["made"], ids["by_admin"]]
    )
    assert not helped.co_outside_units.exists()
    assert not apps.get_model("orgs", "OutsideUnit").objects.exists()


def test_units_made_by_imports_move_to_the_register_and_back():
    try:
        _story()
    finally:  # forward again to every app's latest, as the other tests expect
        _migrate(_latest())
