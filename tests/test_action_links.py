"""Every action a page offers is one its user may take (issue 12, 7).

Each role of the cast walks the pages it can reach from the start page, follows every link
and presses every button (each POST in a rolled-back savepoint, as the permission matrix
does): none may answer 403. On measure pages, every action form must also be one that the
policy's `allowed_actions` grants this user on this measure in its present state.
"""

import datetime as dt
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure
from rectify.measures.policy import Action, allowed_actions
from rectify.measures.services import (
    deadline_extension_request,
    progress_report_submit,
    signoff_request,
)

from .factories import FindingFactory, MeasureFactory, pdf_upload

SKIP_PREFIXES = ("/static/", "/admin/", "/i18n/", "/api/", "/accounts/logout/")
PER_VIEW = 2  # pages of one kind worth opening (the third measure page adds nothing)
MAX_PAGES = 90

# The measure page's forms and links, and the policy action each stands for.
MEASURE_ACTIONS = {
    "measures:edit": Action.EDIT_PLAN,
    "measures:report": Action.REPORT_PROGRESS,
    "measures:deadline_set": Action.SET_DEADLINE,
    "measures:mark_long_term": Action.MARK_LONG_TERM,
    "measures:suggestion": Action.EDIT_PLAN,
    "measures:extension_request": Action.REQUEST_EXTENSION,
    "measures:extension_decide": Action.DECIDE_EXTENSION,
    "signoff:request": Action.REQUEST_SIGNOFF,
    "signoff:approve": Action.APPROVE_SIGNOFF,
    "signoff:return": Action.RETURN_SIGNOFF,
    "signoff:withdraw": Action.WITHDRAW_SIGNOFF,
    "signoff:reopen": Action.REOPEN,
}


class Actions(HTMLParser):
    """Links (href) and buttons (the POST a form with this button sends) of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.posts: list[tuple[str, dict]] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = {"method": method, "action": a.get("action"), "data": {}, "buttons": []}
        elif self._form is not None and tag == "input" and a.get("name"):
            if a.get("type") in ("hidden", "text", "date", "number", None) and a.get("value"):
                self._form["data"][a["name"]] = a["value"]
        elif self._form is not None and tag == "button" and a.get("type", "submit") == "submit":
            self._form["buttons"].append((a.get("formaction"), a.get("name"), a.get("value")))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            form, self._form = self._form, None
            if form["method"] != "post":
                return
            for formaction, name, value in form["buttons"] or [(None, None, None)]:
                data = dict(form["data"])
                if name:
                    data[name] = value or ""
                self.posts.append((formaction or form["action"], data))


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def walk(client: Client, user) -> list[str]:
    """Follow links and buttons from the start page; return what was refused."""
    refused, seen, opened = [], set(), Counter()
    queue = deque([("/", "start")])
    while queue and len(seen) < MAX_PAGES:
        url, origin = queue.popleft()
        path = urlsplit(url).path
        name = view_name(path)
        if url in seen or name is None or path.startswith(SKIP_PREFIXES):
            continue
        if opened[name] >= PER_VIEW:
            continue
        seen.add(url)
        opened[name] += 1
        response = client.get(url, follow=True)
        if response.status_code == 403:
            refused.append(f"GET {url} (linked from {origin})")
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = Actions()
        page.feed(response.content.decode())
        here = response.request["PATH_INFO"]
        refused += check_measure_page(user, here, page)
        for href in page.links:
            target = urljoin(here, href)
            if urlsplit(target).netloc in ("", "testserver"):
                queue.append((urlsplit(target)._replace(scheme="", netloc="").geturl(), here))
        for action, data in page.posts:
            target = urljoin(here, action or here)
            if urlsplit(target).path.startswith(SKIP_PREFIXES):
                continue
            with transaction.atomic():
                answer = client.post(target, data)
                transaction.set_rollback(True)
            if answer.status_code == 403:
                refused.append(f"POST {target} (a button on {here})")
    return refused


def check_measure_page(user, path: str, page: Actions) -> list[str]:
    if view_name(path) != "measures:detail":
        return []
    measure = Measure.objects.get(pk=resolve(path).kwargs["pk"])
    allowed = allowed_actions(user, measure)
    offered = [(view_name(a or path), "form") for a, _d in page.posts]
    offered += [(view_name(h), "link") for h in page.links if view_name(h) == "measures:edit"]
    return [
        f"{kind} {name} on {path} ({measure.status}) without {MEASURE_ACTIONS[name]}"
        for name, kind in offered
        if name in MEASURE_ACTIONS and MEASURE_ACTIONS[name] not in allowed
    ]


@pytest.fixture
def ledger(imported, cast, units):
    """The seed round, with 执法办's measures in each state the pages treat differently."""
    finding = FindingFactory(inspection=imported.inspection, title="针对执法工作问题")
    MeasureFactory(finding=finding, lead_department=units.enforcement)
    requested = MeasureFactory(
        finding=finding, lead_department=units.enforcement, status=MeasureStatus.IN_PROGRESS
    )
    progress_report_submit(
        measure=requested, actor=cast.reporter, text="完成", files=[pdf_upload()]
    )
    signoff_request(measure=Measure.objects.get(pk=requested.pk), actor=cast.reporter, note="")
    waiting = MeasureFactory(finding=finding, lead_department=units.enforcement)
    deadline_extension_request(
        measure=waiting, actor=cast.reporter, new_deadline=dt.date(2031, 1, 1), reason="需协调"
    )
    return imported.inspection


ROLES = [
    "office",
    "leader",
    "dept_head",
    "reporter",
    "party_reporter",
    "discipline",
    "reviewer",
    "sysadmin",
    "secadmin",
    "auditadmin",
    "outsider",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_offers_an_action_its_user_may_not_take(role, cast, ledger):
    user = getattr(cast, role)
    client = Client()
    client.force_login(user)
    refused = walk(client, user)
    assert not refused, f"{role} is offered what they may not do:\n" + "\n".join(refused)
