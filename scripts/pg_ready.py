"""Make sure the PostgreSQL database named by a URL can be used for the test suite.

    python scripts/pg_ready.py postgres://postgres@127.0.0.1:5432/test

Exit 0: the database accepts connections (created first when the server answers but the
database does not exist). Exit 2: the server does not answer ("server down"). Exit 3: the
server answers but refuses us (password, permissions) or cannot create the database.
"""

import sys

import dj_database_url
import psycopg
from psycopg import sql

SERVER_DOWN, REFUSED = 2, 3


def connect(cfg: dict, dbname: str) -> psycopg.Connection:
    return psycopg.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or 5432,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname=dbname,
        connect_timeout=3,
        autocommit=True,
    )


def main(url: str) -> int:
    cfg = dj_database_url.parse(url)
    where = f"{cfg['HOST'] or 'localhost'}:{cfg['PORT'] or 5432}"
    name = cfg["NAME"]
    try:
        connect(cfg, name).close()
        print(f"PostgreSQL at {where}: database {name!r} ready")
        return 0
    except psycopg.OperationalError as first:
        error = first
    try:  # the server answers if its maintenance database does
        admin = connect(cfg, "postgres")
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL server down at {where}: {str(exc).strip()}", file=sys.stderr)
        return SERVER_DOWN
    with admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"PostgreSQL at {where} refuses {name!r}: {error}", file=sys.stderr)
            return REFUSED
        try:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except psycopg.Error as exc:
            print(f"database {name!r} missing at {where}, cannot create: {exc}", file=sys.stderr)
            return REFUSED
    print(f"PostgreSQL at {where}: database {name!r} was missing, created it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
