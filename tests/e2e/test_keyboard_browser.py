"""The report and sign-off forms used with the keyboard alone (issue 15): Tab reaches each
field and button in order, every focused control shows a visible focus ring, Enter submits.
(The file chooser is the operating system's dialog; the test hands it the file.)"""

import re

from rectify.measures.enums import MeasureStatus
from tests.e2e.test_lifecycle_browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    browser,
    page,
    pytestmark,
)
from tests.factories import FindingFactory, MeasureFactory

FOCUS_RING = """() => {
    const s = getComputedStyle(document.activeElement);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
}"""


def tab_to(page, selector: str, limit: int = 250) -> None:  # noqa: F811
    """Press Tab until the focus is on `selector`; fail if it never gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.locator(f"{selector}:focus").count():
            ring = page.evaluate(FOCUS_RING)
            assert ring, f"{selector} has the focus but shows no focus ring"
            return
    raise AssertionError(f"Tab never reached {selector}")


def keyboard_log_in(page, base, username):  # noqa: F811
    page.goto(f"{base}/accounts/login/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inspections/"))


def test_report_and_sign_off_with_the_keyboard_alone(
    live_server,
    transactional_db,
    page,  # noqa: F811
    tmp_path,
    cast,
    units,
    inspection,
):
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement, text="制定方案。")
    pdf = tmp_path / "会议纪要.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    base, url = live_server.url, f"{live_server.url}/measures/{measure.pk}/"

    keyboard_log_in(page, base, "reporter")
    page.goto(url)
    tab_to(page, "#id_text")
    page.keyboard.type("已召开专题会议，完成2处违建拆除。")
    page.set_input_files("#id_files", str(pdf))
    tab_to(page, "button:has-text('保存整改进展')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message--success")
    assert "整改中" in page.inner_text(".measure-head")

    tab_to(page, "#id_note")
    page.keyboard.type("材料已上传，请审核。")
    tab_to(page, "button:has-text('申请销号')")
    page.keyboard.press("Enter")  # the confirmation dialog is accepted by the fixture
    page.wait_for_selector(".message--success")
    assert "已申请销号" in page.inner_text(".measure-head")

    page.context.clear_cookies()
    keyboard_log_in(page, base, "leader")
    page.goto(url)
    tab_to(page, "#id_opinion")
    page.keyboard.type("材料齐全，同意销号。")
    tab_to(page, "button:has-text('同意销号')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message--success")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF
