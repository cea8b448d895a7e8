"""意见建议 through the API v1: the office's queue and triage, with the pages' rules."""

import datetime as dt

import pytest
from django.test import RequestFactory

from rectify.api.v1.opinions import OpinionDetailSerializer
from rectify.audit.models import AuditEntry
from rectify.inspections.models import Finding
from rectify.public import services
from rectify.public.enums import OpinionStatus

from ..factories import FindingFactory, MeasureFactory, pdf_upload

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def opinion(inspection, cast, units):
    """A published notice of 海幢's round and an opinion about it, with a name and phone."""
    finding = FindingFactory(inspection=inspection, title="针对违法建设管控不力问题")
    MeasureFactory(finding=finding, lead_department=units.enforcement)
    pub = services.publication_draft(inspection=inspection, actor=cast.office, today=TODAY)
    services.publication_check(publication=pub, actor=cast.office, today=TODAY)
    services.publication_approve(publication=pub, actor=cast.leader)
    services.publication_publish(publication=pub, actor=cast.leader)
    return services.opinion_submit(
        unit=units.street, publication=pub, category="problem_clue", text="河边仍有违建",
        name="王五", contact="13900139000", today=TODAY,
    )  # fmt: skip


def test_office_and_discipline_read_the_queue_with_names_others_do_not(opinion, cast, bearer):
    for user in (cast.office, cast.discipline):
        api = bearer(user)
        listed = api.get("/api/v1/opinions/")
        assert listed.status_code == 200, listed.content
        row = listed.json()["results"][0]
        assert row["reference"] == opinion.reference
        assert (row["name"], row["contact"]) == ("王五", "13900139000")
        assert row["personal_data_masked"] is False
        detail = api.get(f"/api/v1/opinions/{opinion.pk}/").json()
        assert detail["text"] == "河边仍有违建"
    assert bearer(cast.office).get(f"/api/v1/opinions/{opinion.pk}/").json()["allowed_actions"] == [
        "read_opinions",
        "triage",
    ]
    assert bearer(cast.discipline).get(f"/api/v1/opinions/{opinion.pk}/").json()[
        "allowed_actions"
    ] == ["read_opinions"]
    # As on the page: the queue is refused to whoever reads no unit's opinions; one
    # opinion is out of reach (404) for everyone else, the other street's office included.
    for user in (cast.leader, cast.reporter, cast.reviewer):
        refused = bearer(user).get("/api/v1/opinions/")
        assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert bearer(cast.outsider).get("/api/v1/opinions/").json()["results"] == []
    for user in (cast.leader, cast.reporter, cast.outsider):
        missing = bearer(user).get(f"/api/v1/opinions/{opinion.pk}/")
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_a_reader_without_the_right_to_personal_data_gets_it_masked(opinion, cast):
    request = RequestFactory().get("/")
    request.user = cast.leader  # no opinions role: what the serializer gives such a reader
    data = OpinionDetailSerializer(opinion, context={"request": request}).data
    assert (data["name"], data["contact"]) == ("王*", "139****9000")
    assert data["personal_data_masked"] is True
    assert data["allowed_actions"] == []


