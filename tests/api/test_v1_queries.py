"""The API v1's new lists stay a fixed number of queries whatever the page holds."""

import datetime as dt

from rectify.measures.services import progress_report_submit
from rectify.public import services

from ..factories import pdf_upload

TODAY = dt.date(2026, 5, 1)


def _queries_for(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_opinions_list_is_not_a_query_per_row(
    cast, units, bearer, django_assert_max_num_queries
):
    api = bearer(cast.office)
    services.opinion_submit(
        unit=units.street, publication=None, category="other", text="一", name="甲", today=TODAY
    )
    few = len(_queries_for(api, "/api/v1/opinions/", django_assert_max_num_queries, 12))
    for n in range(20):
        services.opinion_submit(
            unit=units.street, publication=None, category="other", text=f"{n}", name="乙",
            contact="13800138000", today=TODAY,
        )  # fmt: skip
    rows = _queries_for(api, "/api/v1/opinions/", django_assert_max_num_queries, 12)
    assert (few, len(rows)) == (1, 21)


def test_the_evidence_list_is_not_a_query_per_row(
    cast, measure, bearer, django_assert_max_num_queries
):
    for n in range(5):
        progress_report_submit(
            measure=measure, actor=cast.reporter, text=f"进展{n}",
            files=[pdf_upload(f"材料{n}.pdf", f"%PDF-1.4 {n}".encode())],
        )  # fmt: skip
    rows = _queries_for(bearer(cast.leader), "/api/v1/evidence/", django_assert_max_num_queries, 12)
    assert len(rows) == 5
