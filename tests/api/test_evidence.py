"""佐证材料 downloaded through the API v1: the measure page's reach, checksum and audit."""

import hashlib
import os

import pytest

from rectify.audit.models import AuditEntry
from rectify.measures.services import progress_report_submit

from ..factories import pdf_upload


@pytest.fixture
def evidence(measure, cast):
    report = progress_report_submit(
        measure=measure,
        actor=cast.reporter,
        text="进展",
        files=[pdf_upload("整改报告（终稿）.pdf")],
    )
    return report.evidence.get()


def _downloads():
    return AuditEntry.objects.filter(code="evidence.downloaded").count()


@pytest.mark.parametrize(
    "role", ["office", "leader", "dept_head", "reporter", "discipline", "reviewer"]
)
def test_each_reader_of_the_measure_downloads_the_file_as_uploaded(role, cast, evidence, bearer):
    api = bearer(getattr(cast, role))
    listed = api.get(f"/api/v1/evidence/?measure={evidence.report.measure_id}").json()
    assert [row["id"] for row in listed["results"]] == [evidence.pk]
    url = listed["results"][0]["download"]
    assert url == f"/api/v1/evidence/{evidence.pk}/download/"
    before = _downloads()
    response = api.get(url, HTTP_ACCEPT="application/json")  # the file's type all the same
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''" in disposition
    assert "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A" in disposition  # 整改报告, RFC 5987
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == evidence.sha256
    assert _downloads() == before + 1


@pytest.mark.parametrize(
    "role", ["party_reporter", "sysadmin", "secadmin", "auditadmin", "outsider"]
)
def test_a_file_out_of_reach_is_404_and_not_listed(role, cast, evidence, bearer):
    api = bearer(getattr(cast, role))
    assert api.get("/api/v1/evidence/").json()["results"] == []
    for url in (f"/api/v1/evidence/{evidence.pk}/", f"/api/v1/evidence/{evidence.pk}/download/"):
        response = api.get(url)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert _downloads() == 0


def test_without_a_token_it_is_401(client, evidence):
    response = client.get(f"/api/v1/evidence/{evidence.pk}/download/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_an_altered_or_missing_file_is_a_409_and_never_served(cast, evidence, bearer):
    api = bearer(cast.leader)
    url = f"/api/v1/evidence/{evidence.pk}/download/"
    with open(evidence.file.path, "ab") as fh:
        fh.write(b"tampered")
    altered = api.get(url)
    assert altered.status_code == 409 and altered.json()["code"] == "evidence_altered"
    assert "Content-Disposition" not in altered
    os.remove(evidence.file.path)
    missing = api.get(url)
    assert missing.status_code == 409 and missing.json()["code"] == "evidence_missing"
    assert _downloads() == 0


def test_progress_reports_name_each_files_download_and_the_document_tells_it(
    cast, evidence, bearer
):
    api = bearer(cast.office)
    report = api.get(f"/api/v1/progress-reports/{evidence.report_id}/").json()
    assert report["evidence"][0]["download"] == f"/api/v1/evidence/{evidence.pk}/download/"
    operation = api.get("/api/openapi.json").json()["paths"]["/api/v1/evidence/{id}/download/"]
    answers = operation["get"]["responses"]
    assert {"200", "401", "404", "409", "429"} <= set(answers)
    assert "application/pdf" in answers["200"]["content"]
