"""Every role through every page, API endpoint, export and download: allowed or refused.

"Allowed" means the request got past permission (any answer but 403, 404 or a redirect to
the login page: a 400 for a state rule still counts as allowed). "Refused" is 403 or 404
(out of reach), or the login page for the anonymous public. Each request runs in a rolled-back
savepoint so one role's write does not change what the next role meets.

The table at the bottom is the contract; `test_every_url_is_in_the_matrix` fails when a new
view is added without a row here. The same table is in docs/permissions.md.
"""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from rectify.api.services import api_token_create
from rectify.measures.services import (
    deadline_extension_request,
    indicator_set,
    progress_report_submit,
    signoff_request,
)

from .factories import FindingFactory, MeasureFactory, pdf_upload

SEED = Path(__file__).resolve().parents[1] / "src/rectify/demo/demo_data"

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
    "anon",
]
LOGGED = set(ROLES) - {"anon"}
READERS = {"office", "leader", "dept_head", "reporter", "discipline", "reviewer"}
WORKERS = {"office", "reporter", "dept_head"}
REVIEWERS = {"leader", "reviewer"}

# (url name, method, url builder key, allowed roles)
MATRIX = [
    # Health endpoints for load balancers and monitoring: public, JSON, nothing sensitive.
    ("healthz", "GET", None, set(ROLES)),
    ("readyz", "GET", None, set(ROLES)),
    ("home", "GET", None, set(ROLES)),
    ("login", "GET", None, set(ROLES)),
    ("password_change", "GET", None, LOGGED),
    ("password_change_done", "GET", None, LOGGED),
    ("otp_setup", "GET", None, LOGGED),
    ("otp_verify", "GET", None, LOGGED),
    ("logout", "POST", None, set(ROLES)),
    ("set_language", "POST", None, set(ROLES)),
    ("inspections:list", "GET", None, LOGGED),
    ("inspections:detail", "GET", "inspection", READERS),
    # Creating and arranging a round by hand: the rectification office (outsider: its street).
    ("inspections:create", "GET", None, {"office", "outsider"}),
    ("inspections:create", "POST", None, {"office", "outsider"}),
    # Its inspecting unit (whose reviewers sign off): the office of the inspected unit.
    ("inspections:inspecting_unit", "GET", "inspection", {"office"}),
    ("inspections:inspecting_unit", "POST", "inspection", {"office"}),
    ("inspections:plan", "GET", "inspection", READERS),
    ("inspections:plan_grid", "GET", "inspection", {"office"}),
    ("inspections:plan_grid", "POST", "inspection", {"office"}),
    ("inspections:plan_submit", "POST", "inspection", {"office"}),
    ("inspections:plan_approve", "POST", "inspection", {"leader"}),
    ("inspections:plan_return", "POST", "inspection", {"leader"}),
    ("inspections:finding_add", "GET", "inspection", {"office"}),
    ("inspections:finding_add", "POST", "inspection", {"office"}),
    ("inspections:finding_edit", "GET", "finding", {"office"}),
    ("inspections:finding_edit", "POST", "finding", {"office"}),
    ("inspections:finding_move", "POST", "finding", {"office"}),
    ("inspections:finding_delete", "POST", "finding", {"office"}),
    ("inspections:finding_withdraw", "POST", "finding", {"office"}),
    # 外单位: one register for the deployment, kept by any rectification office.
    ("inspections:outside_units", "GET", None, {"office", "outsider"}),
    ("inspections:outside_unit_add", "GET", None, {"office", "outsider"}),
    ("inspections:outside_unit_add", "POST", None, {"office", "outsider"}),
    ("inspections:outside_unit_edit", "GET", "outside_unit", {"office", "outsider"}),
    ("inspections:outside_unit_merge", "POST", None, {"office", "outsider"}),
    ("inspections:measure_add", "GET", "finding", {"office"}),
    ("inspections:measure_add", "POST", "finding", {"office"}),
    ("inspections:measure_move", "POST", "measure", {"office"}),
    ("inspections:measure_delete", "POST", "measure", {"office"}),
    ("inspections:measure_withdraw", "POST", "measure", {"office"}),
    ("measures:ledger", "GET", None, LOGGED),
    ("measures:my_work", "GET", None, LOGGED),
    ("measures:detail", "GET", "measure", READERS),
    ("measures:edit", "GET", "measure", {"office"}),
    ("measures:edit", "POST", "measure", {"office"}),
    ("measures:report", "POST", "measure", WORKERS),
    ("measures:deadline_set", "POST", "measure", {"office"}),
    ("measures:mark_long_term", "POST", "measure", {"office"}),
    ("measures:suggestion", "POST", "measure", {"office"}),
    ("measures:extension_request", "POST", "measure", WORKERS),
    ("measures:extension_decide", "POST", "extension", {"leader"}),
    ("measures:evidence_download", "GET", "evidence", READERS),
    ("signoff:request", "POST", "measure", WORKERS),
    ("signoff:approve", "POST", "requested", REVIEWERS),
    ("signoff:return", "POST", "requested", REVIEWERS),
    ("signoff:withdraw", "POST", "requested", {"office", "reporter"}),
    ("signoff:reopen", "POST", "measure", REVIEWERS | {"office"}),
    ("reports:problems", "GET", None, LOGGED),
    ("reports:tasks", "GET", None, LOGGED),
    ("reports:responsibility", "GET", None, LOGGED),
    ("reports:inspection_chart", "GET", "inspection", READERS),
    ("insights:inspection", "GET", "inspection", READERS),
    ("insights:gates", "GET", "inspection", READERS),
    ("insights:gates", "POST", "inspection", {"office"}),
    ("insights:dashboard", "GET", "inspection", READERS),
    ("insights:summary", "GET", "inspection", READERS),
    ("insights:leader", "GET", None, LOGGED),
    ("insights:district", "GET", None, LOGGED),
    # Any rectification office may start an import into its own unit (outsider: its street).
    ("imports:import_upload", "GET", None, {"office", "outsider"}),
    ("imports:import_upload", "GET", "inspection_id", {"office"}),
    ("imports:import_review", "GET", "draft", {"office"}),
    ("imports:import_repair", "POST", "draft", {"office"}),  # the draft's owner only
    ("imports:ledger_import", "GET", "inspection_id", {"office"}),
    ("imports:ledger_import", "POST", "inspection_id", {"office"}),
    ("notices:notice", "GET", "inspection", READERS),
    ("notices:notice_check", "GET", "inspection", READERS),
    # The whole plan and the report as documents: who writes, approves, supervises, receives.
    ("notices:plan_document", "GET", "inspection", {"office", "leader", "discipline", "reviewer"}),
    (
        "notices:report_document",
        "GET",
        "inspection",
        {"office", "leader", "discipline", "reviewer"},
    ),
    ("notices:notice_edit", "GET", "inspection", {"office"}),
    ("reports:ledger_export", "GET", None, LOGGED),
    ("reports:export_detail", "GET", "job", {"office"}),  # the owner only
    ("reports:export_download", "GET", "job", {"office"}),
    ("manage:users", "GET", None, {"sysadmin"}),
    ("manage:user_active", "POST", "user", {"sysadmin"}),
    ("manage:user_password", "POST", "user", {"sysadmin"}),
    ("manage:user_unlock", "POST", "user", {"secadmin"}),
    ("manage:units", "GET", None, {"sysadmin"}),
    ("manage:roles", "GET", None, {"secadmin"}),
    ("manage:role_revoke", "POST", "membership", {"secadmin"}),
    ("jobs:list", "GET", None, {"sysadmin"}),
    ("supervision:inbox", "GET", None, LOGGED),
    ("supervision:inbox_read", "POST", None, LOGGED),
    ("supervision:channels", "POST", None, LOGGED),
    ("supervision:deliveries", "GET", None, {"sysadmin"}),
    ("supervision:notices", "GET", None, LOGGED),
    ("supervision:notice", "GET", "notice", READERS),
    ("supervision:notice", "POST", "notice", WORKERS),  # those who report on the measure
    ("supervision:rechecks", "GET", None, LOGGED),
    ("supervision:recheck", "POST", "recheck", {"office", "leader", "reviewer"}),
    ("supervision:meetings", "GET", None, LOGGED),
    ("supervision:meeting_add", "GET", None, {"office", "leader", "outsider"}),  # own unit
    ("supervision:meeting_add", "POST", None, {"office", "leader", "outsider"}),
    ("supervision:decision_done", "POST", "decision", {"office", "leader", "reporter"}),
    ("supervision:register", "GET", None, {"discipline"}),
    ("supervision:register_add", "GET", None, {"discipline"}),
    ("supervision:register_add", "POST", None, {"discipline"}),
    ("supervision:register_record", "GET", "record", {"discipline"}),
    ("notices:supervision_notice_docx", "GET", "notice", READERS),
    ("notices:discipline_docx", "GET", "record", {"discipline"}),
    ("audit:entries", "GET", None, {"auditadmin"}),
    ("audit:export", "GET", None, {"auditadmin"}),
    ("api:api-root", "GET", None, LOGGED),
    ("api:schema", "GET", None, LOGGED),
    ("api:inspection-list", "GET", None, LOGGED),
    ("api:inspection-detail", "GET", "inspection", READERS),
    ("api:inspection-findings", "GET", "inspection", READERS),
    ("api:inspection-stats", "GET", "inspection", READERS),
    ("api:measure-list", "GET", None, LOGGED),
    ("api:measure-detail", "GET", "measure", READERS),
    ("api:measure-reports", "GET", "measure", READERS),
    ("api:measure-reports", "POST", "measure", WORKERS),
    # The public site: anyone, logged in or not.
    ("public:index", "GET", None, set(ROLES)),
    ("public:unit", "GET", "unit", set(ROLES)),
    ("public:notice", "GET", "publication", set(ROLES)),
    ("public:reference", "GET", "reference", set(ROLES)),
    ("public:opinion_new", "GET", "unit", set(ROLES)),
    ("public:opinion_new", "POST", "unit", set(ROLES)),
    ("public:opinion_challenge", "GET", None, set(ROLES)),
    ("public:opinion_status", "GET", None, set(ROLES)),
    # Publishing: the office drafts and checks, the leader approves, either publishes or
    # withdraws; the discipline office reads. Opinions: office and discipline office read
    # (names and contacts included), the office triages.
    ("publishing:index", "GET", None, {"office", "leader", "discipline", "outsider"}),
    ("publishing:inspection", "GET", "inspection", {"office", "leader", "discipline"}),
    ("publishing:draft", "POST", "inspection", {"office"}),
    ("publishing:preview", "GET", "publication", {"office", "leader", "discipline"}),
    ("publishing:check", "POST", "publication", {"office"}),
    ("publishing:approve", "POST", "publication", {"leader"}),
    ("publishing:publish", "POST", "publication", {"office", "leader"}),
    ("publishing:withdraw", "POST", "publication", {"office", "leader"}),
    ("publishing:opinions", "GET", None, {"office", "discipline", "outsider"}),
    ("publishing:opinion", "GET", "opinion", {"office", "discipline"}),
    ("publishing:opinion_triage", "POST", "opinion", {"office"}),
    ("publishing:opinion_attachment", "GET", "opinion", {"office", "discipline"}),
    # API v1 (session here; the same through a bearer token: test_v1_matrix_with_tokens).
    ("api:openapi", "GET", None, LOGGED),
    ("api:docs", "GET", None, LOGGED),
    ("api:tokens", "GET", None, LOGGED),
    ("api:tokens", "POST", None, LOGGED),  # every user makes their own tokens
    ("api:token_revoke", "POST", "token", {"office"}),  # the owner only
    ("api:v1:not_found", "GET", None, set()),  # a JSON 404 for every other address
    *[
        (f"api:v1:{name}-list", "GET", None, LOGGED)
        for name in (
            "inspection",
            "finding",
            "measure",
            "indicator",
            "progress-report",
            "evidence",
            "signoff",
            "extension",
        )
    ],
    # Opinions: the queue's rule (office and discipline office; an office elsewhere, empty).
    ("api:v1:opinion-list", "GET", None, {"office", "discipline", "outsider"}),
    ("api:v1:opinion-detail", "GET", "opinion", {"office", "discipline"}),
    ("api:v1:opinion-link", "POST", "opinion", {"office"}),
    ("api:v1:opinion-open-finding", "POST", "opinion", {"office"}),
    ("api:v1:opinion-forward", "POST", "opinion", {"office"}),
    ("api:v1:opinion-close", "POST", "opinion", {"office"}),
    ("api:v1:opinion-attachment", "GET", "opinion", {"office", "discipline"}),
    ("api:v1:inspection-detail", "GET", "inspection", READERS),
    ("api:v1:inspection-stats", "GET", "inspection", READERS),
    ("api:v1:inspection-notice", "GET", "inspection", READERS),
    ("api:v1:inspection-notice-checks", "GET", "inspection", READERS),
    ("api:v1:finding-detail", "GET", "finding", READERS),
    ("api:v1:measure-detail", "GET", "measure", READERS),
    ("api:v1:measure-list", "POST", None, {"office"}),  # finding, text in API_DATA
    ("api:v1:measure-detail", "PATCH", "measure", {"office"}),
    ("api:v1:measure-deadline", "POST", "measure", {"office"}),
    ("api:v1:measure-long-term", "POST", "measure", {"office"}),
    ("api:v1:measure-reopen", "POST", "measure", REVIEWERS | {"office"}),
    ("api:v1:indicator-list", "POST", None, {"office"}),
    ("api:v1:indicator-detail", "GET", "indicator", READERS),
    ("api:v1:progress-report-list", "POST", None, WORKERS),
    ("api:v1:progress-report-detail", "GET", "report", READERS),
    ("api:v1:progress-report-evidence", "POST", "report", WORKERS),
    # Evidence files: the measure page's download (same reach, checksum, audit).
    ("api:v1:evidence-detail", "GET", "evidence", READERS),
    ("api:v1:evidence-download", "GET", "evidence", READERS),
    ("api:v1:signoff-list", "POST", None, WORKERS),
    ("api:v1:signoff-detail", "GET", "signoff", READERS),
    ("api:v1:signoff-decision", "POST", "signoff", REVIEWERS),
    ("api:v1:signoff-withdraw", "POST", "signoff", {"office", "reporter"}),
    ("api:v1:extension-list", "POST", None, WORKERS),
    ("api:v1:extension-detail", "GET", "extension_id", READERS),
    ("api:v1:extension-decision", "POST", "extension_id", {"leader"}),
]

