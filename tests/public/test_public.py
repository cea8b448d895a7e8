"""The public site: publishing a round's notice (draft → checked → approved → published,
corrected, withdrawn), pages anyone can read and cache, and the public's opinions."""

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, TransitionNotAllowed, ValidationFailed
from rectify.notices.content import notice_for
from rectify.public import challenge, services
from rectify.public.enums import OpinionStatus, PublicationStatus
from rectify.public.models import Opinion
from tests.factories import FindingFactory, MeasureFactory, pdf_upload

TODAY = dt.date(2024, 1, 10)


@pytest.fixture(autouse=True)
def _easy_pow(settings):
    settings.RECTIFY_OPINION_POW_BITS = 8
    cache.clear()  # rate-limit counters and used challenges of the tests before


@pytest.fixture
def round_(inspection, units):
    finding = FindingFactory(inspection=inspection, title="针对违法建设管控不力问题")
    MeasureFactory(
        finding=finding, lead_department=units.enforcement, text="群众张三反映的违建已拆除。"
    )
    return inspection


def published(inspection, cast):
    pub = services.publication_draft(inspection=inspection, actor=cast.office, today=TODAY)
    assert services.publication_check(publication=pub, actor=cast.office, today=TODAY) == []
    services.publication_approve(publication=pub, actor=cast.leader)
    services.publication_publish(publication=pub, actor=cast.leader)
    return pub


def new_url(pub):
    return reverse("public:opinion_new", args=[pub.unit_id])


def solve(data):
    nonce = 0
    while (
        challenge.leading_zero_bits(
            hashlib.sha256(f"{data['challenge']}:{nonce}".encode()).digest()
        )
        < data["bits"]
    ):
        nonce += 1
    return str(nonce)


def test_the_workflow_and_who_may_take_each_step(round_, cast):
    pub = services.publication_draft(inspection=round_, actor=cast.office, today=TODAY)
    assert pub.status == PublicationStatus.DRAFT and pub.version == 1
    assert "张三" not in pub.body_html and "群众张某" in pub.body_html  # the masked public version
    with pytest.raises(TransitionNotAllowed):
        services.publication_approve(publication=pub, actor=cast.leader)  # not checked yet
    services.publication_check(publication=pub, actor=cast.office, today=TODAY)
    with pytest.raises(PermissionRefused):
        services.publication_approve(publication=pub, actor=cast.office)  # the leader approves
    with pytest.raises(PermissionRefused):
        services.publication_draft(inspection=round_, actor=cast.outsider, today=TODAY)
    services.publication_approve(publication=pub, actor=cast.leader)
    services.publication_publish(publication=pub, actor=cast.office)
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED and pub.published_at
    codes = set(AuditEntry.objects.filter(object_id=str(pub.pk)).values_list("code", flat=True))
    assert {"publication.drafted", "publication.checked", "publication.approved"} <= codes
    assert "publication.published" in codes


def test_a_correction_is_a_new_version_and_withdrawing_keeps_the_record(round_, cast):
    first = published(round_, cast)
    with pytest.raises(ValidationFailed):
        services.publication_draft(inspection=round_, actor=cast.office, today=TODAY)
    second = services.publication_draft(
        inspection=round_, actor=cast.office, today=TODAY, change_note="更正措施完成情况"
    )
    services.publication_check(publication=second, actor=cast.office, today=TODAY)
    services.publication_approve(publication=second, actor=cast.leader)
    services.publication_publish(publication=second, actor=cast.leader)
    first.refresh_from_db()
    assert (first.status, second.version) == (PublicationStatus.SUPERSEDED, 2)
    client = Client()
    page = client.get(reverse("public:notice", args=[first.pk])).content.decode()
    assert "更正措施完成情况" in page and "版本 2" in page
    services.publication_withdraw(publication=second, actor=cast.leader, reason="内容需核实")
    page = client.get(reverse("public:notice", args=[second.pk]))
    assert page.status_code == 200
    assert "已撤回" in page.content.decode() and "内容需核实" in page.content.decode()
    assert "违法建设" not in page.content.decode()  # the body is no longer shown


