"""PostgreSQL: a trigger refuses UPDATE and DELETE on the audit tables.

Only the tables' owner may lift it, for one transaction, with `maintenance()` (retention in
`rectify audit prune`); a role that does not own the tables cannot, and should be granted
only SELECT and INSERT on them (docs/deployment.md). TRUNCATE is not a row operation and
is left to the owner: do not grant it; the checkpoints outside the database show an emptied
table.
"""

from django.db import connection

TABLES = ("audit_auditentry", "audit_auditchain")

FUNCTION = """
CREATE OR REPLACE FUNCTION rectify_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('rectify.audit_maintenance', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID),
                       'MEMBER') THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install_sql() -> list[str]:
    statements = [FUNCTION]
    for table in TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION rectify_audit_append_only();",
        ]
    return statements


def remove_sql() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {t}_append_only ON {t};" for t in TABLES] + [
        "DROP FUNCTION IF EXISTS rectify_audit_append_only();"
    ]


def maintenance() -> None:
    """Lift the trigger for the rest of the current transaction (the owner only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL rectify.audit_maintenance = 'on'")
