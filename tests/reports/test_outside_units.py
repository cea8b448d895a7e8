"""外单位: the register of outside units — kept by the offices (list, add, edit, merge),
picked by the plan grid, the Excel ledger and imports, never among the departments.

Cast (tests/conftest.py): office keeps the register; leader reads the street but keeps no
register; outsider is the office of another street (the register is the deployment's).
"""

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import ValidationFailed
from rectify.imports.importer import notice_import
from rectify.inspections.models import Inspection
from rectify.measures.grid import cells_of, grid_context, parse_cells
from rectify.measures.models import Measure
from rectify.measures.services import outside_unit_merge
from rectify.measures.services.grid import GridRow, plan_rows_save
from rectify.orgs.enums import OutsideUnitKind
from rectify.orgs.models import OrgUnit, OutsideUnit
from rectify.orgs.services import outside_unit_create
from tests.factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bureau(cast):
    return outside_unit_create(
        actor=cast.office, name="区城市管理和综合执法局", short_name="区城管局"
    )


def test_the_office_keeps_the_register(client, cast, units, bureau):
    client.force_login(cast.office)
    page = client.get(reverse("inspections:outside_units")).content.decode()
    assert "区城市管理和综合执法局" in page and "区城管局" in page
    response = client.post(
        reverse("inspections:outside_unit_add"), {"name": "区住建局", "kind": "partner"}
    )
    assert response.status_code == 302
    assert OutsideUnit.objects.filter(name="区住建局", kind=OutsideUnitKind.PARTNER).exists()
    again = client.post(
        reverse("inspections:outside_unit_add"), {"name": "区住建局", "kind": "partner"}
    )
    assert again.status_code == 400 and "已在外单位名录中" in again.content.decode()
    tree_unit = client.post(
        reverse("inspections:outside_unit_add"), {"name": "执法办", "kind": "partner"}
    )
    assert tree_unit.status_code == 400  # one of the street's own departments
    client.post(
        reverse("inspections:outside_unit_edit", args=[bureau.pk]),
        {"name": "区城市管理局", "short_name": "区城管局", "kind": "partner"},
    )
    assert OutsideUnit.objects.get(pk=bureau.pk).name == "区城市管理局"
    assert AuditEntry.objects.filter(code="outside_unit.updated").count() == 1
    client.force_login(cast.leader)
    assert client.get(reverse("inspections:outside_units")).status_code == 403


def test_merging_duplicates_moves_what_names_them(client, cast, units, inspection, bureau):
    duplicate = outside_unit_create(actor=cast.office, name="区城管执法局")
    Inspection.objects.filter(pk=inspection.pk).update(inspecting_outside=duplicate)
    measure = MeasureFactory(finding=FindingFactory(inspection=inspection))
    measure.co_outside_units.set([duplicate, bureau])
    client.force_login(cast.office)
    client.post(
        reverse("inspections:outside_unit_merge"),
        {"duplicate": duplicate.pk, "kept": bureau.pk},
    )
    assert not OutsideUnit.objects.filter(pk=duplicate.pk).exists()
    bureau.refresh_from_db()
    assert bureau.aliases == ["区城管执法局"]
    assert Inspection.objects.get(pk=inspection.pk).inspecting_outside == bureau
    assert list(measure.co_outside_units.all()) == [bureau]
    entry = AuditEntry.objects.get(code="outside_unit.merged")
    assert entry.after["inspections"] == 1 and entry.after["measures"] == 1
    with pytest.raises(ValidationFailed):
        outside_unit_merge(actor=cast.office, kept=bureau, duplicate=bureau)
    # the merged name still finds the unit kept
    assert grid_context(inspection).outside["区城管执法局"] == bureau


def test_the_plan_grid_picks_co_operating_units_from_the_register(cast, units, inspection, bureau):
    measure = MeasureFactory(
        finding=FindingFactory(inspection=inspection), lead_department=units.enforcement
    )
    ctx = grid_context(inspection)
    assert "区城管局" not in ctx.units  # never a department
    cells = {**cells_of(measure), "co_departments": "党建办、区城管局"}
    values, errors = parse_cells(cells, ctx)
    assert errors == {}
    assert values["co_departments"] == [units.party]
    assert values["co_outside_units"] == [bureau]
    _values, errors = parse_cells({**cells, "co_departments": "某某局"}, ctx)
    assert "某某局" in errors["co_departments"]
    _values, errors = parse_cells({**cells, "lead_department": "区城管局"}, ctx)
    assert "lead_department" in errors
    row = GridRow(measure_id=measure.pk, version=measure.version, cells=cells)
    plan_rows_save(inspection=inspection, actor=cast.office, rows=[row])
    measure = Measure.objects.get(pk=measure.pk)
    assert list(measure.co_outside_units.all()) == [bureau]
    assert cells_of(measure)["co_departments"] == "党建办、区城市管理和综合执法局"


def test_the_ledger_round_trip_keeps_outside_units(tmp_path, cast, imported, bureau):
    from django.core.management import call_command

    inspection = imported.inspection
    measure = Measure.objects.filter(inspection=inspection).order_by("sort_key").first()
    measure.co_outside_units.set([bureau])
    path = tmp_path / "台账.xlsx"
    call_command("ledger", "export", str(inspection.pk), "-o", str(path))
    before = list(Measure.objects.filter(inspection=inspection).values_list("pk", "version"))
    call_command("ledger", "import", str(path), "--inspection", str(inspection.pk))
    after = list(Measure.objects.filter(inspection=inspection).values_list("pk", "version"))
    assert after == before
    assert list(Measure.objects.get(pk=measure.pk).co_outside_units.all()) == [bureau]


def test_an_imported_feedback_naming_an_outside_unit_registers_it(cast, units, seed_bytes):
    text = seed_bytes.decode("utf-8").replace("海幢街道", "某某街道")
    result = notice_import(
        path_or_bytes=text.encode("utf-8"), filename="某某街道.txt", actor=cast.office
    )
    inspection = result.inspection
    assert inspection.inspected_unit == units.street  # the importing office's own unit
    assert inspection.inspected_outside.kind == OutsideUnitKind.INSPECTED_UNIT
    assert "某某街道" in inspection.inspected_outside.name
    assert not OrgUnit.objects.filter(name__contains="某某街道").exists()
