"""What the benchmarks share: Django on the benchmark database, and the seeded ledger.

The database is `DATABASE_URL` (default: SQLite at var/bench-SCALE.sqlite3; a PostgreSQL
database is created when missing). Never point it at real data: it is flushed when (re)seeded.
It holds the synthetic city of RECTIFY_BENCH_SCALE (`ci`, a tenth of the city, or `city`:
120 000 measures), written by `rectify synth --seed 1`.
"""

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


SCALES = {  # `ci` is a tenth of the city; `city` the scale the project is held to
    "ci": {"units": 20, "inspections": 5, "measures": 12_000, "reports": 100_000},
    "city": {"units": 200, "inspections": 50, "measures": 120_000, "reports": 1_000_000},
}
SEED = 1
CITY_BODY = "市委巡察办"  # the inspecting body of every round `rectify synth` writes
PASSWORD = "Synth#2026x"  # every synthetic user's (rectify synth --password)


def scale_name() -> str:
    name = os.environ.get("RECTIFY_BENCH_SCALE", "ci")
    if name not in SCALES:
        sys.exit(f"RECTIFY_BENCH_SCALE must be one of {', '.join(SCALES)}, not {name!r}")
    return name


def setup_django(database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT / "src"))  # this checkout, whatever the venv has installed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
    os.environ.setdefault("RECTIFY_TESTING", "true")
    os.environ.setdefault("RECTIFY_DATA_DIR", str(ROOT / "var"))  # evidence files, whatever the cwd
    # The test client's host; no setup_test_environment(), whose template instrumentation
    # would add its own cost to every render.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / f'bench-{scale_name()}.sqlite3'}"
    )
    _ensure_database(os.environ["DATABASE_URL"])
    # Each benchmark database anchors its own audit chain (they share the data directory).
    tag = hashlib.sha256(os.environ["DATABASE_URL"].encode()).hexdigest()[:8]
    os.environ.setdefault(
        "RECTIFY_AUDIT_CHECKPOINT_FILE", str(ROOT / "var" / f"audit-checkpoints-{tag}.jsonl")
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_database(url: str) -> None:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def database_name() -> str:
    from django.db import connection

    return connection.vendor


def ensure_seeded() -> int:
    """The synthetic city of the scale (`rectify synth`, seed 1): reused when the database
    already holds it, else written afresh (the database is flushed). Returns its measures."""
    from django.core.management import call_command

    from rectify.measures.models import Measure
    from rectify.orgs.models import User

    scale = SCALES[scale_name()]
    # The city's measures: other benchmarks (grid, import) add rounds of their own beside it.
    have = Measure.objects.filter(inspection__inspecting_unit__name=CITY_BODY).count()
    if have != scale["measures"] or not User.objects.filter(username="city_office").exists():
        print(f"writing the {scale_name()} city ({scale})", file=sys.stderr, flush=True)
        call_command("synth", seed=SEED, password=PASSWORD, flush=True, stdout=sys.stderr, **scale)
    # What the worker does after reports come in: each round's copy and photo checks, kept.
    from rectify.insights.models import RoundChecks
    from rectify.insights.rounds import round_checks
    from rectify.inspections.models import Inspection

    kept = set(RoundChecks.objects.values_list("inspection_id", flat=True))
    for pk in Inspection.objects.order_by("pk").values_list("pk", flat=True):
        if pk not in kept:  # computed only where nothing is kept
            round_checks(pk)
    # The benchmark process hashes with the tests' fast hasher; the server under test runs
    # production settings, which accept PBKDF2 only.
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    User.objects.update(password=password)
    return have if have == scale["measures"] else Measure.objects.count()
