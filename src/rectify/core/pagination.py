"""Pagination that stays fast on 100 000+ rows: page over primary keys, then fetch the rows.

Sorting and offsetting a bare indexed key list is cheap; joining six tables for every row
before LIMIT is not. `LateRows` lets Django's Paginator do the former.
"""

import json
from collections.abc import Callable, Iterable

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet


class LateRows:
    """A sequence for Paginator: counts and slices `keys`, loads rows with `fetch(ids)`."""

    def __init__(self, keys: QuerySet, fetch: Callable[[list], Iterable], count: int | None = None):
        self.keys = keys.values_list("pk", flat=True)
        self.fetch = fetch
        self.known_count = count  # counted already (with other figures, in the same query)

    def count(self) -> int:
        return self.keys.count() if self.known_count is None else self.known_count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.keys[index])
        rows = {row.pk: row for row in self.fetch(ids)}
        return [rows[pk] for pk in ids if pk in rows]


def paginate(
    keys: QuerySet,
    fetch: Callable[[list], Iterable],
    number,
    per_page: int,
    count: int | None = None,
) -> Page:
    # LateRows is the sequence (len, slices) that Paginator reads; the stubs want a list.
    rows = LateRows(keys, fetch, count)
    return Paginator(rows, per_page).get_page(number)  # type: ignore[arg-type]


def estimated_count(qs: QuerySet) -> int | None:
    """The planner's row estimate for `qs` on PostgreSQL (EXPLAIN, no rows read); None elsewhere."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)  # nosec B608: Django-built SQL
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
