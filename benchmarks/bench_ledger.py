"""Ledger at scale: the pages offices use most, timed with their query counts.

    .venv/bin/python benchmarks/bench_ledger.py            # SQLite, 12 000 measures
    RECTIFY_BENCH_MEASURES=120000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/rectify_bench \
        .venv/bin/python benchmarks/bench_ledger.py

Prints JSON. Beside each page's median time is its lower bound measured in the same request:
`db_ms`, the time its SQL took (the page cannot be faster than its queries), and once for
all pages `empty_page_ms`, a page that does no work (the cost of the middleware stack).
"""

import json
import statistics
import time

from common import database_name, ensure_seeded, setup_django


def timed(client, url: str, runs: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, db_times, queries, status = [], [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        db_times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
    return {
        "url": url,
        "status": status,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "db_ms": round(statistics.median(db_times), 1),
        "queries": queries,
    }


def main() -> None:
    setup_django()
    count = ensure_seeded()
    from django.test import Client

    from rectify.inspections.models import Inspection
    from rectify.orgs.models import User

    inspection = Inspection.objects.order_by("pk").first()
    results = {"measures": count, "database": database_name(), "pages": []}
    last_page = max(1, count // 50)
    for who in ["bench_office", "bench_reporter"]:
        client = Client()
        client.force_login(User.objects.get(username=who))
        if who == "bench_office":
            results["empty_page_ms"] = timed(client, "/accounts/password_change/done/")["median_ms"]
        urls = [
            "/measures/",
            f"/measures/?page={last_page}",
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
