"""The pages users spend their day on, over HTTP through gunicorn (2 workers, production
settings), for an office, a department and a leader user of the synthetic city.

    RECTIFY_BENCH_SCALE=ci .venv/bin/python benchmarks/bench_pages.py   # DATABASE_URL as common.py

Each page: p50/p95 of RECTIFY_BENCH_REQUESTS (default 30) requests, one client at a time,
after 3 warm-up requests (at least 5 for a page slower than RECTIFY_BENCH_PAGE_SECONDS, 20, in
all); its SQL statements counted in-process with the test client; beside
it the lower bound measured in the same run, the raw SQL that returns the rows the page
shows (`baselines.py`). Then the ledger's throughput with 8 concurrent clients.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from baselines import Baselines
from common import PASSWORD, ROOT, ensure_seeded, setup_django
from http_client import Session, throughput
from report import emit, progress, row

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def production_env(port: int, static_root: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_BENCH")}
    env.update(
        RECTIFY_TESTING="false",
        DEBUG="false",
        SECRET_KEY="bench-" + "k" * 60,
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; nginx terminates TLS in production
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        STATIC_ROOT=str(static_root),
        RECTIFY_AXES="false",  # many log-ins from one address
        PYTHONPATH=str(ROOT / "src"),
        LOG_LEVEL="WARNING",
    )
    return env


def start_gunicorn(port: int, static_root: Path, log: Path) -> subprocess.Popen:
    env = production_env(port, static_root)
    if not (static_root / "staticfiles.json").exists():
        progress("collectstatic for the production static storage")
        subprocess.run(
            [sys.executable, "-m", "rectify", "collectstatic", "--noinput", "-v0"],
            env=env,
            check=True,
        )
    command = [sys.executable, "-m", "gunicorn", "rectify.wsgi", "--workers", "2"]
    command += ["--bind", f"{HOST}:{port}", "--timeout", "300", "--log-level", "warning"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return server
        except OSError:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped:\n{log.read_text()[-2000:]}")
            time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s")


def queries_of(username: str, url: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from rectify.orgs.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def time_page(session: Session, url: str, requests: int, budget: float) -> list[float]:
    """`requests` timings after 3 warm-ups; a page slower than `budget` seconds in all stops
    early, after 5 at least (its row says how many: a slow page needs no 30 to be slow)."""
    for _ in range(3):
        session.get(url)
    times: list[float] = []
    started = time.monotonic()
    while len(times) < requests and (len(times) < 5 or time.monotonic() - started < budget):
        ms, status, _size = session.get(url)
        if status != 200:
            sys.exit(f"{url}: HTTP {status}")
        times.append(ms)
    return times


def settle_database() -> None:
    """VACUUM ANALYZE on PostgreSQL: the pages meet the statistics autovacuum keeps, not the
    leftovers of the benchmarks before them (bench_insights rolls back 120 000 inserted
    reports; the grid and the import add rounds): with the grid's 500 measures unanalysed,
    a count of the ledger planned a nested loop and took 10 ms instead of 0.5."""
    from django.db import connection

    if connection.vendor == "postgresql":
        progress("VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main() -> None:
    setup_django()
    ensure_seeded()
    settle_database()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    requests = int(os.environ.get("RECTIFY_BENCH_REQUESTS", "30"))
    budget = float(os.environ.get("RECTIFY_BENCH_PAGE_SECONDS", "20"))
    base = Baselines()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        server = start_gunicorn(port, ROOT / "var" / "bench-static", Path(folder) / "gunicorn.log")
        try:
            sessions = {u: Session(HOST, port, u, PASSWORD) for u in base.users.values()}
            rows = []
            for page in base.pages():
                progress(f"{page.name} ({page.user}): {page.url}")
                times = time_page(sessions[page.user], page.url, requests, budget)
                rows.append(
                    row(
                        page.name,
                        user=page.user,
                        times_ms=times,
                        queries=queries_of(page.user, page.url),
                        baseline=page.baseline,
                        baseline_ms=base.time(page),
                        target=page.target,
                        url=page.url,
                        requests=len(times),
                    )
                )
            office = base.users["office"]
            progress("ledger throughput, 8 clients")
            load = throughput(
                sessions[office],
                "/measures/",
                8,
                float(os.environ.get("RECTIFY_BENCH_LOAD_SECONDS", "15")),
                server_pid=server.pid,
            )
            rows.append(
                row(
                    "ledger throughput, 8 clients",
                    user=office,
                    times_ms=load["times"],
                    p50_ms=load.get("p50_ms"),
                    p95_ms=load.get("p95_ms"),
                    target="rps >= 60",
                    rps=round(load["rps"], 1),
                    errors=load["errors"],
                    client=load["client"],
                    cpu_busy_pct=load["cpu_busy_pct"],
                    client_cpu_pct=load["client_cpu_pct"],
                    cpu_ms_per_request=load["cpu_ms_per_request"],
                    web_cpu_ms_per_request=load["web_cpu_ms_per_request"],
                    db_cpu_ms_per_request=load["db_cpu_ms_per_request"],
                    url="/measures/",
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    emit(rows)


if __name__ == "__main__":
    main()
