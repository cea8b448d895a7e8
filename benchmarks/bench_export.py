"""Excel ledger export at scale: every measure the office may see, written to .xlsx in
constant memory, in the standard layout (merged group cells, lights, progress, evidence,
indicators; `seconds`) and with every field in its own column (`full_layout_seconds`).
Prints JSON.

    .venv/bin/python benchmarks/bench_export.py       # the ledger of bench_ledger (seeded here too)

Beside the export's time are two lower bounds measured in the same run: `read_seconds`,
reading the same rows from the database without writing, and `write_seconds`, writing the
same rows (already in memory) without the database. The export cannot beat the larger one.
Each figure is the best of RECTIFY_BENCH_RUNS runs (default 3); `max_rss_mb` is taken
before the rows are held in memory for the write bound.
"""

import json
import os
import resource
import tempfile
import time
from pathlib import Path

from common import database_name, ensure_seeded, setup_django


def best_of(runs: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    setup_django()
    ensure_seeded()
    from django.utils import timezone

    from rectify.orgs.models import User
    from rectify.reports.excel import ledger_rows, write_ledger
    from rectify.reports.ledger_file import ledger_queryset_for
    from rectify.reports.ledger_layout import standard_rows, write_standard

    user = User.objects.get(username="city_office")
    today = timezone.localdate()
    qs = ledger_queryset_for(user=user, filters={}, today=today)

    runs = int(os.environ.get("RECTIFY_BENCH_RUNS", "3"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.xlsx"
        seconds, rows = best_of(
            runs,
            lambda: write_standard(standard_rows(qs, today=today), path, title="台账", summary=""),
        )
        size = path.stat().st_size
        full_seconds, _ = best_of(
            runs, lambda: write_ledger(ledger_rows(qs, today=today), path, title="台账", summary="")
        )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        read_seconds, read = best_of(runs, lambda: list(standard_rows(qs, today=today)))
        floor = Path(folder) / "floor.xlsx"
        write_seconds, _ = best_of(
            runs, lambda: write_standard(iter(read), floor, title="台账", summary="")
        )
    print(
        json.dumps(
            {
                "database": database_name(),
                "rows": rows,
                "seconds": round(seconds, 2),
                "rows_per_second": round(rows / seconds),
                "full_layout_seconds": round(full_seconds, 2),
                "read_seconds": round(read_seconds, 2),
                "write_seconds": round(write_seconds, 2),
                "file_mb": round(size / 1048576, 1),
                "runs": runs,
                "max_rss_mb": round(rss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
