"""People and departments named on a measure: ids, accepted only within the inspected unit
(the choices the plan form offers)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from rectify.orgs.models import OrgUnit
from rectify.orgs.selectors import users_in_subtree

from .base import MAX_ID

PEOPLE = ("responsible_leader", "responsible_person")
UNITS = ("lead_department",)


def owner_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class MeasureOwners(serializers.Serializer):
    responsible_leader = owner_field(required=False, allow_null=True)
    lead_department = owner_field(required=False, allow_null=True)
    responsible_person = owner_field(required=False, allow_null=True)


def owners_in_unit(data: dict, unit: OrgUnit) -> dict:
    """The ids in ``data`` (people, departments, and ``co`` a list of departments) as records
    of ``unit``'s subtree; an id outside it is invalid input, named by its field."""
    people = users_in_subtree(unit=unit)
    units = OrgUnit.objects.subtree_of([unit]).exclude(pk=unit.pk)
    found: dict = {}
    errors: dict = {}
    for name, value in data.items():
        if name in PEOPLE or name in UNITS:
            if value is None:
                found[name] = None
                continue
            record = (people if name in PEOPLE else units).filter(pk=value).first()
            if record is None:
                errors[name] = [_("Not a person or department of the inspected unit.")]
            found[name] = record
        elif name == "co":
            chosen = list(units.filter(pk__in=value))
            if len(chosen) != len(set(value)):
                errors["co_departments"] = [_("Not a department of the inspected unit.")]
            found[name] = chosen
    if errors:
        raise serializers.ValidationError(errors)
    return found