POST_DATA = {
    "text": "已按计划推进。",
    "reason": "需要协调",
    "note": "同意",
    "opinion": "材料齐全",
    "new_deadline": "2031-01-01",
    "deadline": "2031-01-01",
    "approve": "1",
    "accept": "1",
    "password": "Zhenggai#2026x",
    "active": "0",
    "language": "en",
    "next": "/",
    "title": "新的问题",
    "kind": "problem",
    "direction": "up",
    "name": "OA",
    "days": "30",
}


@pytest.fixture
def world(cast, units, inspection):
    finding = FindingFactory(inspection=inspection)
    measure = MeasureFactory(
        finding=finding, lead_department=units.enforcement, suggested_status="in_progress"
    )
    report = progress_report_submit(
        measure=measure, actor=cast.reporter, text="已召开专题会议。", files=[pdf_upload()]
    )
    requested = MeasureFactory(finding=finding, lead_department=units.enforcement)
    progress_report_submit(
        measure=requested,
        actor=cast.reporter,
        text="已完成。",
        files=[pdf_upload("完成.pdf", b"%PDF-1.4 other")],
    )
    signoff_request(measure=requested, actor=cast.reporter)
    extension = deadline_extension_request(
        measure=measure,
        actor=cast.reporter,
        new_deadline=measure.deadline + dt.timedelta(days=30),
        reason="汛期",
    )
    from rectify.imports.services import import_draft_create

    seed = (SEED / "haizhuang-2023-rectification-notice.txt").read_bytes()
    draft = import_draft_create(
        owner=cast.office, inspection=inspection, upload=SimpleUploadedFile("notice.txt", seed)
    )
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from rectify.reports.models import ExportJob

    job = ExportJob.objects.create(owner=cast.office, rows=1, total=1, finished_at=timezone.now())
    job.file.save("ledger.xlsx", ContentFile(b"PK\x03\x04 test"))
    from rectify.supervision.models import SupervisionNotice

    notice = SupervisionNotice.objects.create(
        number="督办〔2026〕1号",
        measure=measure,
        colour="blue",
        issued_on=timezone.localdate(),
        reply_due=timezone.localdate() + dt.timedelta(days=5),
    )
    notice.recipients.set([cast.reporter])
    from rectify.supervision.models import DisciplineRecord

    record = DisciplineRecord.objects.create(
        unit=units.street,
        step="interview",
        recorded_by=cast.discipline,
        subject=cast.reporter,
        held_on=timezone.localdate(),
        reason="督办单超期未回复",
    )
    from rectify.supervision.models import Recheck

    recheck = Recheck.objects.create(measure=measure, due_on=timezone.localdate(), months=3)
    from rectify.supervision.services import meeting_record

    meeting = meeting_record(
        actor=cast.office,
        unit=units.street,
        title="督导会",
        held_on=timezone.localdate(),
        decisions=[{"text": "报送清单", "owner": cast.reporter, "deadline": None}],
    )
    from rectify.orgs.services import outside_unit_create

    outside = outside_unit_create(actor=cast.office, name="区城管局")
    from rectify.public import services as public

    publication = public.publication_draft(
        inspection=inspection, actor=cast.office, today=timezone.localdate()
    )
    public.publication_check(publication=publication, actor=cast.office, today=timezone.localdate())
    public.publication_approve(publication=publication, actor=cast.leader)
    public.publication_publish(publication=publication, actor=cast.leader)
    opinion = public.opinion_submit(
        unit=units.street,
        publication=publication,
        category="suggestion",
        text="建议加快进度",
        name="李四",
        attachment=pdf_upload("照片.pdf", b"%PDF-1.4 opinion"),
        today=timezone.localdate(),
    )
    return {
        "outside_unit": [outside.pk],
        "unit": [units.street.pk],
        "publication": [publication.pk],
        "reference": [f"M{measure.pk}"],
        "opinion": [opinion.pk],
        "decision": [meeting.decisions.get().pk],
        "recheck": [recheck.pk],
        "record": [record.pk],
        "notice": [notice.pk],
        "job": [job.pk],
        "inspection": [inspection.pk],
        "inspection_id": [inspection.pk],
        "finding": [finding.pk],
        "measure": [measure.pk],
        "requested": [requested.pk],
        "extension": [measure.pk, extension.pk],
        "evidence": [report.evidence.get().pk],
        "draft": [draft.pk],
        "user": [cast.party_reporter.pk],
        "membership": [cast.party_reporter.memberships.get().pk],
        "token": [api_token_create(user=cast.office, name="OA", days=30)[0].pk],
        "indicator": [indicator_set(measure=measure, actor=None, name="拆除", unit="处").pk],
        "report": [report.pk],
        "signoff": [requested.signoffs.get().pk],
        "extension_id": [extension.pk],
    }


