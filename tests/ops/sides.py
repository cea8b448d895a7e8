"""The two databases the operations tests run `rectify` against, read raw (not by models)."""

from pathlib import Path

from django.db import connection

from .release import sqlite_rows, sqlite_tables


class SqliteSide:
    def __init__(self, path: Path):
        self.path = path
        self.url = f"sqlite:///{path}"

    def rows(self, table: str):
        return sqlite_rows(self.path, table)

    def tables(self) -> set[str]:
        return set(sqlite_tables(self.path))

    def json_columns(self, table: str) -> set[str]:
        return set()  # the same engine on both sides: compared as stored


class PostgresSide:
    def __init__(self, name: str):
        import psycopg

        params = connection.settings_dict
        self.conninfo = {
            "host": params["HOST"] or "127.0.0.1",
            "port": params["PORT"] or 5432,
            "user": params["USER"],
            "password": params["PASSWORD"] or None,
        }
        self.name = name
        with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        user = params["USER"] or "postgres"
        password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
        self.url = (
            f"postgres://{user}{password}@{self.conninfo['host']}:{self.conninfo['port']}/{name}"
        )

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(dbname="postgres", autocommit=True, **self.conninfo) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def connect(self):
        import psycopg

        conn = psycopg.connect(dbname=self.name, **self.conninfo)
        conn.execute("SET TIME ZONE 'UTC'")
        return conn

    def load(self, source: Path) -> None:
        """Copy every row of the release's SQLite database (one transaction; Django's
        foreign keys are deferred to commit), then move the id sequences past them."""
        with self.connect() as conn:
            for table, columns in sqlite_tables(source).items():
                names, rows = sqlite_rows(source, table)
                if table not in self.tables():
                    assert not rows, f"{table} has rows but no table in this release's schema"
                    continue
                bools = self._bool_columns(conn, table)
                quoted = ", ".join(f'"{n}"' for n in names)
                marks = ", ".join(["%s"] * len(names))
                fixed = [
                    tuple(bool(v) if n in bools and v is not None else v for n, v in zip(names, r))
                    for r in rows
                ]
                with conn.cursor() as cursor:
                    cursor.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({marks})', fixed)
                if any(c[0] == "id" and c[2] for c in columns) and rows:
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                        f'(SELECT MAX(id) FROM "{table}"))'
                    )

    def _columns_of_type(self, conn, table: str, kind: str) -> set[str]:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND data_type = %s",
            [table, kind],
        )
        return {r[0] for r in rows}

    def _bool_columns(self, conn, table: str) -> set[str]:
        return self._columns_of_type(conn, table, "boolean")

    def json_columns(self, table: str) -> set[str]:
        with self.connect() as conn:
            return self._columns_of_type(conn, table, "jsonb")

    def tables(self) -> set[str]:
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
            return {r[0] for r in rows}

    def rows(self, table: str):
        with self.connect() as conn, conn.cursor() as cursor:
            cursor.execute(f'SELECT * FROM "{table}"')
            return [d.name for d in cursor.description], cursor.fetchall()
