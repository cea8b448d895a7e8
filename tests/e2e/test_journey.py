"""Issue 15 item 5: the whole journey in one real browser, in order.

The office creates the round, imports the seed feedback document and fills the plan grid; a
执法办 reporter on a 390 px phone reports progress with a photo and a Chinese-named PDF and
asks for sign-off; 区委巡察办's reviewer returns it with a reason, the reporter reports again
and asks again, the reviewer signs it off; the office exports the ledger (.xlsx) and generates
the notice (.docx), drafts and checks the public version; the leader approves and publishes
it; a member of the public (no log-in, on a phone) reads it and sends an opinion; the office
triages it (links it to the measure, then closes it with a reply).

Reuses the lifecycle test's browser/page fixtures and log-in helpers, the plan test's
selectors and the public test's artefact folder. Screenshots: $RECTIFY_ARTIFACTS (`make test`
and `.ci/run`: var/artifacts; else tests/artifacts; both gitignored), journey-NN-*.png;
scripts/readme_screenshots.py crops three of them into docs/screenshots/ for the README.
"""

import re
import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from rectify.inspections.models import Inspection
from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Evidence, Measure
from rectify.public.models import Opinion, Publication
from tests.e2e.test_lifecycle_browser import (  # noqa: F401 (fixtures)
    _browser_present,
    browser,
    log_in,
    log_out,
    page,
    pytestmark,
)
from tests.e2e.test_public_browser import artifacts
from tests.seed import SEED

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "区委第一巡察组对海幢街道党工委的巡察"


@pytest.fixture
def _easy_pow(settings):
    settings.RECTIFY_OPINION_POW_BITS = 12  # the real script, a quicker puzzle


