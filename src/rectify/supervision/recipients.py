"""Who a message about one measure goes to: the run's rules (`people.People`), with the role
holders of that measure's units only."""

from __future__ import annotations

from rectify.measures.models import Measure
from rectify.orgs.models import User

from .people import People, unit_ids


def _view(measure: Measure) -> tuple[People, dict]:
    inspection = measure.finding.inspection
    inspected = inspection.inspected_unit.path
    inspecting = inspection.inspecting_unit.path if inspection.inspecting_unit else None
    row = {
        "responsible_person_id": measure.responsible_person_id,
        "responsible_leader_id": measure.responsible_leader_id,
        "lead_department_id": measure.lead_department_id,
        "inspection__inspected_unit__path": inspected,
        "inspection__inspecting_unit__path": inspecting,
    }
    units = unit_ids(inspected) + unit_ids(inspecting)
    if measure.lead_department_id:
        units.append(measure.lead_department_id)
    return People(units), row


def _users(ids: list[int]) -> list[User]:
    found = {u.pk: u for u in User.objects.filter(pk__in=ids, is_active=True)}
    return [found[pk] for pk in ids if pk in found]


def responsible(measure: Measure) -> list[User]:
    people, row = _view(measure)
    return _users(people.responsible(row))


def principal_leaders(measure: Measure) -> list[User]:
    people, row = _view(measure)
    return _users(people.principal_leaders(row))


def office(measure: Measure) -> list[User]:
    people, row = _view(measure)
    return _users(people.office(row))


def reviewers(measure: Measure) -> list[User]:
    people, row = _view(measure)
    return _users(people.reviewers(row))


def unique(users: list[User]) -> list[User]:
    return list({user.pk: user for user in users}.values())
