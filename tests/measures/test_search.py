"""The ledger's word search gives exactly the rows a plain `icontains` gives, on both
databases, and on PostgreSQL a word of two characters or more is read from the bigram index."""

import pytest
from django.db import connection
from django.db.models import Q

from rectify.measures import search
from rectify.measures.models import Measure

from ..factories import FindingFactory, MeasureFactory

pytestmark = pytest.mark.django_db

TEXTS = [
    ("严格公车管理，清理超标配备车辆", ""),
    ("规范公务接待，严禁超标准接待", "公车使用登记率100%"),
    ("车辆公开招标", ""),  # 公 and 车 apart: not 公车
    ("完善 OA 系统审批流程", "OA上线"),
    ("加强学习", "形成制度1项"),
]
WORDS = ["公车", "公务接待", "车", "oa", "OA上", "制度1", "超标", "标准接待", "无此词", "接待，严"]


@pytest.fixture
def ledger(inspection):
    parent = FindingFactory(inspection=inspection, title="公车私用问题突出")
    child = FindingFactory(inspection=inspection, parent=parent, title="具体表现")
    other = FindingFactory(inspection=inspection, title="其他问题")
    made = [MeasureFactory(finding=other, text=t, target=g) for t, g in TEXTS]
    made.append(MeasureFactory(finding=child, text="按期整改", target=""))
    return made


def plain(word: str) -> set[int]:
    return set(
        Measure.objects.filter(
            Q(text__icontains=word)
            | Q(target__icontains=word)
            | Q(finding__title__icontains=word)
            | Q(finding__parent__title__icontains=word)
        ).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("word", WORDS)
def test_the_search_finds_what_icontains_finds(ledger, word):
    found = set(
        Measure.objects.filter(search.measure_q(word, vendor=connection.vendor)).values_list(
            "pk", flat=True
        )
    )
    assert found == plain(word)


def test_a_child_finding_is_found_by_its_parents_title(ledger):
    found = Measure.objects.filter(search.measure_q("私用", vendor=connection.vendor))
    assert ledger[-1] in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram index is PostgreSQL's")
def test_two_characters_are_read_from_the_bigram_index(ledger):
    qs = Measure.objects.filter(search.measure_q("公车", vendor="postgresql")).values("pk")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "measure_text_bigrams" in plan and "measure_target_bigrams" in plan
    assert "finding_title_bigrams" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="rectify_bigrams is PostgreSQL's")
def test_the_bigrams_of_a_text(ledger):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rectify_bigrams(%s), rectify_bigrams(%s)", ["公车oa", "车"])
        pieces, none = cursor.fetchone()
    assert sorted(pieces) == sorted(["公车", "车O", "OA"]) and none == []
