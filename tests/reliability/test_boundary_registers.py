"""Outside units' names (from the importer's inspecting bodies, the register's form) and
measures' withdrawal reasons are cleaned at the boundary too: control characters mapped or
dropped, a too long name refused by name instead of cut without a word."""

import pytest

from rectify.core.errors import ValidationFailed
from rectify.measures import services as measure_services
from rectify.orgs import services as org_services
from rectify.orgs.enums import OutsideUnitKind

pytestmark = pytest.mark.django_db


def test_outside_unit_names_are_cleaned(cast):
    unit = org_services.outside_unit_create(
        actor=cast.office, name="市\x1b城管\x01局", short_name="城管\x07局"
    )
    assert (unit.name, unit.short_name) == ("市城管局", "城管局")
    org_services.outside_unit_update(
        unit=unit,
        actor=cast.office,
        name="市\x08城管局",
        kind=OutsideUnitKind.PARTNER,
        short_name="城\x02管",
    )
    unit.refresh_from_db()
    assert (unit.name, unit.short_name) == ("市城管局", "城管")
    found = org_services.outside_unit_get_or_create(actor=cast.office, name="市城管\x1b局")
    assert found == unit


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("short_name", 100)])
def test_too_long_outside_unit_names_are_refused_not_cut(cast, field, limit):
    fields = {"name": "市城管局", field: "长" * (limit + 1)}
    with pytest.raises(ValidationFailed) as refused:
        org_services.outside_unit_create(actor=cast.office, **fields)
    assert str(limit + 1) in str(refused.value)
    if field == "name":
        with pytest.raises(ValidationFailed):
            org_services.outside_unit_get_or_create(actor=cast.office, name="长" * (limit + 1))


def test_a_measure_withdrawal_reason_is_cleaned_and_limited(cast, measure):
    with pytest.raises(ValidationFailed):
        measure_services.measure_withdraw(measure=measure, actor=cast.office, reason="长" * 2001)
    measure_services.measure_withdraw(measure=measure, actor=cast.office, reason="重复\x0b措施\x01")
    assert measure.events.last().note == "重复\n措施"
