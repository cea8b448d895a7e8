"""Benchmark: import the seed notice, then generate its notice (.docx target: under 0.5 s).

    .venv/bin/python benchmarks/bench_notice.py [--runs 10]

Runs against a fresh in-memory SQLite database and prints one JSON object. The lower bound
of every format, measured in the same run, is `content`: building the notice from the
ledger, which each format does before rendering.
"""

import argparse
import json
import statistics
import time

from common import ROOT, setup_django

SEED = ROOT / "src/rectify/demo/demo_data/haizhuang-2023-rectification-notice.txt"
TARGET_DOCX_SECONDS = 0.5


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
    setup_django("sqlite:///:memory:")
    from rectify.imports.importer import notice_import
    from rectify.notices.content import notice_for
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
    times, _notice = timed(lambda: notice_for(inspection=inspection), args.runs)
    report["content"] = {"median_seconds": round(statistics.median(times), 4)}
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
