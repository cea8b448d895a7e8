"""Issue 12 in a real browser: what a new user trips over in the first hour.

Screenshots at 1366 and 390 px wide go to RECTIFY_SCREENSHOTS (default: the test's tmp).
"""

import os
import re
from pathlib import Path

import pytest

from rectify.measures.models import Measure
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
        page.wait_for_timeout(400)  # charts redraw after a resize (debounced)
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


CONTRAST = """(el) => {
  const rgb = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = (c) => {
    const [r, g, b] = rgb(c).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let node = el, bg = "rgba(0, 0, 0, 0)";
  while (node && (bg === "rgba(0, 0, 0, 0)" || bg === "transparent")) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement;
  }
  const [a, b] = [lum(getComputedStyle(el).color), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_language_switch_is_visible_and_kept_on_the_account(
    live_server, transactional_db, browser, shots, cast, units, inspection
):
    from rectify.orgs.models import User

    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement)
    base = live_server.url
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, base, "reporter")
    page.click(".user-menu summary")
    for name in ("中文", "English"):
        button = page.locator(f".user-menu button:has-text('{name}')")
        assert button.is_visible()
        assert button.evaluate(CONTRAST) >= 4.5, name  # readable (WCAG AA), not white on white
    page.screenshot(path=str(shots / "language-1-menu-1366.png"))
    page.set_viewport_size({"width": 390, "height": 900})  # the phone: open the menu first
    page.click("[data-nav-toggle]")
    for name in ("中文", "English"):
        button = page.locator(f".user-menu button:has-text('{name}')")
        assert button.is_visible() and button.evaluate(CONTRAST) >= 4.5, name
    page.screenshot(path=str(shots / "language-1-menu-390.png"), full_page=True)
    page.click(".user-menu button:has-text('English')")
    page.wait_for_selector("html[lang=en]")
    assert User.objects.get(username="reporter").language == "en"
    context.close()

    # Another browser, no cookie: the log-in opens in Chinese, the account then in English.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    assert page.get_attribute("html", "lang") == "zh-hans"
    log_in_here(page, "reporter")
    page.wait_for_url(re.compile(r"/inspections/"))
    page.goto(f"{base}/measures/{measure.pk}/")
    assert page.get_attribute("html", "lang") == "en"
    head = page.inner_text(".measure-head")
    assert "Finding: " in head and "：" not in head  # an English label, an English colon
    shoot(page, shots, "language-2-english")
    context.close()


def test_overview_figures_open_the_ledger_filtered_to_exactly_those_measures(
    live_server, transactional_db, page, shots, cast, units, inspection
):
    import datetime as dt

    from rectify.measures.enums import MeasureKind, MeasureStatus

    today = dt.date.today()
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    other = FindingFactory(inspection=inspection, title="针对党建工作薄弱问题")
    late = MeasureFactory(
        finding=finding, lead_department=units.enforcement, deadline=today - dt.timedelta(days=3)
    )
    late_elsewhere = MeasureFactory(
        finding=other, lead_department=units.party, deadline=today - dt.timedelta(days=9)
    )
    dateless = MeasureFactory(
        finding=other, lead_department=units.party, deadline=None, kind=MeasureKind.TIME_BOUND
    )
    MeasureFactory(
        finding=other, lead_department=units.party, deadline=None, kind=MeasureKind.LONG_TERM
    )  # needs no deadline
    ownerless = MeasureFactory(
        finding=finding,
        lead_department=None,
        responsible_person=None,
        deadline=today + dt.timedelta(days=30),
    )
    MeasureFactory(
        finding=finding,
        lead_department=units.enforcement,
        deadline=today + dt.timedelta(days=60),
        status=MeasureStatus.IN_PROGRESS,
    )
    base = live_server.url

    def ledger_ids():
        hrefs = page.eval_on_selector_all(
            ".ledger__measure a", "links => links.map(a => a.getAttribute('href'))"
        )
        return {int(h.strip("/").split("/")[-1]) for h in hrefs}

    log_in(page, base, "office")
    overview = f"{base}/inspections/{inspection.pk}/"
    page.goto(overview)
    shoot(page, shots, "figures-1-overview")
    page.click("a[data-figure=overdue]")
    page.wait_for_url(re.compile(r"overdue=on"))
    assert ledger_ids() == {late.pk, late_elsewhere.pk}

    page.goto(overview)
    page.click("a[data-warning=no_deadline]")
    page.wait_for_url(re.compile(r"no_deadline=on"))
    assert ledger_ids() == {dateless.pk}
    assert "未设时限" in page.inner_text(".ledger tbody")  # not the kind, a visible gap
    shoot(page, shots, "figures-2-no-deadline")

    page.goto(overview)
    page.click("a[data-warning=no_owner]")
    page.wait_for_url(re.compile(r"no_owner=on"))
    assert ledger_ids() == {ownerless.pk}

    # The tree's badge: that finding's overdue measures only.
    page.goto(overview)
    page.click(f"#finding-{finding.pk} a[data-overdue-link]")
    page.wait_for_url(re.compile(r"finding=\d+"))
    assert ledger_ids() == {late.pk}

    # The ledger counts the gaps, links to them, and sorts by deadline (header link).
    page.goto(f"{base}/measures/?inspection={inspection.pk}")
    assert "1 项未设完成时限" in page.inner_text("#ledger-count")
    page.click("#ledger-count a[data-missing=no_owner]")
    page.wait_for_url(re.compile(r"no_owner=on"))
    assert ledger_ids() == {ownerless.pk}
    page.goto(f"{base}/measures/?inspection={inspection.pk}")
    page.click(".ledger th a.sort-link")
    page.wait_for_url(re.compile(r"sort=deadline"))
    dates = page.eval_on_selector_all(".ledger tbody tr time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates) and len(dates) == 4
    page.click(".ledger th a.sort-link")
    page.wait_for_url(re.compile(r"sort=-deadline"))
    dates = page.eval_on_selector_all(".ledger tbody tr time", "ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)
    shoot(page, shots, "figures-3-sorted")


def test_a_department_tree_counts_what_it_may_open(
    live_server, transactional_db, page, shots, cast, units, inspection
):
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    MeasureFactory(finding=finding, lead_department=units.enforcement)
    for _n in range(3):
        MeasureFactory(finding=finding, lead_department=units.party)
    log_in(page, live_server.url, "reporter")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/")
    summary = page.inner_text(f"#finding-{finding.pk} > summary")
    assert "1 项措施" in summary and "4 项" not in summary
    assert page.is_visible("[data-tree-scope]")
    shoot(page, shots, "tree-department")


def test_the_return_reason_is_shown_at_the_top_and_on_my_work(
    live_server, transactional_db, page, shots, cast, units, inspection
):
    from rectify.measures.enums import MeasureStatus
    from rectify.measures.services import progress_report_submit, signoff_request
    from tests.factories import pdf_upload

    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题")
    measure = MeasureFactory(finding=finding, lead_department=units.enforcement)
    progress_report_submit(
        measure=measure, actor=cast.reporter, text="已拆除2处。", files=[pdf_upload()]
    )
    signoff_request(measure=Measure.objects.get(pk=measure.pk), actor=cast.reporter, note="")
    base = live_server.url
    measure_path = f"/measures/{measure.pk}/"

    # The leader returns without a reason: refused, and the address is the measure's again.
    log_in(page, base, "leader")
    page.goto(base + measure_path)
    page.click("button:has-text('退回')")
    page.wait_for_selector(".message--error")
    assert page.url.endswith(measure_path)
    page.reload()
    assert "405" not in page.content() and page.url.endswith(measure_path)
    page.fill("#id_opinion", "佐证材料缺少拆除前后对比照片，请补充。")
    page.click("button:has-text('退回')")
    page.wait_for_selector(".message--success")
    assert Measure.objects.get(pk=measure.pk).status == MeasureStatus.RETURNED
    page.goto(f"{base}/signoff/measures/{measure.pk}/return/")  # an action's address, opened
    assert page.url.endswith(measure_path)
    page.context.clear_cookies()

    # The reporter sees why, first thing on the measure and on 我的工作.
    log_in(page, base, "reporter")
    page.goto(base + measure_path)
    head = page.inner_text(".measure-head")
    assert "佐证材料缺少拆除前后对比照片" in head and "退回" in head
    shoot(page, shots, "return-1-measure")
    page.goto(f"{base}/measures/mine/")
    card = page.inner_text("#group-returned")
    assert "佐证材料缺少拆除前后对比照片" in card
    shoot(page, shots, "return-2-my-work")


ONE_LINE = "els => els.map(e => [e.textContent, e.getClientRects().length])"


def test_names_dates_and_options_do_not_break_badly(
    live_server, transactional_db, page, shots, cast, units, inspection
):
    import datetime as dt

    from tests.factories import UserFactory

    inspection.period_start, inspection.period_end = dt.date(2022, 7, 26), dt.date(2022, 10, 14)
    inspection.save()
    finding = FindingFactory(inspection=inspection, title="针对新增违法建设管控不力问题" * 3)
    for name in ("李明", "欧阳建国", "王芳"):
        MeasureFactory(
            finding=finding,
            lead_department=units.enforcement,
            responsible_person=UserFactory(display_name=name),
            responsible_leader=UserFactory(display_name="陈强"),
            text="召开专题会议研究整改，建立违法建设台账，逐宗明确责任人和完成时限。" * 2,
        )
    base = live_server.url
    log_in(page, base, "office")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/measures/?inspection={inspection.pk}")
        names = page.eval_on_selector_all(".ledger .name", ONE_LINE)
        assert {"李明", "欧阳建国", "王芳", "陈强", "执法办"} <= {text for text, _n in names}
        assert all(n == 1 for _t, n in names), (width, names)  # no name broken in two
        page.screenshot(path=str(shots / f"layout-1-ledger-{width}.png"), full_page=True)

        page.goto(f"{base}/inspections/{inspection.pk}/")
        dates = page.eval_on_selector_all("dt:has-text('巡察时间') + dd .nowrap", ONE_LINE)
        assert [d for d, _n in dates] == ["2022-07-26", "2022-10-14"]
        assert all(n == 1 for _d, n in dates), (width, dates)
        page.screenshot(path=str(shots / f"layout-2-inspection-{width}.png"))

        page.goto(f"{base}/documents/inspections/{inspection.pk}/notice/")
        boxes = page.evaluate(
            """() => {
              const mid = (el) => {
                const r = el.getBoundingClientRect();
                return r.top + r.height / 2;
              };
              const form = document.querySelector("form.filters--inline");
              return {
                checks: [...form.querySelectorAll("input[type=checkbox]")].map(mid),
                buttons: [...form.querySelectorAll("button")].map(mid),
                overflow: document.documentElement.scrollWidth - window.innerWidth,
              };
            }"""
        )
        assert len(boxes["checks"]) == 2 and boxes["overflow"] <= 0, boxes
        if width == 1366:  # one row: the options sit level with the buttons
            assert all(abs(c - boxes["buttons"][0]) <= 3 for c in boxes["checks"]), boxes
        page.screenshot(path=str(shots / f"layout-3-notice-{width}.png"))
