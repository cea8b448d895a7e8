"""The API v1 through bearer tokens: the pages' scoping, rules, services and errors."""

import io
import json

from django.core.management import call_command
from django.test import override_settings

from rectify.measures.enums import Decision, MeasureStatus
from rectify.measures.models import Measure

from ..factories import MeasureFactory, pdf_upload


def test_a_department_token_reads_only_its_departments_measures(cast, units, measure, bearer):
    other = MeasureFactory(finding=measure.finding, lead_department=units.party)
    party = bearer(cast.party_reporter)
    assert [m["id"] for m in party.get("/api/v1/measures/").json()["results"]] == [other.pk]
    refused = party.get(f"/api/v1/measures/{measure.pk}/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"
    assert party.get(f"/api/v1/progress-reports/?measure={measure.pk}").json()["results"] == []


def test_office_creates_and_edits_a_measure_with_versions(cast, units, measure, bearer):
    office = bearer(cast.office)
    created = office.post(
        "/api/v1/measures/",
        {
            "finding": measure.finding_id,
            "text": "建立长效机制。",
            "lead_department": units.party.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk, version = created.json()["id"], created.json()["version"]
    assert created["ETag"] == f'"{version}"'
    edited = office.patch(
        f"/api/v1/measures/{pk}/",
        {"target": "每月检查", "version": version},
        content_type="application/json",
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["target"] == "每月检查" and edited.json()["version"] == version + 1
    stale = office.patch(
        f"/api/v1/measures/{pk}/",
        {"target": "x", "version": version},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    precondition = office.patch(
        f"/api/v1/measures/{pk}/",
        {"target": "x"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{version}"',
    )
    assert precondition.status_code == 412
    assert Measure.objects.get(pk=pk).target == "每月检查"
    outside = office.patch(
        f"/api/v1/measures/{pk}/",
        {"lead_department": units.other_street.pk, "version": version + 1},
        content_type="application/json",
    )
    assert outside.status_code == 400 and "lead_department" in outside.json()["errors"]
    refused = bearer(cast.reporter).patch(
        f"/api/v1/measures/{measure.pk}/",
        {"text": "x", "version": 1},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"


def test_progress_evidence_signoff_returned_then_approved(cast, measure, bearer):
    reporter, leader = bearer(cast.reporter), bearer(cast.leader)
    report = reporter.post(
        "/api/v1/progress-reports/",
        {"measure": measure.pk, "text": "已拆除2处。", "files": [pdf_upload("验收.pdf")]},
    )
    assert report.status_code == 201, report.content
    assert report.json()["evidence"][0]["original_name"] == "验收.pdf"
    bad = reporter.post(
        f"/api/v1/progress-reports/{report.json()['id']}/evidence/",
        {"files": [io.BytesIO(b"MZ\x90\x00 not a document")]},
    )
    assert bad.status_code == 400 and bad.json()["code"] in {"refused", "invalid"}
    asked = reporter.post(
        "/api/v1/signoffs/", {"measure": measure.pk}, content_type="application/json"
    )
    assert asked.status_code == 201, asked.content
    signoff = asked.json()["id"]
    assert (
        reporter.post(f"/api/v1/signoffs/{signoff}/decision/", {"decision": "approved"}).status_code
        == 403
    )
    returned = leader.post(
        f"/api/v1/signoffs/{signoff}/decision/",
        {"decision": "returned", "opinion": "缺少照片"},
        content_type="application/json",
    )
    assert returned.status_code == 200 and returned.json()["decision"] == Decision.RETURNED
    again = leader.post(f"/api/v1/signoffs/{signoff}/decision/", {"decision": "approved"})
    assert again.status_code == 409
    reporter.post("/api/v1/progress-reports/", {"measure": measure.pk, "text": "补充照片。"})
    second = reporter.post("/api/v1/signoffs/", {"measure": measure.pk}).json()["id"]
    approved = leader.post(f"/api/v1/signoffs/{second}/decision/", {"decision": "approved"})
    assert approved.status_code == 200, approved.content
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.SIGNED_OFF


@override_settings(RECTIFY_EVIDENCE_MAX_BYTES=10)
def test_an_oversized_file_is_413(cast, measure, bearer):
    response = bearer(cast.reporter).post(
        "/api/v1/progress-reports/", {"measure": measure.pk, "text": "x", "files": [pdf_upload()]}
    )
    assert response.status_code == 413 and response.json()["code"] == "payload_too_large"
    assert not measure.reports.exists()


def test_extension_requested_and_decided(cast, measure, bearer):
    asked = bearer(cast.reporter).post(
        "/api/v1/extensions/",
        {"measure": measure.pk, "new_deadline": "2031-01-01", "reason": "汛期"},
    )
    assert asked.status_code == 201, asked.content
    decided = bearer(cast.leader).post(
        f"/api/v1/extensions/{asked.json()['id']}/decision/", {"approve": True, "note": "同意"}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    measure.refresh_from_db()
    assert measure.deadline.isoformat() == "2031-01-01"


def test_cursor_pages_filters_and_ordering(cast, measure, bearer):
    for n in range(3):
        MeasureFactory(
            finding=measure.finding, lead_department=measure.lead_department, text=f"{n}"
        )
    office = bearer(cast.office)
    first = office.get("/api/v1/measures/?page_size=2&ordering=-id").json()
    assert len(first["results"]) == 2 and first["previous"] is None
    second = office.get(first["next"]).json()
    ids = [m["id"] for m in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 4
    assert office.get("/api/v1/measures/?status=bogus").json()["code"] == "invalid"
    assert office.get("/api/v1/measures/?cursor=zzz").status_code == 400
    assert office.get("/api/v1/measures/?overdue=").status_code == 400
    assert office.get("/api/v1/measures/?page_size=0").status_code == 400
    assert office.get("/api/v1/nowhere/").json()["code"] == "not_found"


def test_notice_and_its_checks(cast, inspection, measure, bearer):
    reader = bearer(cast.discipline)
    docx = reader.get(f"/api/v1/inspections/{inspection.pk}/notice/?output=docx&public=true")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert reader.get(f"/api/v1/inspections/{inspection.pk}/notice/?output=pdf").status_code == 400
    checks = reader.get(f"/api/v1/inspections/{inspection.pk}/notice/checks/")
    assert checks.status_code == 200 and isinstance(checks.json(), list)
    assert (
        bearer(cast.outsider).get(f"/api/v1/inspections/{inspection.pk}/notice/").status_code == 404
    )


def test_the_served_document_is_the_commands(cast, bearer, capsys):
    served = bearer(cast.office).get("/api/openapi.json")
    assert served.status_code == 200
    call_command("spectacular", "--format", "openapi-json")
    printed = json.loads(capsys.readouterr().out)
    assert served.json() == printed
    assert all(path.startswith("/api/v1/") for path in printed["paths"])
    patch = printed["paths"]["/api/v1/measures/{id}/"]["patch"]["responses"]
    assert {"200", "400", "401", "403", "404", "409", "412", "429"} <= set(patch)
    upload = printed["paths"]["/api/v1/progress-reports/"]["post"]["responses"]
    assert "413" in upload
    legacy = bearer(cast.office).get("/api/schema/")  # the first API's document, unchanged
    assert legacy.status_code == 403  # it stays session-only, as before


def test_docs_are_served_from_the_package(client, cast):
    client.force_login(cast.reporter)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert b"/static/vendor/redoc/redoc.standalone.js" in page.content
    assert b"https://" not in page.content
