"""The ledger's word search, served by an index on both databases' terms.

PostgreSQL: a word of two or more characters is looked for through the character-bigram GIN
indexes (migration 0013, `rectify_bigrams`): the rows holding every bigram of the word come
from the index, and only they are tested for the word itself (`icontains`, as before). One
character, and SQLite, test `icontains` alone (SQLite reads a city's tenth in milliseconds).
Both give exactly the rows `icontains` gives: the bigrams only narrow where to look.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db.models import Func, Q, QuerySet, TextField, Value
from django.db.models.functions import StrIndex, Upper

from rectify.inspections.models import Finding

from .models import Measure


class Bigrams(Func):
    function = "rectify_bigrams"
    output_field = ArrayField(TextField())


def _indexed(vendor: str, word: str) -> bool:
    return vendor == "postgresql" and len(word) >= 2


def _holding(model, field: str, word: str, *, vendor: str) -> QuerySet:
    """Keys of `model`'s rows whose `field` holds `word`: one column per subquery, so the
    planner reads its bigram index and tests the word only on the rows the index gives."""
    if not _indexed(vendor, word):
        return model.objects.filter(**{f"{field}__icontains": word}).values("pk")
    # The word itself is tested as strpos(upper(field), upper(word)) > 0, what icontains tests
    # without LIKE: the trigram index (migration 0004) matches LIKE, and the planner took it
    # for `target` — where a two-character word narrows nothing, 36 ms of rechecking every row.
    qs = model.objects.alias(
        _bigrams=Bigrams(field), _at=StrIndex(Upper(field), Upper(Value(word)))
    ).filter(_bigrams__contains=Bigrams(Value(word)), _at__gt=0)
    return qs.values("pk")


def measure_q(word: str, *, vendor: str) -> Q:
    """Measures whose text or target holds `word` (case-insensitive), or whose finding's
    title or its parent's does."""
    titled = _holding(Finding, "title", word, vendor=vendor)
    findings = Finding.objects.filter(Q(pk__in=titled) | Q(parent_id__in=titled)).values("pk")
    return (
        Q(pk__in=_holding(Measure, "text", word, vendor=vendor))
        | Q(pk__in=_holding(Measure, "target", word, vendor=vendor))
        | Q(finding_id__in=findings)
    )