def test_the_whole_journey(
    live_server,
    transactional_db,
    page,  # noqa: F811 (the fixture imported above)
    tmp_path,
    cast,
    units,
    _easy_pow,
):
    shots = artifacts()
    step = iter(range(1, 100))

    def shot(name: str, full: bool = True) -> None:
        page.screenshot(path=str(shots / f"journey-{next(step):02d}-{name}.png"), full_page=full)

    base = live_server.url

    # 1. 整改办 creates the round and imports the feedback document into it.
    log_in(page, base, "office")
    page.goto(f"{base}/inspections/")
    page.click("a:has-text('新建巡察')")
    page.fill("#id_title", TITLE)
    page.fill("#id_inspecting_body", "区委第一巡察组")
    # The inspecting unit: the district's own 区委巡察办, whose reviewer decides the
    # sign-offs below.
    page.select_option("#id_inspecting_unit", label=units.inspection_office.name)
    page.fill("#id_feedback_date", "2023-07-01")
    page.fill("#id_report_due_date", "2023-09-01")
    page.click("button:has-text('创建')")
    page.wait_for_selector(".message--success")
    inspection = Inspection.objects.get(title=TITLE)
    assert inspection.inspecting_unit == units.inspection_office
    assert units.inspection_office.name in page.inner_text("[data-inspecting-unit]")
    page.click("a:has-text('导入文件')")
    page.set_input_files("#id_file", str(SEED))
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/import/review/"))
    shot("import-review")
    page.click("button:has-text('确认导入')")
    page.wait_for_url(re.compile(rf"/inspections/{inspection.pk}/"))
    imported = Measure.objects.filter(inspection=inspection).count()
    assert imported > 10
    assert page.locator("#finding-tree details.node--item").count() > 0
    shot("imported")

    # 2. The plan grid: the first measure goes to 执法办, the reporter, a deadline.
    page.goto(f"{base}/inspections/{inspection.pk}/plan/grid/")
    first = page.locator("[data-grid-row]").nth(0)
    first.locator("input[data-col=lead_department]").fill("执法办")
    first.locator("input[data-col=responsible_person]").fill("reporter")
    first.locator("input[data-col=deadline]").fill("2030-12-31")
    shot("plan-grid")
    page.click("button:has-text('保存')")
    page.wait_for_selector(".message--success")
    measure = Measure.objects.filter(inspection=inspection).order_by("sort_key").first()
    assert measure.lead_department == units.enforcement
    assert measure.responsible_person == cast.reporter
    assert str(measure.deadline) == "2030-12-31"
    log_out(page)
    measure_url = f"{base}/measures/{measure.pk}/"

    # 3. 执法办经办人 on a phone: progress with a photo and a Chinese-named PDF, then sign-off.
    page.set_viewport_size({"width": 390, "height": 844})
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(small_png())
    report = tmp_path / "整改报告.pdf"
    report.write_bytes(PDF)
    log_in(page, base, "reporter")
    page.goto(measure_url)
    page.fill("#id_text", "已召开专题会议，完成2处违建拆除。")
    page.set_input_files("#id_files", [str(photo), str(report)])
    page.locator("#id_text").scroll_into_view_if_needed()
    shot("phone-report-form", full=False)  # what the phone shows: the form, files chosen
    page.click("button:has-text('保存整改进展')")
    page.wait_for_selector(".message--success")
    assert page.is_visible("a:has-text('整改报告.pdf')")
    assert page.is_visible("a:has-text('现场照片.png')")
    assert "整改中" in page.inner_text(".measure-head")
    evidence = Evidence.objects.filter(report__measure=measure)
    names = set(evidence.values_list("original_name", flat=True))
    assert names == {"现场照片.png", "整改报告.pdf"}, names
    page.fill("#id_note", "佐证材料已上传，请审核。")
    page.click("button:has-text('申请销号')")
    page.wait_for_selector(".message--success")
    assert "已申请销号" in page.inner_text(".measure-head")
    shot("phone-report-requested")
    log_out_phone(page)

    # 4. 区委巡察办's reviewer returns it with a reason.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "reviewer")
    page.goto(measure_url)
    assert "佐证材料已上传，请审核。" in page.inner_text(".panel--review")
    page.fill("#id_opinion", "缺少拆除前后对比照片，请补充。")
    page.click("button:has-text('退回')")
    page.wait_for_selector(".message--success")
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.RETURNED
    shot("returned")
    log_out(page)

    # 5. The reporter, on the phone again, sees why, reports again and asks again.
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "reporter")
    page.goto(measure_url)
    assert "缺少拆除前后对比照片" in page.inner_text(".measure-head")
    page.fill("#id_text", "已补充拆除前后对比照片。")
    page.set_input_files("#id_files", str(photo))
    page.click("button:has-text('保存整改进展')")
    page.wait_for_selector(".message--success")
    page.fill("#id_note", "已补充对比照片。")
    page.click("button:has-text('申请销号')")
    page.wait_for_selector(".message--success")
    assert "已申请销号" in page.inner_text(".measure-head")
    shot("phone-asked-again")
    log_out_phone(page)

    # 6. The reviewer signs it off.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "reviewer")
    page.goto(measure_url)
    page.fill("#id_opinion", "材料齐全，同意销号。")
    page.click("button:has-text('同意销号')")
    page.wait_for_selector(".message--success")
    assert "已销号" in page.inner_text(".measure-head .badge")
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.SIGNED_OFF
    shot("signed-off")
    log_out(page)

    # 7. 整改办 exports the ledger and generates the notice.
    log_in(page, base, "office")
    page.goto(f"{base}/measures/?inspection={inspection.pk}")
    assert "已销号" in page.inner_text(".ledger tbody")
    shot("ledger")
    with page.expect_download() as info:
        page.locator("a[data-export-form]").first.click()
    ledger = info.value
    assert ledger.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(BytesIO(ledger.path().read_bytes()), read_only=True).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "已销号" in cells and "执法办" in cells  # the signed-off measure, in the file
    page.goto(f"{base}/documents/inspections/{inspection.pk}/notice/")
    shot("notice-page")
    with page.expect_download() as info:
        page.click("button[name=format][value=docx]")
    notice = info.value
    assert notice.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(BytesIO(notice.path().read_bytes())) as docx:
        assert "word/document.xml" in docx.namelist()

    # 8. The office drafts and checks the public version.
    page.goto(f"{base}/publishing/inspections/{inspection.pk}/")
    page.click("button:has-text('根据台账生成')")
    page.wait_for_selector(".message--success")
    page.click("button:has-text('进行校验')")
    page.wait_for_selector(".message--success")
    assert "校验通过" in page.inner_text("[data-publication-status]")
    shot("publication-checked")
    log_out(page)

    # 9. The leader approves and publishes.
    log_in(page, base, "leader")
    page.goto(f"{base}/publishing/inspections/{inspection.pk}/")
    page.click("button:has-text('审批同意发布')")
    page.wait_for_selector(".message--success")
    page.click("button:has-text('发布')")
    page.wait_for_selector(".message--success")
    assert "已发布" in page.inner_text("[data-publication-status]")
    shot("published")
    log_out(page)
    publication = Publication.objects.get()

    # 10. The public, no log-in, on a phone: reads the notice and sends an opinion.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/public/")
    page.click(f"a:has-text('{units.street.name}')")
    page.click(f"a[href$='/public/notices/{publication.pk}/']")
    page.wait_for_url(re.compile(rf"/public/notices/{publication.pk}/"))
    body = page.inner_text("main")
    assert "版本 1" in body
    assert page.locator(f"#M{measure.pk}").count() == 1  # the signed-off measure, public
    shot("public-notice")
    page.wait_for_selector("form[data-pow-done]", timeout=60_000)
    page.select_option("#id_category", "rectification")
    page.fill("#id_text", "小区门口的违建还没有拆完，请核实。")
    page.fill("#id_name", "李四")
    page.fill("#id_contact", "13800138000")
    page.click("button:has-text('提交')")
    page.wait_for_selector("[data-reference]")
    reference = page.inner_text("[data-reference]")
    assert re.fullmatch(r"YJ-\d{4}-\d{6}", reference)
    shot("public-receipt")
    opinion = Opinion.objects.get(reference=reference)
    assert opinion.name == "李四"

    # 11. 整改办 triages it: linked to the measure, then closed with a reply.
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, base, "office")
    page.goto(f"{base}/publishing/opinions/")
    page.click(f"a:has-text('{reference}')")
    assert "李四" in page.inner_text("main")
    page.select_option("#link-measure", str(measure.pk))
    page.click("form:has(#link-measure) button[type=submit]")
    page.wait_for_selector(".message--success")
    page.fill("#close-note", "经核实，剩余违建已于本周拆除。")
    page.click("button:has-text('办结')")
    page.wait_for_selector(".message--success")
    assert "已办结" in page.inner_text("[data-opinion-status]")
    assert reference in page.inner_text("main")
    shot("triaged")
    opinion.refresh_from_db()
    assert opinion.status == "closed" and opinion.measure_id == measure.pk


def small_png() -> bytes:
    """A real 64x48 photo-like PNG (the evidence pipeline hashes images)."""
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 120, 40))
    for x in range(0, 64, 8):
        for y in range(48):
            image.putpixel((x, y), (30, 90, 160))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def log_out_phone(tab):
    """On a phone the user menu sits behind the navigation toggle."""
    toggle = tab.locator("[data-nav-toggle]")
    if toggle.is_visible():
        toggle.click()
    log_out(tab)
