"""scripts/pg_ready.py, which `make test` runs before the PostgreSQL suite: it tells a server
that is down from a database that is missing, and creates the missing database."""

import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg_ready.py"


def pg_ready(url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), url], capture_output=True, text=True, timeout=30
    )


def test_a_server_that_is_down_is_told_apart():
    done = pg_ready("postgres://postgres@127.0.0.1:1/test")  # nothing listens on port 1
    assert done.returncode == 2
    assert "server down at 127.0.0.1:1" in done.stderr


@pytest.mark.django_db
def test_a_missing_database_is_created_when_the_server_answers():
    if connection.vendor != "postgresql":
        pytest.skip("needs a PostgreSQL server")
    s = connection.settings_dict
    name = f"pg_ready_{uuid.uuid4().hex[:12]}"
    url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    try:
        created = pg_ready(url)
        assert created.returncode == 0, created.stderr
        assert f"database {name!r} was missing, created it" in created.stdout
        again = pg_ready(url)
        assert again.returncode == 0 and f"database {name!r} ready" in again.stdout
    finally:
        with psycopg.connect(
            host=s["HOST"],
            port=s["PORT"] or 5432,
            user=s["USER"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
