"""Issue 15 in a real browser: the office drafts and checks the public notice, the leader
approves and publishes it, a member of the public (no log-in) reads it — axe-core finds no
serious or critical violation — and sends an opinion with a photo, the page's script doing the
proof of work; the office finds it in its queue by its reference number and closes it.

axe-core comes from src/rectify/static/vendor (pinned in assets.lock.json, fetched at install,
never while tests run). Screenshots go to $RECTIFY_ARTIFACTS (tests/artifacts otherwise).
"""

import os
import re
from pathlib import Path

import pytest

from rectify.public.models import Opinion, Publication
from tests.e2e.test_lifecycle_browser import (  # noqa: F401 (fixtures)
    _browser_present,
    browser,
    log_in,
    log_out,
    page,
    pytestmark,
)
from tests.factories import FindingFactory, MeasureFactory

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "src/rectify/static/vendor/axe-core/axe.min.js"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def artifacts() -> Path:
    path = Path(os.environ.get("RECTIFY_ARTIFACTS") or ROOT / "tests" / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


def axe_violations(tab) -> list[str]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run `make assets` (scripts/fetch_assets.py)")
    # Evaluated through the DevTools protocol: the page's CSP (no inline script) stays on.
    tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    found = tab.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def _easy_pow(settings):
    settings.RECTIFY_OPINION_POW_BITS = 12  # the real script, a quicker puzzle


def test_publish_read_and_send_an_opinion(
    live_server,
    transactional_db,
    page,  # noqa: F811 (the fixture imported above)
    tmp_path,
    cast,
    units,
    inspection,
    _easy_pow,
):
    shots = artifacts()
    finding = FindingFactory(inspection=inspection, title="针对违法建设管控不力问题")
    measure = MeasureFactory(
        finding=finding, lead_department=units.enforcement, text="群众张三反映的违建已拆除。"
    )
    base = live_server.url

    # 整改办 drafts the public version from the ledger and runs the checks.
    log_in(page, base, "office")
    page.goto(f"{base}/publishing/inspections/{inspection.pk}/")
    page.click("button:has-text('根据台账生成')")
    page.wait_for_selector(".message--success")
    page.click("button:has-text('进行校验')")
    page.wait_for_selector(".message--success")
    assert "校验通过" in page.inner_text("[data-publication-status]")
    page.screenshot(path=str(shots / "public-1-checked.png"), full_page=True)
    log_out(page)

    # 书记 approves and publishes.
    log_in(page, base, "leader")
    page.goto(f"{base}/publishing/inspections/{inspection.pk}/")
    page.click("button:has-text('审批同意发布')")
    page.wait_for_selector(".message--success")
    page.click("button:has-text('发布')")
    page.wait_for_selector(".message--success")
    assert "已发布" in page.inner_text("[data-publication-status]")
    log_out(page)
    publication = Publication.objects.get()

    # The public, not logged in, on a phone: the unit's page, the notice, masked; axe finds
    # nothing serious on either.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/public/")
    assert axe_violations(page) == []
    page.click(f"a:has-text('{units.street.name}')")
    assert axe_violations(page) == []
    page.click("a:has-text('区委第一巡察组')")
    page.wait_for_url(re.compile(rf"/public/notices/{publication.pk}/"))
    body = page.inner_text("main")
    assert "群众张某反映" in body and "张三" not in body and "版本 1" in body
    assert page.locator(f"#M{measure.pk}").count() == 1  # the measure's stable reference
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "public-2-notice-phone.png"), full_page=True)

    # The opinion: the script solves the puzzle and hides the question.
    page.wait_for_selector("form[data-pow-done]", timeout=60_000)
    assert page.locator("[data-pow-fallback]").is_hidden()
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(PNG)
    page.select_option("#id_category", "rectification")
    page.fill("#id_text", "小区门口的违建还没有拆完，请核实。")
    page.fill("#id_name", "李四")
    page.fill("#id_contact", "13800138000")
    page.set_input_files("#id_attachment", str(photo))
    page.click("button:has-text('提交')")
    page.wait_for_selector("[data-reference]")
    reference = page.inner_text("[data-reference]")
    assert re.fullmatch(r"YJ-\d{4}-\d{6}", reference)
    assert axe_violations(page) == []
    page.screenshot(path=str(shots / "public-3-receipt.png"), full_page=True)
    opinion = Opinion.objects.get(reference=reference)
    assert opinion.name == "李四" and opinion.attachment_name == "现场照片.png"

    # 整改办 finds it in the queue and closes it with a reply; the main internal pages on
    # the way have no serious axe violation either.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "office")
    internal = {}
    for url in ("/measures/", f"/measures/{measure.pk}/", "/measures/mine/"):
        page.goto(base + url)
        internal[url] = axe_violations(page)
    page.goto(f"{base}/publishing/opinions/")
    page.click(f"a:has-text('{reference}')")
    assert "李四" in page.inner_text("main") and "13800138000" in page.inner_text("main")
    page.fill("#close-note", "经核实，剩余违建已于本周拆除。")
    page.click("button:has-text('办结')")
    page.wait_for_selector(".message--success")
    assert "已办结" in page.inner_text("[data-opinion-status]")
    page.screenshot(path=str(shots / "public-4-triaged.png"), full_page=True)
    opinion.refresh_from_db()
    assert opinion.status == "closed"
    assert {url: found for url, found in internal.items() if found} == {}
