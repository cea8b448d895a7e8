"""Rows straight into tables: COPY on PostgreSQL, executemany on SQLite.

A city's million rows cannot go through `save()` one by one, nor even `bulk_create` (which
builds a model instance per row) in the minutes `rectify synth` has. Rows are tuples in the
order of `columns`; ids are given by the caller (`Table.next_id`), so related rows can point
at them without reading anything back; `reset_sequences()` moves PostgreSQL's identity
columns past them at the end.
"""

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection
from django.db.models import Max, Model

JSON = object()  # marks a column whose values are written as JSON text


class Table:
    """One table being filled: its columns, its next free id, and how values are written."""

    def __init__(self, model: type[Model], columns: Sequence[str], json_columns=()):
        self.model = model
        self.name = model._meta.db_table
        self.columns = list(columns)
        self.json_at = [i for i, c in enumerate(self.columns) if c in json_columns]
        self.next_id = (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.count = 0
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = set(self.columns) - set(fields)
        missing = [
            c
            for c, f in fields.items()
            if c not in self.columns and not f.null and not f.has_default()
        ]
        if unknown or missing:  # the model changed: the generator must follow
            raise ValueError(f"{self.name}: unknown columns {sorted(unknown)}, missing {missing}")

    def ids(self, n: int) -> range:
        """Reserve n ids for rows to come."""
        start = self.next_id
        self.next_id += n
        return range(start, start + n)

    def insert(self, rows: Iterable[tuple]) -> int:
        rows = [self._jsoned(row) for row in rows] if self.json_at else list(rows)
        if not rows:
            return 0
        if connection.vendor == "postgresql":
            self._copy(rows)
        else:
            self._executemany(rows)
        self.count += len(rows)
        return len(rows)

    def _jsoned(self, row: tuple) -> tuple:
        values = list(row)
        for i in self.json_at:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        return tuple(values)

    def _copy(self, rows: list[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
            with raw.copy(
                f"COPY {connection.ops.quote_name(self.name)} ({names}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)

    def _executemany(self, rows: list[tuple]) -> None:
        names = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        table = connection.ops.quote_name(self.name)  # names from the model, never input
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608  # nosec B608 (names from the model)
        connection.ensure_connection()
        connection.connection.executemany(sql, [tuple(map(_sqlite, row)) for row in rows])


def _sqlite(value):
    """A value as Django's SQLite backend stores it (UTC datetimes without a zone)."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def reset_sequences(models: Iterable[type[Model]]) -> None:
    """Move PostgreSQL's id sequences past the ids given here (SQLite needs nothing)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            top = f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}"  # noqa: S608  # nosec B608 (names from the model)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(({top}), 1))", [table]
            )
