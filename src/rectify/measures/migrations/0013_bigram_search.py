"""Character-bigram indexes for the ledger's search on PostgreSQL.

Chinese search words are mostly two characters (公车, 违建), which trigram indexes cannot
serve: every such search read the whole table. `rectify_bigrams(text)` is the set of the
text's upper-cased two-character pieces; a GIN index over it answers "which rows hold every
bigram of the word" from the index, and the exact substring test runs only on those rows
(`measures.search`). Its cost is declared high (it is: a set of pieces per row) so the
planner reads the index rather than computing it over every row. SQLite needs none of it (its ledger search reads a city's tenth in
milliseconds); the trigram indexes stay for PostgreSQL's other searches.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION rectify_bigrams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT COST 1000 AS $$
    SELECT COALESCE(array_agg(DISTINCT substr(u, i, 2)), '{}')
    FROM (SELECT upper(value) AS u) AS s, generate_series(1, length(u) - 1) AS i
$$
"""

INDEXES = [
    ("measure_text_bigrams", "measures_measure", "text"),
    ("measure_target_bigrams", "measures_measure", "target"),
    ("finding_title_bigrams", "inspections_finding", "title"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (rectify_bigrams({column}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS rectify_bigrams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0012_measure_category"),
        ("inspections", "0002_initial"),
    ]

    operations = [migrations.RunPython(create, drop)]
