import pytest

from rectify.measures.enums import MeasureStatus

from .factories import pdf_upload


@pytest.fixture
def api(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_measure_list_is_scoped(api, cast, measure):
    data = api(cast.reporter).get("/api/measures/").json()
    assert [row["id"] for row in data["results"]] == [measure.pk]
    assert api(cast.party_reporter).get("/api/measures/").json()["count"] == 0
    assert api(cast.outsider).get(f"/api/measures/{measure.pk}/").status_code == 404


def test_measure_detail_says_what_the_user_may_do(api, cast, measure):
    reporter = api(cast.reporter).get(f"/api/measures/{measure.pk}/").json()
    assert reporter["allowed_actions"] == [
        "add_evidence",
        "report_progress",
        "request_extension",
    ]
    office = api(cast.office).get(f"/api/measures/{measure.pk}/").json()["allowed_actions"]
    assert "edit_plan" in office and "request_signoff" not in office  # 未开始
    assert api(cast.leader).get(f"/api/measures/{measure.pk}/").json()["allowed_actions"] == []


def test_measure_filter_by_status(api, cast, measure):
    client = api(cast.office)
    assert client.get("/api/measures/?status=signed_off").json()["count"] == 0
    assert client.get("/api/measures/?status=not_started").json()["count"] == 1
    assert client.get("/api/measures/?status=bogus").status_code == 400


def test_report_through_api_starts_measure(api, cast, measure):
    client = api(cast.reporter)
    response = client.post(
        f"/api/measures/{measure.pk}/reports/",
        {"text": "已完成拆除2处。", "files": [pdf_upload()]},
    )
    assert response.status_code == 201, response.content
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.IN_PROGRESS
    refused = api(cast.party_reporter).post(f"/api/measures/{measure.pk}/reports/", {"text": "x"})
    assert refused.status_code == 404


def test_inspection_stats_endpoint(api, cast, inspection, measure):
    data = api(cast.leader).get(f"/api/inspections/{inspection.pk}/stats/").json()
    assert data["measures"]["total"] == 1
    assert data["problems"] == 1


def test_schema_is_served(api, cast):
    response = api(cast.office).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/measures/" in response.content


def test_api_needs_login(client, measure):
    assert client.get("/api/measures/").status_code == 403
