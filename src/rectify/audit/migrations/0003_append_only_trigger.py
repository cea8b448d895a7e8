"""PostgreSQL only: a trigger refuses UPDATE and DELETE on the audit tables (rectify.audit.pg).
Other databases: nothing (SQLite has one writer, the application; the keyed chain and the
checkpoints outside the database detect changes there)."""

from django.db import migrations

from rectify.audit import pg


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in pg.install_sql():
            schema_editor.execute(statement, params=None)


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in pg.remove_sql():
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_keyed_chain")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