def test_filters_ordering_and_cursor_pages(opinion, cast, units, bearer):
    for n in range(3):
        services.opinion_submit(
            unit=units.street, publication=None, category="suggestion", text=f"建议{n}",
            today=TODAY,
        )  # fmt: skip
    api = bearer(cast.office)
    first = api.get("/api/v1/opinions/?page_size=2&ordering=-id").json()
    second = api.get(first["next"]).json()
    ids = [o["id"] for o in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == 4
    clues = api.get("/api/v1/opinions/?category=problem_clue").json()["results"]
    assert [o["id"] for o in clues] == [opinion.pk]
    assert (
        api.get(f"/api/v1/opinions/?inspection={opinion.inspection_id}").json()["results"][0]["id"]
        == opinion.pk
    )
    assert api.get("/api/v1/opinions/?status=closed").json()["results"] == []
    assert api.get("/api/v1/opinions/?status=bogus").json()["code"] == "invalid"
    assert api.get("/api/v1/opinions/?received_after=2026-13-01").status_code == 400
    assert api.get("/api/v1/opinions/?cursor=zzz").status_code == 400


def test_triage_through_the_api_is_the_pages_services_and_audited(
    opinion, cast, units, inspection, bearer
):
    office, discipline = bearer(cast.office), bearer(cast.discipline)
    measure = MeasureFactory._meta.model.objects.get(inspection=inspection)
    url = f"/api/v1/opinions/{opinion.pk}"
    refused = discipline.post(f"{url}/link/", {"measure": measure.pk})
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    elsewhere = FindingFactory(inspection__inspected_unit=units.other_street)
    wrong = office.post(f"{url}/link/", {"finding": elsewhere.pk}, content_type="application/json")
    assert wrong.status_code == 400 and "finding" in wrong.json()["errors"]
    empty = office.post(f"{url}/link/", {}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["code"] == "refused"
    linked = office.post(f"{url}/link/", {"measure": measure.pk}, content_type="application/json")
    assert linked.status_code == 200, linked.content
    assert linked.json()["measure"] == measure.pk
    assert linked.json()["status"] == OpinionStatus.HANDLING
    opened = office.post(f"{url}/open-finding/", {"title": "河道违建"})
    assert opened.status_code == 200, opened.content
    finding = Finding.objects.get(pk=opened.json()["finding"])
    assert finding.title == f"河道违建（{opinion.reference}）"
    outside = office.post(f"{url}/forward/", {"to": units.other_street.pk, "note": ""})
    assert outside.status_code == 400 and "to" in outside.json()["errors"]
    forwarded = office.post(f"{url}/forward/", {"to": units.enforcement.pk, "note": "请核实"})
    assert forwarded.status_code == 200 and forwarded.json()["forwarded_to"] == units.enforcement.pk
    assert office.post(f"{url}/close/", {"reason": " "}).status_code == 400
    closed = office.post(f"{url}/close/", {"reason": "已核实并拆除。"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == OpinionStatus.CLOSED and closed.json()["allowed_actions"] == [
        "read_opinions"
    ]
    again = office.post(f"{url}/close/", {"reason": "再次"})
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    codes = list(
        AuditEntry.objects.filter(object_type="public.opinion", object_id=str(opinion.pk))
        .order_by("seq")
        .values_list("code", flat=True)
    )
    assert codes == ["opinion.received", "opinion.linked", "opinion.finding_opened",
                     "opinion.forwarded", "opinion.closed"]  # fmt: skip


def test_the_document_tells_every_answer_of_the_opinion_operations(cast, bearer):
    paths = bearer(cast.office).get("/api/openapi.json").json()["paths"]
    assert {"200", "400", "401", "403", "429"} <= set(
        paths["/api/v1/opinions/"]["get"]["responses"]
    )
    for act in ("link", "open-finding", "forward", "close"):
        answers = set(paths[f"/api/v1/opinions/{{id}}/{act}/"]["post"]["responses"])
        assert {"200", "400", "401", "403", "404", "409", "415", "429"} <= answers, act


def test_the_attachment_as_the_office_page_serves_it(inspection, cast, units, bearer):
    sent = services.opinion_submit(
        unit=units.street, publication=None, category="problem_clue", text="见附件",
        attachment=pdf_upload("现场照片说明.pdf", b"%PDF-1.4 opinion"), today=TODAY,
    )  # fmt: skip
    url = f"/api/v1/opinions/{sent.pk}/attachment/"
    detail = bearer(cast.office).get(f"/api/v1/opinions/{sent.pk}/").json()
    assert detail["attachment_download"] == url
    for user in (cast.office, cast.discipline):
        response = bearer(user).get(url, HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "filename*=utf-8''" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == b"%PDF-1.4 opinion"
    assert AuditEntry.objects.filter(code="opinion.attachment_downloaded").count() == 2
    for user in (cast.leader, cast.reporter, cast.outsider):
        assert bearer(user).get(url).status_code == 404
    with open(sent.attachment.path, "ab") as fh:
        fh.write(b"tampered")
    altered = bearer(cast.office).get(url)
    assert altered.status_code == 409 and altered.json()["code"] == "attachment_altered"
    bare = services.opinion_submit(
        unit=units.street, publication=None, category="other", text="无附件", today=TODAY
    )
    assert (
        bearer(cast.office).get(f"/api/v1/opinions/{bare.pk}/").json()["attachment_download"]
        is None
    )
    none = bearer(cast.office).get(f"/api/v1/opinions/{bare.pk}/attachment/")
    assert none.status_code == 404 and none.json()["code"] == "not_found"
