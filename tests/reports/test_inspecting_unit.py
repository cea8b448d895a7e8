"""A round's inspecting unit (巡察办), whose reviewers sign off its measures: set when the round
is created by hand or on its own page, by the office of the inspected unit; every change is
audited, needs a reason once a unit was named, and is listed on the page.

Cast (tests/conftest.py): office writes the street's rounds; leader, discipline and reviewer
only read them; outsider is the office of another street.
"""

import pytest
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.inspections import policy
from rectify.inspections.models import Inspection
from rectify.inspections.services import (
    inspection_create,
    inspection_inspecting_unit_set,
    inspection_update,
)
from rectify.measures.policy import Action as MeasureAction
from rectify.measures.policy import may as measure_may
from rectify.measures.services import progress_report_submit, signoff_request
from rectify.orgs.enums import OrgUnitKind, Role
from tests.factories import FindingFactory, MeasureFactory, OrgUnitFactory, UserFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def hand_made(units):
    """A round created by hand, as before this page: no inspecting unit."""
    return inspection_create(
        actor=None, inspected_unit=units.street, title="手工轮次", inspecting_body="区委第二巡察组"
    )


def _entries(inspection):
    return list(
        AuditEntry.objects.filter(
            code="inspection.inspecting_unit_set", object_id=str(inspection.pk)
        ).order_by("seq")
    )


def test_only_the_office_of_the_inspected_unit_may_set_it(cast, hand_made, units):
    allowed = {
        role
        for role in ("office", "leader", "discipline", "reviewer", "reporter", "outsider")
        if policy.may(getattr(cast, role), policy.Action.SET_INSPECTING_UNIT, hand_made)
    }
    assert allowed == {"office"}
    for role in ("leader", "reviewer", "outsider"):
        with pytest.raises(PermissionRefused):
            inspection_inspecting_unit_set(
                inspection=hand_made, actor=getattr(cast, role), unit=units.inspection_office
            )
    with pytest.raises(PermissionRefused):  # nor through the general edit of the round
        inspection_update(
            inspection=hand_made, actor=cast.leader, inspecting_unit=units.inspection_office
        )
    with pytest.raises(ValidationFailed):  # which never changes it, even for the office
        inspection_update(
            inspection=hand_made, actor=cast.office, inspecting_unit=units.inspection_office
        )
    assert _entries(hand_made) == []


def test_only_an_inspecting_body_may_be_named(cast, hand_made, units):
    with pytest.raises(ValidationFailed):
        inspection_inspecting_unit_set(inspection=hand_made, actor=cast.office, unit=units.party)
    with pytest.raises(ValidationFailed):
        inspection_create(
            actor=cast.office, inspected_unit=units.street, title="x", inspecting_unit=units.party
        )


def test_setting_it_lets_the_reviewers_act_and_a_change_needs_a_reason(cast, hand_made, units):
    finding = FindingFactory(inspection=hand_made)
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement)
    progress_report_submit(
        measure=measure, actor=cast.reporter, text="已完成。", files=[pdf_upload()]
    )
    signoff_request(measure=measure, actor=cast.reporter)
    measure.refresh_from_db()
    assert not measure_may(cast.reviewer, MeasureAction.APPROVE_SIGNOFF, measure)

    inspection_inspecting_unit_set(
        inspection=hand_made, actor=cast.office, unit=units.inspection_office
    )
    measure = type(measure).objects.get(pk=measure.pk)
    assert measure_may(cast.reviewer, MeasureAction.APPROVE_SIGNOFF, measure)

    city = OrgUnitFactory(name="市委巡察办", kind=OrgUnitKind.INSPECTING_BODY)
    with pytest.raises(ValidationFailed):  # another unit was named: say why
        inspection_inspecting_unit_set(inspection=hand_made, actor=cast.office, unit=city)
    inspection_inspecting_unit_set(
        inspection=hand_made, actor=cast.office, unit=city, reason="改由市委巡察办督导"
    )
    first, second = _entries(hand_made)
    assert (first.before, first.after) == (
        {"inspecting_unit": None},
        {"inspecting_unit": "区委巡察办"},
    )
    assert second.after == {"inspecting_unit": "市委巡察办"}
    assert second.note == "改由市委巡察办督导" and second.actor == cast.office
    hand_made.refresh_from_db()
    assert hand_made.inspecting_unit == city


def test_the_office_sets_it_on_the_page_and_the_change_is_listed(client, cast, hand_made, units):
    client.force_login(cast.office)
    detail = client.get(reverse("inspections:detail", args=[hand_made.pk])).content.decode()
    url = reverse("inspections:inspecting_unit", args=[hand_made.pk])
    assert url in detail
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url, {"inspecting_unit": units.inspection_office.pk, "version": hand_made.version}
    )
    assert response.status_code == 302, response.content.decode()
    hand_made.refresh_from_db()
    assert hand_made.inspecting_unit == units.inspection_office
    detail = client.get(reverse("inspections:detail", args=[hand_made.pk])).content.decode()
    assert "区委巡察办" in detail
    stale = client.post(url, {"inspecting_unit": "", "reason": "撤回", "version": 1})
    assert stale.status_code == 400  # the form was made from an older version of the round
    no_reason = client.post(url, {"inspecting_unit": "", "version": hand_made.version})
    assert no_reason.status_code == 400
    listed = client.get(url).content.decode()
    changes = listed.split("data-inspecting-unit-changes")[1]
    assert "区委巡察办" in changes and cast.office.display_name in changes  # what, and who
    # A department is not among the choices.
    refused = client.post(url, {"inspecting_unit": units.party.pk, "version": hand_made.version})
    assert refused.status_code == 400


def test_readers_neither_see_the_link_nor_reach_the_page(client, cast, hand_made):
    url = reverse("inspections:inspecting_unit", args=[hand_made.pk])
    for user in (cast.leader, cast.discipline):
        client.force_login(user)
        detail = client.get(reverse("inspections:detail", args=[hand_made.pk])).content.decode()
        assert url not in detail
        assert client.get(url).status_code == 403
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


def test_the_create_page_names_the_inspecting_unit(client, cast, units):
    other_body = OrgUnitFactory(name="区委第三巡察组", kind=OrgUnitKind.INSPECTING_BODY)
    UserFactory(username="reviewer3", role=(Role.REVIEWER, other_body))
    client.force_login(cast.office)
    page = client.get(reverse("inspections:create")).content.decode()
    assert 'name="inspecting_unit"' in page and "区委巡察办" in page
    response = client.post(
        reverse("inspections:create"),
        {
            "title": "区委第三巡察组对海幢街道的巡察",
            "kind": "xuncha",
            "inspecting_body": "区委第三巡察组",
            "inspected_unit": units.street.pk,
            "inspecting_unit": other_body.pk,
        },
    )
    assert response.status_code == 302
    made = Inspection.objects.get(title="区委第三巡察组对海幢街道的巡察")
    assert made.inspecting_unit == other_body
    assert AuditEntry.objects.get(code="inspection.created", object_id=made.pk).after[
        "inspecting_unit"
    ]
