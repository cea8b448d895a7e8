"""Benchmark: import the seed notice, then generate its notice (.docx target: under 0.5 s).

    RECTIFY_TESTING=true .venv/bin/python benchmarks/bench_notice.py [--runs 10]

Runs against a fresh in-memory SQLite database and prints one JSON object.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/rectify/demo/demo_data/haizhuang-2023-rectification-notice.txt"
TARGET_DOCX_SECONDS = 0.5


def setup_django() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
    os.environ.setdefault("RECTIFY_TESTING", "true")
    os.environ["DATABASE_URL"] = "sqlite:///:memory:"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    setup_django()
    from rectify.imports.importer import notice_import
    from rectify.notices.generate import notice_generate

    start = time.perf_counter()
    result = notice_import(path_or_bytes=SEED.read_bytes(), filename=SEED.name, actor=None)
    import_seconds = time.perf_counter() - start
    inspection = result.inspection
    report = {
        "benchmark": "notice",
        "seed": SEED.name,
        "measures": result.counts["measures"],
        "import_seconds": round(import_seconds, 4),
        "runs": args.runs,
    }
    for fmt in ("docx", "html", "txt"):
        times, rendered = timed(
            lambda f=fmt: notice_generate(inspection=inspection, fmt=f), args.runs
        )
        report[fmt] = {
            "median_seconds": round(statistics.median(times), 4),
            "min_seconds": round(min(times), 4),
            "max_seconds": round(max(times), 4),
            "bytes": len(rendered.content),
        }
    report["docx_target_seconds"] = TARGET_DOCX_SECONDS
    report["docx_within_target"] = report["docx"]["median_seconds"] < TARGET_DOCX_SECONDS
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
