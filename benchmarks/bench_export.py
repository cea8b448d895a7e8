"""Excel ledger export at scale: every measure the office may see (120 000 after
bench_ledger.py has seeded), written to .xlsx in constant memory. Prints JSON.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rectify_bench \\
        .venv/bin/python benchmarks/bench_export.py
"""

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
os.environ.setdefault("RECTIFY_TESTING", "true")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")


def main() -> None:
    import django

    django.setup()
    from django.utils import timezone

    from rectify.orgs.models import User
    from rectify.reports.excel import ledger_rows, write_ledger
    from rectify.reports.exports import ledger_queryset_for

    user = User.objects.filter(username="bench_office").first()
    if user is None:
        sys.exit("run benchmarks/bench_ledger.py first to seed the database")
    today = timezone.localdate()
    qs = ledger_queryset_for(user=user, filters={}, today=today)
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
        start = time.perf_counter()
        rows = write_ledger(ledger_rows(qs, today=today), handle.name, title="台账", summary="")
        seconds = time.perf_counter() - start
        size = Path(handle.name).stat().st_size
    print(
        json.dumps(
            {
                "rows": rows,
                "seconds": round(seconds, 1),
                "rows_per_second": round(rows / seconds),
                "file_mb": round(size / 1048576, 1),
                "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
