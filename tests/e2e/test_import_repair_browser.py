"""Issue 8 in a real browser: a feedback document uploaded as .txt and as .docx shows its full
problem tree in the preview; one wrong level is fixed there (with the mouse, then a change
made and undone by keyboard) and the ledger holds the tree as shown.

Screenshots go to $RECTIFY_SCREENSHOTS (a temporary directory otherwise).
"""

import os
import re
from pathlib import Path

import docx
import pytest

from rectify.inspections.models import Finding, Inspection
from tests.e2e.test_lifecycle_browser import (  # noqa: F401 (fixtures)
    _browser_present,
    browser,
    log_in,
    page,
    pytestmark,
)

expect = pytest.importorskip("playwright.sync_api").expect
FEEDBACK = Path(__file__).parent.parent / "parsing" / "corpus" / "town_feedback_three_levels.txt"


def _file(tmp_path: Path, suffix: str) -> Path:
    text = FEEDBACK.read_text(encoding="utf-8")
    path = tmp_path / f"镇巡察反馈意见{suffix}"
    if suffix == ".txt":
        path.write_text(text, encoding="utf-8")
    else:
        document = docx.Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        document.save(str(path))
    return path


def _counts(tab) -> str:
    return tab.inner_text("[data-repair-counts]")


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_feedback_tree_repaired_in_the_preview_is_saved_as_shown(
    live_server,
    transactional_db,
    page,  # noqa: F811 (the fixture imported above)
    tmp_path,
    cast,
    units,
    suffix,
):
    shots = Path(os.environ.get("RECTIFY_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/documents/import/")
    page.set_input_files("#id_file", str(_file(tmp_path, suffix)))
    page.click("button[type=submit].button--primary")
    page.wait_for_url(re.compile(r"/import/review/\d+/"))

    # The full tree: 3 aspects, 6 problems, 10 specific items.
    assert "3 个方面, 6 个问题, 10 个具体表现" in _counts(page)
    assert page.locator(".repair-node").count() == 19
    page.screenshot(path=str(shots / f"repair-1-read{suffix}.png"), full_page=True)

    # One wrong level: 招商引资… is a problem of its own, not an item of （一）.
    node = page.locator(".repair-node[data-path='0.0.1']")
    assert "招商引资" in node.locator(".repair-node__title").input_value()
    node.locator("button[value=promote]").click()
    expect(page.locator("[data-repair-counts]")).to_contain_text("7 个问题")
    assert "3 个方面, 7 个问题, 9 个具体表现" in _counts(page)
    page.screenshot(path=str(shots / f"repair-2-fixed{suffix}.png"), full_page=True)

    # By keyboard: demote the second aspect (Enter on its button), then undo it.
    page.locator(".repair-node[data-path='1'] button[value=demote]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-repair-counts]")).to_contain_text("2 个方面")
    page.locator("button[value=undo]").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-repair-counts]")).to_contain_text("3 个方面, 7")

    page.click("button[name=confirm]")
    page.wait_for_url(re.compile(r"/inspections/"))
    page.screenshot(path=str(shots / f"repair-3-imported{suffix}.png"), full_page=True)
    inspection = Inspection.objects.get()
    assert inspection.report_due_date.isoformat() == "2023-08-15"
    moved = Finding.objects.get(inspection=inspection, title__startswith="招商引资")
    assert moved.kind == "problem" and moved.parent.kind == "aspect"
    assert Finding.objects.filter(inspection=inspection, kind="aspect").count() == 3
    assert Finding.objects.filter(inspection=inspection, kind="problem").count() == 7
    assert Finding.objects.filter(inspection=inspection, kind="item").count() == 9


def test_move_under_another_node_with_the_picker_by_keyboard(
    live_server,
    transactional_db,
    page,  # noqa: F811 (the fixture imported above)
    tmp_path,
    cast,
    units,
):
    shots = Path(os.environ.get("RECTIFY_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    log_in(page, base, "office")
    page.goto(f"{base}/documents/import/")
    page.set_input_files("#id_file", str(_file(tmp_path, ".txt")))
    page.click("button[type=submit].button--primary")
    page.wait_for_url(re.compile(r"/import/review/\d+/"))

    # 招商引资… (0.0.1, an item of （一）) moves under the second aspect: Enter on its
    # "Move under…" button, the picker opens on its parent; choose "1" and press Enter.
    page.locator(".repair-node[data-path='0.0.1'] [data-repair-move-open]").focus()
    page.keyboard.press("Enter")
    picker = page.locator("[data-repair-move-target]")
    expect(picker).to_be_focused()
    assert picker.input_value() == "0.0"
    assert page.locator("[data-repair-move-target] option[value='0.0.1']").is_disabled()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(shots / "repair-move-picker.png"))
    picker.select_option("1")
    page.keyboard.press("Enter")
    expect(page.locator("[data-repair-counts]")).to_contain_text("7 个问题")
    moved = page.locator(".repair-node--focus .repair-node__title")
    assert moved.input_value().startswith("招商引资")
    assert page.locator(".repair-node--focus").get_attribute("data-path").startswith("1.")
