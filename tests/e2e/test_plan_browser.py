"""Issue 9 in a real browser: create an inspection by hand, import a document into it, fill
the plan grid (a block pasted from Excel included), submit, approve, change one deadline with
a reason and read the diff. Screenshots go to RECTIFY_SCREENSHOTS (default: the test's tmp).
"""

import os
import re
from pathlib import Path

import pytest

from rectify.inspections.models import Inspection
from rectify.measures.enums import PlanStatus
from rectify.measures.models import Measure, Plan, PlanRevision
from tests.seed import SEED

from .test_lifecycle_browser import CHROMIUM, MISSING, REQUIRED, browser, log_in, log_out, page

__all__ = ["browser", "page"]  # the fixtures, shared with the lifecycle test

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not REQUIRED, reason=MISSING),
]

PASTE = """(
  ([target, text]) => {
    const data = new DataTransfer();
    data.setData("text/plain", text);
    const options = {clipboardData: data, bubbles: true, cancelable: true};
    target.dispatchEvent(new ClipboardEvent("paste", options));
  }
)"""


def test_plan_written_in_the_browser(live_server, transactional_db, page, tmp_path, cast, units):
    shots = Path(os.environ.get("RECTIFY_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, "office")

    # A round created by hand.
    page.goto(f"{base}/inspections/")
    page.click("a:has-text('新建巡察')")
    page.fill("#id_title", "区委第一巡察组对海幢街道党工委的巡察")
    page.fill("#id_inspecting_body", "区委第一巡察组")
    page.fill("#id_feedback_date", "2023-07-01")
    page.fill("#id_report_due_date", "2023-09-01")
    page.screenshot(path=str(shots / "01-new-inspection.png"), full_page=True)
    page.click("button:has-text('创建')")
    page.wait_for_selector(".message--success")
    inspection = Inspection.objects.get(title="区委第一巡察组对海幢街道党工委的巡察")

    # The document imported into it.
    page.click("a:has-text('导入文件')")
    page.set_input_files("#id_file", str(SEED))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/import/review/"))
    page.click("button:has-text('确认导入')")
    page.wait_for_url(re.compile(rf"/inspections/{inspection.pk}/"))
    assert Measure.objects.filter(inspection=inspection).count() > 10
    page.screenshot(path=str(shots / "02-inspection-page.png"))
    problem = page.locator("#finding-tree details.node--item").first
    assert problem.locator("a:has-text('添加整改措施')").count() == 1
    problem.locator("summary").first.click()
    problem.screenshot(path=str(shots / "02b-problem-tools.png"))

    # The plan grid: one row typed, a block of two rows pasted from Excel.
    page.goto(f"{base}/inspections/{inspection.pk}/plan/grid/")
    rows = page.locator("[data-grid-row]")
    first = rows.nth(0)
    first.locator("input[data-col=lead_department]").fill("执法办")
    first.locator("input[data-col=responsible_person]").fill("reporter")
    first.locator("input[data-col=deadline]").fill("2023-12-31")
    block = "执法办\t党建办\treporter\t2024-06-30\n党建办\t\tparty\t2023年12月底前"
    start = rows.nth(1).locator("input[data-col=lead_department]").element_handle()
    page.evaluate(PASTE, [start, block])
    pasted = rows.nth(2).locator("input[data-col=responsible_person]")
    assert pasted.input_value() == "party"
    early = rows.nth(3).locator("input[data-col=deadline]")
    early.fill("2023-01-01")
    assert "完成时限早于反馈日期" in rows.nth(3).inner_text()  # shown at once
    page.screenshot(path=str(shots / "03-plan-grid.png"))
    early.fill("")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".message--success")
    ordered = list(Measure.objects.filter(inspection=inspection).order_by("sort_key")[:3])
    assert [m.lead_department.name for m in ordered] == ["执法办", "执法办", "党建办"]
    assert ordered[2].responsible_person == cast.party_reporter

    # Submitted by the office, approved by the leader.
    page.goto(f"{base}/inspections/{inspection.pk}/plan/")
    page.click("button:has-text('提交审批')")
    page.wait_for_selector(".message--success")
    log_out(page)
    log_in(page, base, "leader")
    page.goto(f"{base}/inspections/{inspection.pk}/plan/")
    page.click("button:has-text('审批通过')")
    page.wait_for_selector(".message--success")
    assert Plan.objects.get(inspection=inspection).status == PlanStatus.APPROVED
    log_out(page)

    # One deadline changed with a reason; the diff is readable on both pages.
    log_in(page, base, "office")
    measure = ordered[0]
    page.goto(f"{base}/measures/{measure.pk}/")
    page.click("summary:has-text('设定完成时限')")
    form = page.locator("form[action$='/deadline/']")
    form.locator("input[name=new_deadline]").fill("2024-03-31")
    form.locator("textarea[name=reason]").fill("涉及资金安排，分两阶段推进")
    form.locator("button[type=submit]").click()
    page.wait_for_selector(".message--success")
    assert "涉及资金安排" in page.inner_text("#rev-h + .revisions")
    page.screenshot(path=str(shots / "04-measure-diff.png"), full_page=True)
    page.goto(f"{base}/inspections/{inspection.pk}/plan/")
    text = page.inner_text("main")
    assert "2023-12-31" in text and "2024-03-31" in text and "完成时限" in text
    page.screenshot(path=str(shots / "05-plan-versions.png"), full_page=True)
    assert PlanRevision.objects.filter(plan__inspection=inspection).count() == 2

    # The same pages on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(shots / "06-plan-phone.png"), full_page=True)