def _url(name: str, key, world) -> str:
    from django.urls import reverse

    return reverse(name, args=world[key] if key else [])


def _outcome(response) -> str:
    if response.status_code in (401, 403, 404):
        return "refused"
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return "refused"
    if response.status_code >= 500:
        return f"error {response.status_code}"
    return "allowed"


def _request(client, method: str, url: str, world):
    if method == "GET":
        return client.get(url)
    # What the API v1 needs to name in a body: the round's finding and measure.
    data = {**POST_DATA, "finding": world["finding"][0], "measure": world["measure"][0]}
    if method == "PATCH":
        return client.patch(url, data, content_type="application/json")
    return client.post(url, data)


def _wrong(name, method, key, allowed, world, client_for) -> list:
    url = _url(name, key, world)
    wrong = []
    for role in ROLES:
        client = client_for(role)
        with transaction.atomic():
            response = _request(client, method, url, world)
            transaction.set_rollback(True)
        expected = "allowed" if role in allowed else "refused"
        if _outcome(response) != expected:
            wrong.append((role, response.status_code, expected))
    return wrong


@pytest.mark.parametrize(
    ("name", "method", "key", "allowed"),
    MATRIX,
    ids=[f"{m[0]}-{m[1]}-{m[2] or ''}" for m in MATRIX],
)
def test_role_matrix(name, method, key, allowed, cast, world):
    def session(role):
        client = Client()
        if role != "anon":
            client.force_login(getattr(cast, role))
        return client

    wrong = _wrong(name, method, key, allowed, world, session)
    assert not wrong, f"{method} {_url(name, key, world)}: {wrong}"


V1_ROWS = [row for row in MATRIX if row[0].startswith("api:v1:")]


@pytest.mark.parametrize(
    ("name", "method", "key", "allowed"),
    V1_ROWS,
    ids=[f"token-{m[0]}-{m[1]}-{m[2] or ''}" for m in V1_ROWS],
)
def test_v1_matrix_with_tokens(name, method, key, allowed, cast, world):
    """The same rows through `Authorization: Bearer`: a token has its owner's permissions."""
    from rectify.api.services import api_token_create

    secrets = {
        role: api_token_create(user=getattr(cast, role), name="matrix", days=1)[1]
        for role in LOGGED
    }

    def bearer(role):
        if role == "anon":
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {secrets[role]}")

    wrong = _wrong(name, method, key, allowed, world, bearer)
    assert not wrong, f"{method} {_url(name, key, world)} (token): {wrong}"


def _names(resolver, ns=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            yield from _names(pattern, f"{ns}:{inner}" if ns and inner else (inner or ns))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{ns}:{pattern.name}" if ns else pattern.name


def test_every_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    names = {n for n in _names(get_resolver()) if not n.startswith("admin:")}
    assert names - covered == set(), "add these views to the permission matrix"