def test_public_pages_are_cacheable_and_need_no_login(round_, cast):
    pub = published(round_, cast)
    client = Client()
    for url in (
        reverse("public:index"),
        reverse("public:unit", args=[pub.unit_id]),
        reverse("public:notice", args=[pub.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"] and response["ETag"]
        assert "Set-Cookie" not in response  # one response serves everyone
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
    page = client.get(reverse("public:notice", args=[pub.pk])).content.decode()
    assert "版本 1" in page and "已销号" in page  # version and the progress table
    measure = round_.measures.get() if hasattr(round_, "measures") else None
    measure = measure or MeasureFactory._meta.model.objects.get(inspection=round_)
    ref = client.get(reverse("public:reference", args=[f"M{measure.pk}"]))
    assert ref.status_code == 302 and ref["Location"].endswith(f"#M{measure.pk}")
    assert f'id="M{measure.pk}"' in page
    assert client.get(reverse("public:reference", args=["M999999"])).status_code == 404


def test_a_draft_is_not_public(round_, cast):
    pub = services.publication_draft(inspection=round_, actor=cast.office, today=TODAY)
    assert Client().get(reverse("public:notice", args=[pub.pk])).status_code == 404


def _send(client, pub, **extra):
    data = client.get(reverse("public:opinion_challenge")).json()
    form = {
        "notice": pub.pk,
        "category": "rectification",
        "text": "小区门口的违建还没有拆完。",
        "name": "李四",
        "contact": "13800138000",
        "pow_challenge": data["challenge"],
        "pow_nonce": solve(data),
        **extra,
    }
    return client.post(new_url(pub), form)


def test_an_opinion_with_proof_of_work_gets_a_reference_and_is_encrypted(round_, cast):
    pub = published(round_, cast)
    client = Client()
    response = _send(client, pub, attachment=pdf_upload("现场照片说明.pdf"))
    assert response.status_code == 200, response.content.decode()[:2000]
    opinion = Opinion.objects.get()
    assert opinion.reference == f"YJ-{dt.date.today().year}-000001"
    assert opinion.attachment_name == "现场照片说明.pdf"
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact, text FROM public_opinion")
        stored = cursor.fetchone()
    assert all(v.startswith("ENC1$") for v in stored) and "李四" not in "".join(stored)
    code = response.content.decode().split("data-query-code>")[1].split("<")[0]
    status = client.get(
        reverse("public:opinion_status"), {"reference": opinion.reference, "code": code}
    ).content.decode()
    assert "已受理" in status and "李四" not in status
    wrong_code = "".join("B" if c == "A" else "A" for c in code)  # differs in every place
    wrong = client.get(
        reverse("public:opinion_status"), {"reference": opinion.reference, "code": wrong_code}
    ).content.decode()
    assert "已受理" not in wrong
    # The notice counts it.
    assert "收到群众意见建议1条，已办结0条。" in notice_for(inspection=round_, today=TODAY).summary


def test_a_solved_challenge_is_used_once_and_robots_are_refused(round_, cast):
    pub = published(round_, cast)
    client = Client()
    data = client.get(reverse("public:opinion_challenge")).json()
    nonce = solve(data)
    form = {
        "notice": pub.pk,
        "category": "other",
        "text": "意见",
        "pow_challenge": data["challenge"],
    }
    assert client.post(new_url(pub), {**form, "pow_nonce": nonce}).status_code == 200
    assert client.post(new_url(pub), {**form, "pow_nonce": nonce}).status_code == 400
    no_proof = {"notice": pub.pk, "category": "other", "text": "意见"}
    assert client.post(new_url(pub), no_proof).status_code == 400
    assert Opinion.objects.count() == 1


def test_the_fallback_question_and_the_rate_limit(round_, cast, settings):
    settings.RECTIFY_OPINION_RATE_PER_HOUR = 4  # 2 an hour without the script
    pub = published(round_, cast)
    q = challenge.question()
    a, b = challenge._operands(int(q.token))
    form = {"notice": pub.pk, "category": "suggestion", "text": "建议", "question_token": q.token}
    client = Client()
    assert client.post(new_url(pub), {**form, "answer": str(a + b + 1)}).status_code == 400
    for _ in range(2):
        assert client.post(new_url(pub), {**form, "answer": str(a + b)}).status_code == 200
    refused = client.post(new_url(pub), {**form, "answer": str(a + b)})
    assert refused.status_code == 400 and "一小时" in refused.content.decode()
    assert Opinion.objects.count() == 2


def test_triage_is_audited_and_personal_data_is_for_office_and_discipline(round_, cast, units):
    pub = published(round_, cast)
    opinion = services.opinion_submit(
        unit=pub.unit, publication=pub, category="problem_clue", text="线索",
        name="王五", contact="13900139000", today=TODAY,
    )  # fmt: skip
    url = reverse("publishing:opinion", args=[opinion.pk])
    for user, visible in ((cast.office, True), (cast.discipline, True), (cast.leader, False),
                          (cast.reporter, False), (cast.outsider, False)):  # fmt: skip
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert (response.status_code == 200) is visible, user
        if visible:
            assert "王五" in response.content.decode()
    measure = MeasureFactory._meta.model.objects.get(inspection=round_)
    with pytest.raises(PermissionRefused):
        services.opinion_link(opinion=opinion, actor=cast.discipline, finding=None, measure=measure)
    services.opinion_link(opinion=opinion, actor=cast.office, finding=None, measure=measure)
    finding = services.opinion_finding_open(opinion=opinion, actor=cast.office, title="新问题")
    assert opinion.reference in finding.title
    services.opinion_forward(
        opinion=opinion, actor=cast.office, to=units.enforcement, note="请核实"
    )
    with pytest.raises(ValidationFailed):
        services.opinion_forward(opinion=opinion, actor=cast.office, to=units.other_street, note="")
    services.opinion_close(opinion=opinion, actor=cast.office, reason="已核实并整改。")
    opinion.refresh_from_db()
    assert opinion.status == OpinionStatus.CLOSED and opinion.reply == "已核实并整改。"
    codes = list(AuditEntry.objects.filter(object_id=str(opinion.pk), object_type="public.opinion")
                 .order_by("seq").values_list("code", flat=True))  # fmt: skip
    assert codes == ["opinion.received", "opinion.linked", "opinion.finding_opened",
                     "opinion.forwarded", "opinion.closed"]  # fmt: skip
    with pytest.raises(TransitionNotAllowed):
        services.opinion_close(opinion=opinion, actor=cast.office, reason="再次")
    assert "已办结1条" in notice_for(inspection=round_, today=TODAY).summary
