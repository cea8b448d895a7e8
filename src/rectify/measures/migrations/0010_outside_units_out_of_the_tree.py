"""Units an import created in the importer's own tree move to the register of outside units.

Before the register, importing a feedback document that named a unit the deployment did not
hold created that unit under the importing office's unit (`orgs.services.
inspected_unit_get_or_create`); it then appeared among the departments (牵头/配合部门) of the
measures. Such a unit is known by its audit entry (`org_unit.created` by an office user or
the command line, never by the system administrator's unit page). It moves when nothing but
inspections and measures name it (no members, no sub-units, nothing in supervision):

- an inspection of it becomes its parent's (the importing office's unit, which rectified it
  anyway) and names the outside unit as `inspected_outside`; an inspection it made names it
  as `inspecting_outside`;
- a measure that had it as lead or co-operating department has it as a co-operating outside
  unit (a lead department must be one of the unit's own);
- the unit is deleted; `OutsideUnit.moved_from` keeps all of it, so the migration reverses
  (the unit comes back with its id, and every inspection and measure as it was).
"""

from django.db import migrations

CREATED = ("org_unit.created", "orgunit.created")
HANDLED = {
    ("inspections", "inspection", "inspected_unit"),
    ("inspections", "inspection", "inspecting_unit"),
    ("measures", "measure", "lead_department"),
    ("measures", "measure", "co_departments"),
}


def _made_by_imports(apps):
    """Ids of units whose creation was logged by someone other than a system administrator."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Membership = apps.get_model("orgs", "Membership")
    admins = set(Membership.objects.filter(role="sysadmin").values_list("user_id", flat=True))
    ids = set()
    entries = AuditEntry.objects.filter(code__in=CREATED, object_type="orgs.orgunit")
    for object_id, actor_id in entries.values_list("object_id", "actor_id"):
        if object_id.isdigit() and actor_id not in admins:
            ids.add(int(object_id))
    return ids


def _named_elsewhere(OrgUnit, unit) -> bool:
    """Anything but inspections and measures naming the unit: members, sub-units, supervision."""
    for relation in OrgUnit._meta.related_objects:
        model = relation.related_model
        key = (model._meta.app_label, model._meta.model_name, relation.field.name)
        if key in HANDLED:
            continue
        if model.objects.filter(**{relation.field.name: unit}).exists():
            return True
    return False


def forwards(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    OutsideUnit = apps.get_model("orgs", "OutsideUnit")
    Inspection = apps.get_model("inspections", "Inspection")
    Measure = apps.get_model("measures", "Measure")
    for unit in OrgUnit.objects.filter(pk__in=_made_by_imports(apps), parent__isnull=False):
        if _named_elsewhere(OrgUnit, unit):
            continue
        inspected = list(
            Inspection.objects.filter(inspected_unit=unit).values_list("pk", flat=True)
        )
        inspecting = list(
            Inspection.objects.filter(inspecting_unit=unit).values_list("pk", flat=True)
        )
        lead = list(Measure.objects.filter(lead_department=unit).values_list("pk", flat=True))
        co = list(Measure.objects.filter(co_departments=unit).values_list("pk", flat=True))
        outside = OutsideUnit.objects.filter(name=unit.name).first()
        created = outside is None
        if created:
            kind = "inspected_unit" if inspected else "inspecting_body" if inspecting else "partner"
            outside = OutsideUnit.objects.create(
                name=unit.name, short_name=unit.short_name, kind=kind
            )
        outside.moved_from = {
            "created": created,
            "unit": {
                "id": unit.pk,
                "name": unit.name,
                "short_name": unit.short_name,
                "kind": unit.kind,
                "parent": unit.parent_id,
                "path": unit.path,
                "position": unit.position,
            },
            "inspected": inspected,
            "inspecting": inspecting,
            "lead": lead,
            "co": co,
        }
        outside.save(update_fields=["moved_from"])
        Inspection.objects.filter(pk__in=inspected).update(
            inspected_unit_id=unit.parent_id, inspected_outside=outside
        )
        Inspection.objects.filter(pk__in=inspecting).update(
            inspecting_unit=None, inspecting_outside=outside
        )
        Measure.objects.filter(pk__in=lead).update(lead_department=None)
        for measure in Measure.objects.filter(pk__in=set(lead) | set(co)):
            measure.co_departments.remove(unit)
            measure.co_outside_units.add(outside)
        unit.delete()


def backwards(apps, schema_editor):
    OrgUnit = apps.get_model("orgs", "OrgUnit")
    OutsideUnit = apps.get_model("orgs", "OutsideUnit")
    Inspection = apps.get_model("inspections", "Inspection")
    Measure = apps.get_model("measures", "Measure")
    for outside in OutsideUnit.objects.exclude(moved_from={}):
        moved = outside.moved_from
        if "unit" not in moved:
            continue
        fields = moved["unit"]
        unit = OrgUnit.objects.create(
            pk=fields["id"],
            name=fields["name"],
            short_name=fields["short_name"],
            kind=fields["kind"],
            parent_id=fields["parent"],
            path=fields["path"],
            position=fields["position"],
        )
        Inspection.objects.filter(pk__in=moved["inspected"]).update(
            inspected_unit=unit, inspected_outside=None
        )
        Inspection.objects.filter(pk__in=moved["inspecting"]).update(
            inspecting_unit=unit, inspecting_outside=None
        )
        Measure.objects.filter(pk__in=moved["lead"]).update(lead_department=unit)
        for measure in Measure.objects.filter(pk__in=set(moved["lead"]) | set(moved["co"])):
            measure.co_outside_units.remove(outside)
        for measure in Measure.objects.filter(pk__in=moved["co"]):
            measure.co_departments.add(unit)
        if moved.get("created"):
            outside.delete()
        else:
            outside.moved_from = {}
            outside.save(update_fields=["moved_from"])


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0009_measure_co_outside_units"),
        ("inspections", "0006_inspection_outside_units"),
        ("orgs", "0004_outsideunit"),
        ("audit", "0001_initial"),
        ("supervision", "0002_notice_reply_report"),  # its units count as "named elsewhere"
    ]

    operations = [migrations.RunPython(forwards, backwards)]
