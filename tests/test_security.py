"""Security tests across the pages: escaping, injection in filters, traversal, CSRF."""

import pytest
from django.test import Client
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.measures.models import Evidence
from rectify.measures.services import deadline_extension_request, progress_report_submit
from rectify.orgs.models import OrgUnit, User

from .factories import FindingFactory, MeasureFactory, pdf_upload

XSS = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
RAW_MARKERS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>"]


@pytest.fixture
def poisoned(cast, units, inspection):
    """Every text a user can type, carrying an XSS payload."""
    inspection.title = f"巡察{XSS}"
    inspection.inspecting_body = f"巡察组{XSS}"
    inspection.save()
    OrgUnit.objects.filter(pk=units.enforcement.pk).update(name=f"执法办{XSS}")
    User.objects.filter(pk=cast.reporter.pk).update(display_name=f"王芳{XSS}")
    aspect = FindingFactory(
        inspection=inspection, kind="aspect", label="第一方面", title=f"方面{XSS}"
    )
    problem = FindingFactory(
        inspection=inspection, parent=aspect, label="（一）", title=f"问题{XSS}", text=f"原文{XSS}"
    )
    measure = MeasureFactory(
        finding=problem,
        lead_department=units.enforcement,
        text=f"措施{XSS}",
        target=f"目标{XSS}",
        responsible_person=cast.reporter,
    )
    reporter = User.objects.get(pk=cast.reporter.pk)
    progress_report_submit(
        measure=measure, actor=reporter, text=f"进展{XSS}", files=[pdf_upload(f"纪要{XSS}.pdf")]
    )
    deadline_extension_request(
        measure=measure,
        actor=reporter,
        new_deadline=measure.deadline.replace(year=measure.deadline.year + 1),
        reason=f"理由{XSS}",
    )
    return measure


def pages(measure):
    inspection = measure.inspection
    return [
        reverse("inspections:list"),
        reverse("inspections:detail", args=[inspection.pk]),
        reverse("measures:ledger"),
        f"{reverse('measures:ledger')}?q=措施",
        reverse("measures:my_work"),
        reverse("measures:detail", args=[measure.pk]),
        reverse("measures:edit", args=[measure.pk]),
        f"{reverse('reports:problems')}?inspection={inspection.pk}",
        f"{reverse('reports:tasks')}?inspection={inspection.pk}",
        f"{reverse('reports:responsibility')}?inspection={inspection.pk}",
        reverse("audit:entries"),
    ]


@pytest.mark.parametrize("who", ["office", "leader", "reporter", "auditadmin"])
def test_every_text_is_escaped_on_every_page(client, cast, poisoned, who):
    client.force_login(getattr(cast, who))
    checked = 0
    for url in pages(poisoned):
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = response.content.decode()
        for marker in RAW_MARKERS:
            assert marker not in body, f"{url} renders {marker!r} unescaped for {who}"
        checked += 1
    assert checked >= (1 if who == "auditadmin" else 6)


INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE measures_measure; --",
    "%' --",
    "\\x00",
    "1 OR 1=1",
    "' UNION SELECT password FROM orgs_user --",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_strings_in_filters_are_harmless(client, cast, measure, payload):
    client.force_login(cast.party_reporter)  # sees none of 执法办's measures
    for param in [
        "q",
        "status",
        "department",
        "person",
        "inspection",
        "deadline_from",
        "kind",
        "page",
    ]:
        response = client.get(reverse("measures:ledger"), {param: payload})
        assert response.status_code == 200, (param, payload)
        assert measure.text not in response.content.decode()
    api = client.get("/api/measures/", {"q": payload})
    assert api.status_code in (200, 400)
    if api.status_code == 200:
        assert api.json()["count"] == 0
    client.force_login(cast.office)
    assert client.get(reverse("measures:ledger"), {"q": payload}).status_code == 200


def test_download_path_traversal_is_refused(client, cast, measure, settings, tmp_path):
    report = progress_report_submit(
        measure=measure, actor=cast.reporter, text="已整改。", files=[pdf_upload()]
    )
    evidence = report.evidence.get()
    secret = tmp_path / "secret.txt"
    secret.write_text("not for you")
    Evidence.objects.filter(pk=evidence.pk).update(file="../../../../" + str(secret))
    client.force_login(cast.office)
    response = client.get(reverse("measures:evidence_download", args=[evidence.pk]))
    assert response.status_code in (400, 404, 409)
    assert b"not for you" not in b"".join(
        getattr(response, "streaming_content", [response.content])
    )
    assert client.get("/measures/evidence/..%2F..%2Fetc%2Fpasswd/").status_code == 404


def test_download_is_audited(client, cast, measure):
    report = progress_report_submit(
        measure=measure, actor=cast.reporter, text="已整改。", files=[pdf_upload()]
    )
    client.force_login(cast.leader)
    response = client.get(reverse("measures:evidence_download", args=[report.evidence.get().pk]))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(code="evidence.downloaded", actor=cast.leader).exists()


def test_csrf_is_enforced_on_every_write(cast, measure):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.reporter)
    for name in ["measures:report", "measures:extension_request"]:
        response = client.post(reverse(name, args=[measure.pk]), {"text": "x", "reason": "x"})
        assert response.status_code == 403, name
    assert client.post(reverse("signoff:request", args=[measure.pk])).status_code == 403
    assert client.post(f"/api/measures/{measure.pk}/reports/", {"text": "x"}).status_code == 403
    measure.refresh_from_db()
    assert measure.status == "not_started"
