"""A round's inspecting unit set on its page in a real browser, with the keyboard alone:
axe-core finds no serious or critical violation, the change (with its reason) is listed, and
the round's page names the unit."""

import re

from rectify.inspections.services import inspection_create, inspection_inspecting_unit_set
from rectify.orgs.enums import OrgUnitKind
from tests.e2e.test_keyboard_browser import keyboard_log_in, tab_to
from tests.e2e.test_lifecycle_browser import (  # noqa: F401 (fixtures)
    browser,
    page,
    pytestmark,
)
from tests.e2e.test_public_browser import artifacts, axe_violations
from tests.factories import OrgUnitFactory


def test_the_office_changes_the_inspecting_unit_with_the_keyboard(
    live_server,
    transactional_db,
    page,  # noqa: F811
    cast,
    units,
):
    round_ = inspection_create(
        actor=None, inspected_unit=units.street, title="手工轮次", inspecting_body="区委第二巡察组"
    )
    inspection_inspecting_unit_set(
        inspection=round_, actor=cast.office, unit=units.inspection_office
    )
    city = OrgUnitFactory(name="市委巡察办", kind=OrgUnitKind.INSPECTING_BODY)
    base = live_server.url
    keyboard_log_in(page, base, "office")
    page.goto(f"{base}/inspections/{round_.pk}/")
    page.click("[data-inspecting-unit] a")
    page.wait_for_url(re.compile(rf"/inspections/{round_.pk}/inspecting-unit/"))
    assert axe_violations(page) == []
    tab_to(page, "#id_inspecting_unit")
    page.select_option("#id_inspecting_unit", str(city.pk))  # the open list is the OS's
    tab_to(page, "#id_reason")
    page.keyboard.type("改由市委巡察办督导")
    tab_to(page, "button:has-text('保存')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message--success")
    assert "市委巡察办" in page.inner_text("[data-inspecting-unit]")
    page.goto(f"{base}/inspections/{round_.pk}/inspecting-unit/")
    changes = page.inner_text("[data-inspecting-unit-changes]")
    assert "改由市委巡察办督导" in changes and "区委巡察办" in changes
    page.screenshot(path=str(artifacts() / "inspecting-unit.png"), full_page=True)
    round_.refresh_from_db()
    assert round_.inspecting_unit == city
