"""Issue 12 in a real browser: what a new user trips over in the first hour.

Screenshots at 1366 and 390 px wide go to RECTIFY_SCREENSHOTS (default: the test's tmp).
"""

import os
import re
from pathlib import Path

import pytest

from tests.factories import FindingFactory, MeasureFactory

from .test_lifecycle_browser import CHROMIUM, MISSING, PASSWORD, REQUIRED, browser, log_in, page

__all__ = ["browser", "page"]  # the fixtures, shared with the lifecycle test

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRED, reason=MISSING),
]

WIDTHS = (1366, 390)


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("RECTIFY_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shoot(page, shots: Path, name: str) -> None:
    """The page as it is now, at desktop and at phone width (the desktop size is restored)."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def expire_session(page) -> None:
    """The session ends behind the user's back (as after the idle timeout)."""
    cookies = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(cookies)


def log_in_here(page, username: str) -> None:
    """On the log-in page the user was sent to: fill it in and press Enter."""
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")


def test_an_expired_session_keeps_what_was_typed(
    live_server, transactional_db, page, shots, cast, units, inspection
):
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement)
    base = live_server.url
    measure_path = f"/measures/{measure.pk}/"
    log_in(page, base, "reporter")
    page.goto(base + measure_path)

    # An htmx form: the progress report.
    page.fill("#id_text", "已召开专题会议，完成2处违建拆除。")
    expire_session(page)
    page.click("button:has-text('保存整改进展')")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert "会话已过期" in page.inner_text(".messages")
    assert "填回" in page.inner_text(".messages")
    assert page.locator(".user-menu").count() == 0  # a whole log-in page, no stale user
    shoot(page, shots, "session-1-login")
    log_in_here(page, "reporter")
    page.wait_for_url(re.compile(re.escape(measure_path) + r"$"))
    assert "405" not in page.content()
    assert page.input_value("#id_text") == "已召开专题会议，完成2处违建拆除。"
    assert page.is_visible("[data-draft-restored]")
    shoot(page, shots, "session-2-restored")
    assert measure.reports.count() == 0  # nothing was saved behind the user's back

    # A plain form inside a closed <details>: the extension request.
    page.goto(base + measure_path)  # a fresh visit: nothing is filled in
    assert page.input_value("#id_text") == ""
    page.click("summary:has-text('申请延期')")
    page.fill("#id_new_deadline", "2030-06-30")
    page.fill("#id_reason", "涉及多个部门协调，需延期。")
    expire_session(page)
    page.click("button:has-text('提交延期申请')")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    log_in_here(page, "reporter")
    page.wait_for_url(re.compile(re.escape(measure_path) + r"$"))
    assert page.input_value("#id_reason") == "涉及多个部门协调，需延期。"
    assert page.input_value("#id_new_deadline") == "2030-06-30"
    page.click("form[action$='/extensions/'] button[type=submit]")
    page.wait_for_selector(".message--success")
    assert measure.extensions.get().reason == "涉及多个部门协调，需延期。"
