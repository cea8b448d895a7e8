"""A measure's whole life in a real browser: report with evidence, request sign-off, the
leader approves; and an illegal transition refused with a message.

Needs Chromium at /usr/bin/chromium (Debian package `chromium`): skipped, loudly, without it,
except where RECTIFY_REQUIRE_BROWSER is set (CI sets it in .ci/run): there a missing browser
fails the run.
"""

import os
import re
from pathlib import Path

import pytest
from django.db import connections

from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Evidence, Measure
from tests.factories import FindingFactory, MeasureFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "Passw0rd!x"

REQUIRED = os.environ.get("RECTIFY_REQUIRE_BROWSER", "").lower() not in {"", "0", "false", "no"}
MISSING = f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRED, reason=MISSING),
]


@pytest.fixture(autouse=True)
def _browser_present():
    if not Path(CHROMIUM).exists():  # only reached when RECTIFY_REQUIRE_BROWSER is set
        pytest.fail(f"RECTIFY_REQUIRE_BROWSER is set: {MISSING}")


@pytest.fixture
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are ordinary synchronous code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Irreversible acts ask for confirmation; the user says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    # ORM calls made while Playwright's loop runs get their own connection (asgiref's
    # context-local storage); close it, or PostgreSQL cannot drop the test database.
    connections.close_all()


def log_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".auth-card button[type=submit]")
    page.wait_for_url(re.compile(r"/inspections/"))


def log_out(page):
    page.click(".user-menu summary")
    page.click(".user-menu button:has-text('退出登录')")
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_lifecycle_in_the_browser(
    live_server, transactional_db, page, tmp_path, cast, units, inspection
):
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    measure = MeasureFactory(
        finding=finding, lead_department=units.enforcement, text="制定拆违方案。"
    )
    evidence_file = tmp_path / "拆违工作会议纪要.pdf"
    evidence_file.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    base = live_server.url
    measure_url = f"{base}/measures/{measure.pk}/"

    # 执法办经办人 reports progress with evidence, then asks for sign-off.
    log_in(page, base, "reporter")
    page.goto(measure_url)
    page.fill("#id_text", "已召开专题会议，完成2处违建拆除。")
    page.set_input_files("#id_files", str(evidence_file))
    page.click("button:has-text('保存整改进展')")
    page.wait_for_selector(".message--success")
    assert "已保存整改进展" in page.inner_text(".messages")
    assert page.is_visible("a:has-text('拆违工作会议纪要.pdf')")
    assert "整改中" in page.inner_text(".measure-head")
    assert Evidence.objects.filter(report__measure=measure).count() == 1

    page.fill("#id_note", "佐证材料已上传，请审核。")
    page.click("button:has-text('申请销号')")
    page.wait_for_selector(".message--success")
    assert "已申请销号" in page.inner_text(".measure-head")
    log_out(page)

    # 书记 reviews and signs off.
    log_in(page, base, "leader")
    page.goto(measure_url)
    assert "佐证材料已上传，请审核。" in page.inner_text(".panel--review")
    page.fill("#id_opinion", "材料齐全，同意销号。")
    page.click("button:has-text('同意销号')")
    page.wait_for_selector(".message--success")
    assert "已销号" in page.inner_text(".measure-head .badge")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF

    # The evidence downloads with its Chinese name.
    with page.expect_download() as info:
        page.click("a:has-text('拆违工作会议纪要.pdf')")
    assert info.value.suggested_filename == "拆违工作会议纪要.pdf"


def test_illegal_transition_is_refused_with_a_message(
    live_server, transactional_db, page, cast, units, inspection
):
    finding = FindingFactory(inspection=inspection)
    fresh = MeasureFactory(finding=finding, lead_department=units.enforcement)
    measure = MeasureFactory(
        finding=finding, lead_department=units.enforcement, status=MeasureStatus.IN_PROGRESS
    )
    log_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/measures/{fresh.pk}/")
    # 未开始: the workflow refuses a sign-off request, so the page offers none.
    assert page.locator("button:has-text('申请销号')").count() == 0
    page.goto(f"{live_server.url}/measures/{measure.pk}/")
    page.click("button:has-text('申请销号')")
    alert = page.wait_for_selector(".message--error")
    assert "尚未报送任何整改进展" in alert.inner_text()
    assert "整改中" in page.inner_text(".measure-head")
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.IN_PROGRESS
