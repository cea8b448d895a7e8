"""What the benchmarks share: Django on the benchmark database, and the seeded ledger.

The database is `DATABASE_URL` (default: SQLite at var/bench.sqlite3; a PostgreSQL database
is created when missing). Never point it at real data: it is flushed when (re)seeded. The
ledger has RECTIFY_BENCH_MEASURES measures (default 12 000, a few minutes for `make bench`;
120000 is the scale the project is held to).
"""

import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PER_INSPECTION = 2400  # 3 aspects × 8 problems × 5 items × 20 measures


def measures_wanted() -> int:
    return max(PER_INSPECTION, int(os.environ.get("RECTIFY_BENCH_MEASURES", "12000")))


def setup_django(database_url: str | None = None) -> None:
    sys.path.insert(0, str(ROOT / "src"))  # this checkout, whatever the venv has installed
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
    os.environ.setdefault("RECTIFY_TESTING", "true")
    # The test client's host; no setup_test_environment(), whose template instrumentation
    # would add its own cost to every render.
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    _ensure_database(os.environ["DATABASE_URL"])
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


def ensure_seeded(total: int | None = None) -> int:
    """Seed the ledger unless it already has exactly `total` measures; return the count."""
    from rectify.measures.models import Measure

    total = total or measures_wanted()
    total -= total % PER_INSPECTION
    if Measure.objects.count() != total:
        _seed(total)
    return Measure.objects.count()


def _people():
    from rectify.orgs.enums import OrgUnitKind, Role
    from rectify.orgs.models import Membership, OrgUnit, User

    district = OrgUnit.objects.create(name="区", kind=OrgUnitKind.DISTRICT)
    street = OrgUnit.objects.create(name="街道", kind=OrgUnitKind.STREET, parent=district)
    departments = [
        OrgUnit.objects.create(name=f"科室{i}", kind=OrgUnitKind.DEPARTMENT, parent=street)
        for i in range(20)
    ]
    for name, unit, role in [
        ("bench_office", street, Role.OFFICE),
        ("bench_reporter", departments[3], Role.REPORTER),
    ]:
        user = User.objects.create_user(name, password="Bench#2026x", must_change_password=False)
        Membership.objects.create(user=user, org_unit=unit, role=role)
    User.objects.bulk_create(
        User(username=f"p{i}", display_name=f"责任人{i}", must_change_password=False)
        for i in range(60)
    )
    people = list(User.objects.filter(username__startswith="p").order_by("pk"))
    return street, departments, people


def _findings(inspection) -> list:
    """3 aspects × 8 problems × 5 items; returns the items."""
    from rectify.inspections.models import Finding

    def level(parents, count, kind, label, title):
        rows = [
            Finding(
                inspection=inspection,
                parent=parent,
                kind=kind,
                position=i + 1,
                label=label(i),
                title=title(i),
                depth=0 if parent is None else parent.depth + 1,
                sort_key=(f"{parent.sort_key}." if parent else "") + f"{i + 1:04d}",
            )
            for parent in parents
            for i in range(count)
        ]
        return Finding.objects.bulk_create(rows)

    aspects = level([None], 3, "aspect", lambda i: f"第{i + 1}方面", lambda i: f"方面{i + 1}问题")
    problems = level(
        aspects, 8, "problem", lambda i: f"({i + 1})", lambda i: f"针对问题{i + 1}整改不到位的问题"
    )
    return level(problems, 5, "item", lambda i: f"{i + 1}.", lambda i: f"针对子问题{i + 1}的问题")


def _seed(total: int) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from rectify.inspections.models import Inspection
    from rectify.measures.enums import MeasureKind, MeasureStatus
    from rectify.measures.models import Measure, measure_sort_key

    call_command("flush", interactive=False, verbosity=0)
    street, departments, people = _people()
    statuses = list(MeasureStatus)
    today = timezone.localdate()
    for n in range(total // PER_INSPECTION):
        with transaction.atomic():
            inspection = Inspection.objects.create(
                title=f"第{n + 1}轮巡察",
                inspecting_body="区委巡察组",
                inspected_unit=street,
                feedback_date=today - dt.timedelta(days=n),
            )
            measures = []
            for k, item in enumerate(_findings(inspection)):
                for m in range(20):
                    seq = k * 20 + m
                    measures.append(
                        Measure(
                            finding=item,
                            inspection=inspection,  # bulk_create skips Measure.save
                            sort_key=measure_sort_key(item.sort_key, m + 1),
                            position=m + 1,
                            label="一是",
                            text=f"召开专题会议研究部署整改工作第{seq}项，建立台账逐项销号。",
                            kind=MeasureKind.TIME_BOUND,
                            status=statuses[seq % len(statuses)],
                            lead_department=departments[seq % 20],
                            responsible_person=people[seq % 60],
                            responsible_leader=people[(seq + 7) % 60],
                            deadline=today + dt.timedelta(days=(seq % 200) - 100),
                        )
                    )
            Measure.objects.bulk_create(measures, batch_size=2000)
        print(f"seeded inspection {n + 1}", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
