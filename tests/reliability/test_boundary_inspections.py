"""Inspection rounds, the notice's own text and withdrawal reasons are cleaned at the
boundary like findings and measures: control characters mapped or dropped, lengths refused
with a message naming the field instead of a database error or a silent cut."""

import pytest

from rectify.core.errors import ValidationFailed
from rectify.inspections import services
from rectify.inspections.models import NoticeSection

pytestmark = pytest.mark.django_db

DIRTY = "区委\x0b巡察\x01\x1b组\x7f"
CLEAN = "区委\n巡察组"


def test_a_round_is_created_with_clean_text(cast, units):
    inspection = services.inspection_create(
        actor=cast.office,
        inspected_unit=units.street,
        title=DIRTY,
        inspecting_body="第一\x0c组",
        inspected_unit_name="街道\x08党工委",
        preamble=DIRTY,
        contacts={"phone": "0571\x0b-1234"},
    )
    inspection.refresh_from_db()
    assert inspection.title == CLEAN
    assert inspection.inspecting_body == "第一\n组"
    assert inspection.inspected_unit_name == "街道党工委"
    assert inspection.preamble == CLEAN
    assert inspection.contacts == {"phone": "0571\n-1234"}


def test_a_round_is_updated_with_clean_text(cast, inspection):
    services.inspection_update(
        inspection=inspection, actor=cast.office, title=DIRTY, notice_title="通报\x02"
    )
    inspection.refresh_from_db()
    assert (inspection.title, inspection.notice_title) == (CLEAN, "通报")


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 300), ("inspecting_body", 200), ("issuer", 200)]
)
def test_too_long_round_text_is_refused_by_name(cast, units, inspection, field, limit):
    fields = {"title": "巡察", field: "长" * (limit + 1)}
    with pytest.raises(ValidationFailed) as refused:
        services.inspection_create(actor=cast.office, inspected_unit=units.street, **fields)
    assert f"{limit + 1}" in str(refused.value) and f"{limit}" in str(refused.value)
    with pytest.raises(ValidationFailed):
        services.inspection_update(
            inspection=inspection, actor=cast.office, **{field: "长" * (limit + 1)}
        )
    inspection.refresh_from_db()
    assert len(getattr(inspection, field)) <= limit


def test_the_notice_text_is_cleaned(cast, inspection):
    section = NoticeSection.objects.create(
        inspection=inspection, placement="before", label="一、", title="组织", text=""
    )
    services.notice_text_update(
        inspection=inspection,
        actor=cast.office,
        expected_version=inspection.version,
        fields={"preamble": DIRTY, "issuer": "区委\x1b巡察办"},
        contacts={"email": "a\x00b@example.cn"},
        sections={section.pk: {"title": "领导\x0b小组", "text": DIRTY}},
    )
    inspection.refresh_from_db()
    section.refresh_from_db()
    assert (inspection.preamble, inspection.issuer) == (CLEAN, "区委巡察办")
    assert inspection.contacts["email"] == "ab@example.cn"
    assert (section.title, section.text) == ("领导\n小组", CLEAN)


def test_replaced_notice_sections_are_cleaned(cast, inspection):
    services.notice_sections_replace(
        inspection=inspection,
        actor=cast.office,
        sections=[{"placement": "after", "label": "二\x01、", "title": DIRTY, "text": DIRTY}],
    )
    section = inspection.sections.get()
    assert (section.label, section.title, section.text) == ("二、", CLEAN, CLEAN)


def test_a_withdrawal_reason_is_cleaned_and_limited(cast, inspection):
    from tests.factories import FindingFactory

    finding = FindingFactory(inspection=inspection)
    with pytest.raises(ValidationFailed):
        services.finding_set_withdrawn(finding=finding, actor=cast.office, reason="长" * 2001)
    services.finding_set_withdrawn(finding=finding, actor=cast.office, reason=DIRTY)
    finding.refresh_from_db()
    assert finding.withdraw_reason == CLEAN
