"""Benchmark: the public site under 8 concurrent clients on loopback (target: p99 ≤ 200 ms).

    .venv/bin/python benchmarks/bench_public.py [--requests 400] [--clients 8]

The seed notice is imported and published into a fresh SQLite file, served as the README
deploys it (gunicorn, one worker per core, 4 threads each) on 127.0.0.1, and read by 8
keep-alive clients: the notice page, the unit page and the
index (full responses), then the notice page revalidated with its ETag (304). The lower bound,
measured in the same run with the same clients, is a static file through the same stack
(WhiteNoise answers it before any view or query).
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, setup_django

SEED = ROOT / "src/rectify/demo/demo_data/haizhuang-2023-rectification-notice.txt"
TARGET_P99_MS = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT / "src"),
        "RECTIFY_CACHE": "locmem",
    }
    workers = str(os.cpu_count() or 2)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    args = [str(gunicorn), "rectify.wsgi", "--workers", workers, "--threads", "4"]
    server = subprocess.Popen(
        [*args, "--bind", f"127.0.0.1:{port}", "--log-level", "warning"], env=env
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _publish():
    import datetime as dt

    from rectify.imports.importer import notice_import
    from rectify.public import services

    inspection = notice_import(path_or_bytes=SEED.read_bytes(), filename=SEED.name, actor=None)
    inspection = inspection.inspection
    today = dt.date(2023, 12, 31)
    pub = services.publication_draft(inspection=inspection, actor=None, today=today)
    services.publication_check(publication=pub, actor=None, today=today)
    pub.refresh_from_db()
    if pub.status == "draft":  # the seed's own text may fail a check; publish it regardless
        type(pub).objects.filter(pk=pub.pk).update(status="checked")
        pub.refresh_from_db()
    services.publication_approve(publication=pub, actor=None)
    services.publication_publish(publication=pub, actor=None)
    return pub


def _client_run(port: int, paths: list[str], headers: dict, out: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        out.append(time.perf_counter() - start)
        if response.status not in (200, 304):
            errors.append((path, response.status))
    conn.close()


def load(port: int, paths: list[str], clients: int, total: int, headers=None) -> dict:
    per = max(1, total // clients)
    results: list[float] = []
    errors: list = []
    threads = [
        threading.Thread(
            target=_client_run,
            args=(
                port,
                [paths[(c + i) % len(paths)] for i in range(per)],
                headers or {},
                results,
                errors,
            ),
        )
        for c in range(clients)
    ]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ms = sorted(r * 1000 for r in results)
    return {
        "requests": len(ms),
        "errors": errors[:5],
        "per_second": round(len(ms) / wall, 1),
        "p50_ms": round(statistics.median(ms), 2),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="rectify-bench-public-")) / "public.sqlite3"
    setup_django(f"sqlite:///{db}")
    pub = _publish()
    port = _free_port()
    server = _serve(db, port)
    notice, unit = f"/public/notices/{pub.pk}/", f"/public/units/{pub.unit_id}/"
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", notice)
    first = conn.getresponse()
    first.read()
    etag = first.getheader("ETag")
    load(port, [notice, unit, "/public/"], args.clients, args.clients * 4)  # warm up
    pages = load(port, [notice, unit, "/public/"], args.clients, args.requests)
    revalidated = load(port, [notice], args.clients, args.requests, {"If-None-Match": etag})
    static = load(port, ["/static/rectify/public.css"], args.clients, args.requests)
    server.terminate()
    server.wait(timeout=30)
    report = {
        "benchmark": "public",
        "clients": args.clients,
        "server": f"gunicorn, {os.cpu_count()} workers × 4 threads",
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "notice_bytes": int(first.getheader("Content-Length") or 0),
        "cache_control": first.getheader("Cache-Control"),
        "pages": pages,
        "revalidated_304": revalidated,
        "lower_bound_static_file": static,
        "target_p99_ms": TARGET_P99_MS,
        "ok": pages["p99_ms"] <= TARGET_P99_MS and not pages["errors"],
    }
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
