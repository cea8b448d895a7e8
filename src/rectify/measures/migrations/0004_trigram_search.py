"""Trigram indexes for the ledger's text search on PostgreSQL (Django's icontains compares
UPPER(column)). Skipped on SQLite, and where the pg_trgm extension cannot be created."""

from django.db import migrations, transaction
from django.db.utils import DatabaseError

INDEXES = [
    ("measure_text_trgm", "measures_measure", "text"),
    ("measure_target_trgm", "measures_measure", "target"),
    ("finding_title_trgm", "inspections_finding", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # no right to create it: search still works, only slower
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_denormalise_inspection"),
        ("inspections", "0002_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
