"""Ledger at scale: 120 000 measures; time and query count of the pages offices use most.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rectify_bench \
        .venv/bin/python benchmarks/bench_ledger.py [--measures 120000] [--reseed]

Prints JSON. The database named by DATABASE_URL is created if needed and seeded once (kept
between runs; --reseed rebuilds it). Never point it at real data: it is flushed on reseed.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
os.environ.setdefault("RECTIFY_TESTING", "true")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
# The test client's host; no setup_test_environment(), whose template instrumentation would
# add its own cost to every render.
os.environ.setdefault("ALLOWED_HOSTS", "testserver")


def ensure_database() -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname=%s", [cfg["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def seed(total: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from rectify.inspections.models import Finding, Inspection
    from rectify.measures.enums import MeasureKind, MeasureStatus
    from rectify.measures.models import Measure
    from rectify.orgs.enums import OrgUnitKind, Role
    from rectify.orgs.models import Membership, OrgUnit, User

    call_command("flush", interactive=False, verbosity=0)
    district = OrgUnit.objects.create(name="区", kind=OrgUnitKind.DISTRICT)
    street = OrgUnit.objects.create(name="街道", kind=OrgUnitKind.STREET, parent=district)
    departments = [
        OrgUnit.objects.create(name=f"科室{i}", kind=OrgUnitKind.DEPARTMENT, parent=street)
        for i in range(20)
    ]
    office = User.objects.create_user(
        "bench_office", password="Bench#2026x", must_change_password=False
    )
    Membership.objects.create(user=office, org_unit=street, role=Role.OFFICE)
    reporter = User.objects.create_user(
        "bench_reporter", password="Bench#2026x", must_change_password=False
    )
    Membership.objects.create(user=reporter, org_unit=departments[3], role=Role.REPORTER)
    people = [
        User(username=f"p{i}", display_name=f"责任人{i}", must_change_password=False)
        for i in range(60)
    ]
    User.objects.bulk_create(people)
    people = list(User.objects.filter(username__startswith="p"))
    statuses = list(MeasureStatus)
    per_inspection = 2400
    today = dt.date.today()
    for n in range(max(1, total // per_inspection)):
        with transaction.atomic():
            inspection = Inspection.objects.create(
                title=f"第{n + 1}轮巡察",
                inspecting_body="区委巡察组",
                inspected_unit=street,
                feedback_date=today - dt.timedelta(days=n),
            )
            findings = []
            for a in range(3):
                aspect = Finding(
                    inspection=inspection,
                    kind="aspect",
                    position=a + 1,
                    label=f"第{a + 1}方面",
                    title=f"方面{a + 1}问题",
                    depth=0,
                    sort_key=f"{a + 1:04d}",
                )
                findings.append(aspect)
            Finding.objects.bulk_create(findings)
            problems = []
            for aspect in findings:
                for p in range(8):
                    problems.append(
                        Finding(
                            inspection=inspection,
                            parent=aspect,
                            kind="problem",
                            position=p + 1,
                            label=f"({p + 1})",
                            title=f"针对问题{p + 1}整改不到位的问题",
                            depth=1,
                            sort_key=f"{aspect.sort_key}.{p + 1:04d}",
                        )
                    )
            Finding.objects.bulk_create(problems)
            items = []
            for problem in problems:
                for i in range(5):
                    items.append(
                        Finding(
                            inspection=inspection,
                            parent=problem,
                            kind="item",
                            position=i + 1,
                            label=f"{i + 1}.",
                            title=f"针对子问题{i + 1}的问题",
                            depth=2,
                            sort_key=f"{problem.sort_key}.{i + 1:04d}",
                        )
                    )
            Finding.objects.bulk_create(items)
            measures = []
            for k, item in enumerate(items):
                for m in range(20):
                    seq = k * 20 + m
                    measures.append(
                        Measure(
                            finding=item,
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


def timed(client, url: str, runs: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, status = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
    return {
        "url": url,
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--measures", type=int, default=120_000)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from rectify.measures.models import Measure
    from rectify.orgs.models import User

    call_command("migrate", verbosity=0)
    if args.reseed or Measure.objects.count() < args.measures:
        seed(args.measures)
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    from rectify.inspections.models import Inspection

    inspection = Inspection.objects.order_by("pk").first()
    results = {
        "measures": Measure.objects.count(),
        "database": os.environ["DATABASE_URL"].split(":")[0],
        "pages": [],
    }
    for who in ["bench_office", "bench_reporter"]:
        client = Client()
        client.force_login(User.objects.get(username=who))
        urls = [
            "/measures/",
            "/measures/?page=1000",
            "/measures/?status=in_progress",
            "/measures/?overdue=on",
            "/measures/?q=第1234项",
            f"/measures/?inspection={inspection.pk}",
            f"/inspections/{inspection.pk}/",
            "/inspections/",
            "/measures/mine/",
            f"/api/measures/?inspection={inspection.pk}",
        ]
        for url in urls if who == "bench_office" else urls[:4]:
            results["pages"].append({"user": who, **timed(client, url)})
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
