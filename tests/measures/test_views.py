"""The measure pages through the browser's eyes: ledger, measure page, actions, evidence.

Cast (tests/conftest.py): office plans, reporter works for 执法办, party_reporter for 党建办,
leader signs off and decides extensions, outsider belongs to another street.
"""

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rectify.measures.enums import ExtensionStatus, MeasureKind, MeasureStatus
from rectify.measures.models import DeadlineExtension, Evidence, Measure
from rectify.measures.services import progress_report_submit
from tests.factories import (
    DeadlineExtensionFactory,
    FindingFactory,
    IndicatorFactory,
    MeasureFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


def detail_url(measure):
    return reverse("measures:detail", args=[measure.pk])


def page_text(response) -> str:
    return response.content.decode()


# ---- Ledger --------------------------------------------------------------------------------


@pytest.fixture
def ledger_measures(inspection, units, cast):
    """60 measures of 执法办 plus 3 of 党建办, one overdue, one with an approved extension."""
    finding = FindingFactory(inspection=inspection, title="违法建设整治力度不足")
    measures = MeasureFactory.create_batch(
        60, finding=finding, lead_department=units.enforcement, responsible_person=cast.reporter
    )
    party = MeasureFactory.create_batch(3, finding=finding, lead_department=units.party)
    late = MeasureFactory(
        finding=finding, lead_department=units.party, overdue=True, text="拆除新增违建三处。"
    )
    DeadlineExtensionFactory(measure=measures[0], approved=True, requested_by=cast.reporter)
    DeadlineExtensionFactory(measure=measures[0], approved=True, requested_by=cast.reporter)
    for m in measures[1:4]:
        m.co_departments.add(units.party)
    return {"enforcement": measures, "party": party, "late": late}


def test_ledger_requires_login(client):
    response = client.get(reverse("measures:ledger"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_ledger_paginates_50_rows_with_constant_queries(
    client, cast, ledger_measures, django_assert_max_num_queries
):
    client.force_login(cast.office)
    with django_assert_max_num_queries(16):  # + unread messages, + co-operating outside units
        first = client.get(reverse("measures:ledger"))
    assert first.status_code == 200
    assert first.context["page"].paginator.count == 64
    assert len(first.context["page"].object_list) == 50
    with django_assert_max_num_queries(16):  # + unread messages, + co-operating outside units
        second = client.get(reverse("measures:ledger"), {"page": 2})
    assert len(second.context["page"].object_list) == 14
    assert "第 2 页，共 2 页" in page_text(second) or "Page 2 of 2" in page_text(second)


def test_ledger_query_count_does_not_grow_with_rows(
    client, cast, inspection, units, django_assert_num_queries
):
    finding = FindingFactory(inspection=inspection)
    MeasureFactory.create_batch(3, finding=finding, lead_department=units.enforcement)
    client.force_login(cast.office)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("measures:ledger"))  # the first request stamps the session (a write)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("measures:ledger"))
    MeasureFactory.create_batch(40, finding=finding, lead_department=units.enforcement)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("measures:ledger"))
    assert len(many) == len(few)


def test_ledger_marks_extended_deadlines_and_overdue(client, cast, ledger_measures):
    client.force_login(cast.office)
    response = client.get(reverse("measures:ledger"), {"q": ledger_measures["enforcement"][0].text})
    rows = list(response.context["page"])
    assert rows[0].extension_count == 2
    assert "延期 ×2" in page_text(response) or "extended ×2" in page_text(response)
    response = client.get(reverse("measures:ledger"), {"overdue": "on"})
    assert [m.pk for m in response.context["page"]] == [ledger_measures["late"].pk]
    assert "flag--overdue" in page_text(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, 1),
        ({"kind": "long_term"}, 0),
        ({"q": "拆除 违建"}, 1),
        ({"deadline_to": "2000-01-01"}, 0),
        ({"overdue": "on"}, 1),
    ],
)
def test_ledger_filters(client, cast, ledger_measures, params, expected):
    client.force_login(cast.office)
    response = client.get(reverse("measures:ledger"), params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == expected


def test_ledger_filter_by_department_and_person(client, cast, units, ledger_measures):
    client.force_login(cast.office)
    by_party = client.get(reverse("measures:ledger"), {"department": units.party.pk})
    # 3 led by 党建办, 1 overdue led by 党建办, 3 where it co-operates: counted once each.
    assert by_party.context["page"].paginator.count == 7
    by_person = client.get(reverse("measures:ledger"), {"person": cast.reporter.pk})
    assert by_person.context["page"].paginator.count == 60


def test_ledger_invalid_filter_is_reported_not_crashing(client, cast, ledger_measures):
    client.force_login(cast.office)
    response = client.get(reverse("measures:ledger"), {"deadline_from": "tomorrow", "q": "拆除"})
    assert response.status_code == 200
    assert response.context["form"].errors["deadline_from"]
    assert response.context["page"].paginator.count == 1  # the valid filter still applies


def test_ledger_htmx_returns_only_the_table(client, cast, ledger_measures):
    client.force_login(cast.office)
    response = client.get(
        reverse("measures:ledger"), {"status": "in_progress"}, HTTP_HX_REQUEST="true"
    )
    text = page_text(response)
    assert 'id="ledger-results"' in text
    assert "<html" not in text
    assert "HX-Request" in response["Vary"]


def test_ledger_is_scoped(client, cast, ledger_measures):
    client.force_login(cast.party_reporter)
    response = client.get(reverse("measures:ledger"))
    pks = {m.pk for m in response.context["page"]}
    enforcement_only = {m.pk for m in ledger_measures["enforcement"][4:]}
    assert not pks & enforcement_only  # 执法办's own measures are not 党建办's business
    assert response.context["page"].paginator.count == 7


def test_ledger_empty_state(client, cast):
    client.force_login(cast.sysadmin)
    response = client.get(reverse("measures:ledger"))
    assert response.status_code == 200
    assert 'class="empty"' in page_text(response)


# ---- Measure page and scoping ---------------------------------------------------------------


def test_measure_page_shows_facts_and_actions_for_reporter(client, cast, measure):
    IndicatorFactory(measure=measure)
    client.force_login(cast.reporter)
    response = client.get(detail_url(measure))
    assert response.status_code == 200
    text = page_text(response)
    assert measure.text in text
    assert "历史违建" in text and "<progress" in text
    assert reverse("measures:report", args=[measure.pk]) in text
    # 未开始: the transition table refuses a sign-off request, so the page does not offer one.
    assert reverse("signoff:request", args=[measure.pk]) not in text
    assert reverse("signoff:approve", args=[measure.pk]) not in text
    assert reverse("measures:edit", args=[measure.pk]) not in text
    measure.status = "in_progress"
    measure.save()
    assert reverse("signoff:request", args=[measure.pk]) in page_text(
        client.get(detail_url(measure))
    )


def test_outsider_gets_404_for_another_units_measure(client, cast, measure):
    client.force_login(cast.outsider)
    assert client.get(detail_url(measure)).status_code == 404


def test_party_reporter_cannot_see_enforcement_measure(client, cast, measure):
    client.force_login(cast.party_reporter)
    assert client.get(detail_url(measure)).status_code == 404
    response = client.post(reverse("measures:report", args=[measure.pk]), {"text": "越权报送"})
    assert response.status_code == 404


def test_read_only_role_sees_no_action_panels(client, cast, measure):
    client.force_login(cast.discipline)
    response = client.get(detail_url(measure))
    assert response.status_code == 200
    assert reverse("measures:report", args=[measure.pk]) not in page_text(response)


# ---- Progress with evidence -----------------------------------------------------------------


def test_report_with_multiple_evidence_files_and_indicator(client, cast, measure):
    indicator = IndicatorFactory(measure=measure)
    client.force_login(cast.reporter)
    response = client.post(
        reverse("measures:report", args=[measure.pk]),
        {
            "text": "已召开专题会议，制定拆违方案。",
            "files": [pdf_upload("会议纪要.pdf"), pdf_upload("拆违方案.pdf", b"%PDF-1.4\nother")],
            f"indicator_{indicator.pk}": "40",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    indicator.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    assert indicator.current_value == 40
    assert Evidence.objects.filter(report__measure=measure).count() == 2
    page = client.get(detail_url(measure))
    text = page_text(page)
    assert "会议纪要.pdf" in text and "拆违方案.pdf" in text
    assert "已保存整改进展" in text or "Progress report saved" in text


def test_report_without_text_shows_form_error(client, cast, measure):
    client.force_login(cast.reporter)
    response = client.post(reverse("measures:report", args=[measure.pk]), {"text": ""})
    assert response.status_code == 400
    assert response.context["forms"]["report"].errors["text"]


def test_report_with_disallowed_file_type_is_refused_with_message(client, cast, measure):
    client.force_login(cast.reporter)
    evil = SimpleUploadedFile("说明.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64)
    response = client.post(
        reverse("measures:report", args=[measure.pk]), {"text": "进展", "files": [evil]}
    )
    assert response.status_code == 400
    assert "说明.pdf" in page_text(response)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.NOT_STARTED
    assert not measure.reports.exists()


def test_report_keeps_input_via_htmx(client, cast, measure):
    client.force_login(cast.reporter)
    response = client.post(
        reverse("measures:report", args=[measure.pk]),
        {"text": "", "report_date": "2999-01-01"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert 'id="main"' in page_text(response)


# ---- Deadline extension ---------------------------------------------------------------------


def test_extension_request_and_leader_approval(client, cast, measure):
    new = measure.deadline + dt.timedelta(days=30)
    client.force_login(cast.reporter)
    response = client.post(
        reverse("measures:extension_request", args=[measure.pk]),
        {"new_deadline": new.isoformat(), "reason": "涉及多个部门，需协调。"},
    )
    assert response.status_code == 302
    ext = DeadlineExtension.objects.get(measure=measure)
    assert ext.status == ExtensionStatus.PENDING
    # The reporter cannot decide; the panel is not even shown.
    page = client.get(detail_url(measure))
    assert reverse("measures:extension_decide", args=[measure.pk, ext.pk]) not in page_text(page)
    denied = client.post(
        reverse("measures:extension_decide", args=[measure.pk, ext.pk]), {"approve": "1"}
    )
    assert denied.status_code == 403

    client.force_login(cast.leader)
    page = client.get(detail_url(measure))
    assert reverse("measures:extension_decide", args=[measure.pk, ext.pk]) in page_text(page)
    response = client.post(
        reverse("measures:extension_decide", args=[measure.pk, ext.pk]),
        {"approve": "1", "note": "同意"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.deadline == new
    page = client.get(detail_url(measure))
    assert "涉及多个部门" in page_text(page)


def test_extension_to_an_earlier_date_is_refused_with_message(client, cast, measure):
    client.force_login(cast.reporter)
    response = client.post(
        reverse("measures:extension_request", args=[measure.pk]),
        {"new_deadline": "2020-01-01", "reason": "理由"},
    )
    assert response.status_code == 400
    assert "新的完成时限必须晚于" in page_text(response) or "must be later" in page_text(response)


def test_extension_refused(client, cast, measure):
    ext = DeadlineExtensionFactory(measure=measure, requested_by=cast.reporter)
    old = measure.deadline
    client.force_login(cast.leader)
    response = client.post(
        reverse("measures:extension_decide", args=[measure.pk, ext.pk]), {"approve": "0"}
    )
    assert response.status_code == 302
    ext.refresh_from_db()
    measure.refresh_from_db()
    assert ext.status == ExtensionStatus.REFUSED
    assert measure.deadline == old


# ---- Plan editing with optimistic locking ---------------------------------------------------


def plan_data(measure, **overrides):
    data = {
        "version": measure.version,
        "text": measure.text,
        "kind": measure.kind,
        "target": "",
        "responsible_leader": "",
        "lead_department": measure.lead_department_id or "",
        "responsible_person": "",
    }
    data.update(overrides)
    return data


def test_edit_requires_office(client, cast, measure):
    client.force_login(cast.reporter)
    assert client.get(reverse("measures:edit", args=[measure.pk])).status_code == 403


def test_edit_plan_saves(client, cast, measure, units):
    client.force_login(cast.office)
    url = reverse("measures:edit", args=[measure.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        plan_data(
            measure,
            text="修订后的措施。",
            responsible_person=cast.reporter.pk,
            co_departments=[units.party.pk],
        ),
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.text == "修订后的措施。"
    assert measure.version == 2
    assert list(measure.co_departments.all()) == [units.party]


def test_edit_conflict_keeps_input_and_shows_message(client, cast, measure):
    client.force_login(cast.office)
    url = reverse("measures:edit", args=[measure.pk])
    first = plan_data(measure, text="第一人的修改。")
    second = plan_data(measure, text="第二人的修改，应当保留在表单里。")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 409
    text = page_text(response)
    assert "第二人的修改，应当保留在表单里。" in text
    assert "其他人" in text or "Someone else changed" in text
    measure.refresh_from_db()
    assert measure.text == "第一人的修改。"


def test_deadline_set_by_office_is_recorded(client, cast, measure):
    client.force_login(cast.office)
    new = timezone.localdate() + dt.timedelta(days=90)
    response = client.post(
        reverse("measures:deadline_set", args=[measure.pk]),
        {"version": measure.version, "new_deadline": new.isoformat(), "reason": "方案调整"},
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.deadline == new
    assert measure.extensions.get().status == ExtensionStatus.SET_DIRECTLY


def test_mark_long_term(client, cast, measure):
    client.force_login(cast.office)
    response = client.post(reverse("measures:mark_long_term", args=[measure.pk]), {"note": ""})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.LONG_TERM
    assert measure.kind == MeasureKind.LONG_TERM


def test_suggestion_confirm_and_dismiss(client, cast, inspection, units):
    finding = FindingFactory(inspection=inspection)
    suggested = MeasureFactory(
        finding=finding,
        lead_department=units.enforcement,
        suggested_status=MeasureStatus.LONG_TERM,
        suggestion_reason="原文：长期坚持",
    )
    other = MeasureFactory(
        finding=finding, lead_department=units.enforcement, suggested_status="in_progress"
    )
    client.force_login(cast.office)
    page = client.get(detail_url(suggested))
    assert "原文：长期坚持" in page_text(page)
    assert (
        client.post(
            reverse("measures:suggestion", args=[suggested.pk]), {"accept": "1"}
        ).status_code
        == 302
    )
    assert (
        client.post(reverse("measures:suggestion", args=[other.pk]), {"accept": "0"}).status_code
        == 302
    )
    suggested.refresh_from_db()
    other.refresh_from_db()
    assert suggested.status == MeasureStatus.LONG_TERM and not suggested.suggested_status
    assert other.status == MeasureStatus.NOT_STARTED and not other.suggested_status


# ---- Evidence download ----------------------------------------------------------------------


@pytest.fixture
def evidence(measure, cast):
    report = progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="进展",
        files=[pdf_upload("整改报告（终稿）.pdf")],
    )
    return report.evidence.get()


def test_evidence_download_headers(client, cast, evidence):
    client.force_login(cast.leader)
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''" in disposition
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A" in disposition  # 整改报告, RFC 5987
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == evidence.sha256


def test_evidence_download_is_permission_checked(client, cast, evidence):
    client.force_login(cast.party_reporter)
    assert client.get(reverse("measures:evidence_download", args=[evidence.pk])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("measures:evidence_download", args=[evidence.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("measures:evidence_download", args=[evidence.pk])).status_code == 302


def test_evidence_with_altered_content_is_refused(client, cast, evidence):
    with open(evidence.file.path, "ab") as fh:
        fh.write(b"tampered")
    client.force_login(cast.leader)
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code == 409
    assert "Content-Disposition" not in response
    text = page_text(response)
    assert evidence.sha256 in text
    assert "SHA-256" in text


def test_evidence_missing_file_is_refused(client, cast, evidence):
    import os

    os.remove(evidence.file.path)
    client.force_login(cast.leader)
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code == 409


# ---- My work --------------------------------------------------------------------------------


def test_my_work_groups(client, cast, inspection, units):
    today = timezone.localdate()
    finding = FindingFactory(inspection=inspection)
    mk = lambda **kw: MeasureFactory(finding=finding, lead_department=units.enforcement, **kw)  # noqa: E731
    late = mk(overdue=True)
    soon = mk(deadline=today + dt.timedelta(days=3), status=MeasureStatus.IN_PROGRESS)
    returned = mk(status=MeasureStatus.RETURNED)
    other = mk()
    done = mk(status=MeasureStatus.SIGNED_OFF)
    client.force_login(cast.reporter)
    response = client.get(reverse("measures:my_work"))
    groups = {k: list(page.object_list) for k, page in response.context["pages"].items()}
    assert groups["overdue"] == [late]
    assert groups["due_soon"] == [soon]
    assert groups["returned"] == [returned]
    assert groups["other"] == [other]
    assert response.context["counts"] == {"overdue": 1, "due_soon": 1, "returned": 1, "other": 1}
    assert done.pk not in {m.pk for g in groups.values() for m in g}


def test_my_work_sections_match_the_measure_rules(client, cast, inspection, units):
    """Every open status × deadline lands in exactly the group the Python rules name."""
    today = timezone.localdate()
    finding = FindingFactory(inspection=inspection)
    deadlines = [None, today - dt.timedelta(days=2), today, today + dt.timedelta(days=7)]
    deadlines.append(today + dt.timedelta(days=30))
    statuses = [
        MeasureStatus.NOT_STARTED,
        MeasureStatus.IN_PROGRESS,
        MeasureStatus.RETURNED,
        MeasureStatus.SIGNOFF_REQUESTED,
        MeasureStatus.LONG_TERM,
    ]
    made = [
        MeasureFactory(finding=finding, lead_department=units.enforcement, status=s, deadline=d)
        for s in statuses
        for d in deadlines
    ]
    soon = today + dt.timedelta(days=7)

    def expected(m):
        if m.is_overdue(today):
            return "overdue"
        if m.deadline and today <= m.deadline <= soon and m.status != "signoff_requested":
            return "due_soon"
        return "returned" if m.status == MeasureStatus.RETURNED else "other"

    client.force_login(cast.reporter)
    response = client.get(reverse("measures:my_work"))
    found = {m.pk: k for k, page in response.context["pages"].items() for m in page.object_list}
    assert found == {m.pk: expected(m) for m in made}


def _my_work_statements(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("measures:my_work")).status_code == 200
    return len(queries)


def test_my_work_is_paginated_and_its_statements_do_not_grow(
    client, cast, inspection, units, monkeypatch
):
    from rectify.measures.views import ledger as ledger_views

    monkeypatch.setattr(ledger_views, "MY_WORK_PAGE_SIZE", 5)
    today = timezone.localdate()
    finding = FindingFactory(inspection=inspection)

    def make(n):
        for kind in ("overdue", "returned", "other"):
            extra = {"overdue": {"overdue": True}, "returned": {"status": MeasureStatus.RETURNED}}
            MeasureFactory.create_batch(
                n, finding=finding, lead_department=units.enforcement, **extra.get(kind, {})
            )
        MeasureFactory.create_batch(
            n,
            finding=finding,
            lead_department=units.enforcement,
            deadline=today + dt.timedelta(days=2),
            status=MeasureStatus.IN_PROGRESS,
        )

    client.force_login(cast.reporter)
    make(2)
    client.get(reverse("measures:my_work"))  # the first request stamps the session (a write)
    few = _my_work_statements(client)
    make(10)  # 12 in each group: more than two pages of 5
    many = _my_work_statements(client)
    assert many == few
    response = client.get(reverse("measures:my_work"))
    assert response.context["counts"] == {
        "overdue": 12,
        "due_soon": 12,
        "returned": 12,
        "other": 12,
    }
    assert all(len(page.object_list) == 5 for page in response.context["pages"].values())
    assert "section=returned&amp;page=2" in page_text(response)
    more = client.get(
        reverse("measures:my_work"), {"section": "returned", "page": 3}, HTTP_HX_REQUEST="true"
    )
    assert more.templates[0].name == "measures/_my_work_page.html"
    rows = list(more.context["page"].object_list)
    assert len(rows) == 2 and all(m.status == MeasureStatus.RETURNED for m in rows)
    assert "section=returned" not in page_text(more)  # the last page: no "more"


def test_my_work_for_leader_lists_reviews(client, cast, measure):
    Measure.objects.filter(pk=measure.pk).update(status=MeasureStatus.SIGNOFF_REQUESTED)
    client.force_login(cast.leader)
    response = client.get(reverse("measures:my_work"))
    assert [m.pk for m in response.context["to_review"]] == [measure.pk]


def test_my_work_empty_state(client, cast):
    client.force_login(cast.party_reporter)
    response = client.get(reverse("measures:my_work"))
    assert response.status_code == 200
    assert 'class="empty"' in page_text(response)
