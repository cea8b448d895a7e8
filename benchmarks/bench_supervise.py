"""The daily supervision run at scale: `supervise_run` over the whole benchmark ledger.

    .venv/bin/python benchmarks/bench_supervise.py   # RECTIFY_BENCH_MEASURES=120000 for scale

Measures three runs on the same data inside rolled-back transactions: the first run of a day
(every reminder, escalation and 督办单 due — the worst case), the same day again (nothing to
do), and a dry run. Beside them, the lower bound: reading the candidate rows alone (the
queries a run cannot avoid). Target: 120 000 measures in ≤ 10 s on PostgreSQL.
"""

import json
import time

from common import database_name, ensure_seeded, setup_django


def timed(work):
    start = time.perf_counter()
    result = work()
    return round(time.perf_counter() - start, 3), result


def main() -> None:
    setup_django()
    count = ensure_seeded()
    from django.db import transaction
    from django.utils import timezone

    from rectify.supervision.run import Planner
    from rectify.supervision.services import supervise_run

    today = timezone.localdate()

    def read_only():
        plan = Planner(today, None)
        return sum(1 for _ in plan.open.filter(deadline__isnull=False).values("pk").iterator())

    read_seconds, rows = timed(read_only)
    with transaction.atomic():
        first_seconds, first = timed(lambda: supervise_run(today=today))
        again_seconds, again = timed(lambda: supervise_run(today=today))
        transaction.set_rollback(True)
    dry_seconds, dry = timed(lambda: supervise_run(today=today, dry_run=True))
    kinds: dict[str, int] = {}
    for action in first:
        kinds[action["kind"]] = kinds.get(action["kind"], 0) + 1
    print(
        json.dumps(
            {
                "benchmark": "supervise",
                "database": database_name(),
                "measures": count,
                "first_run_seconds": first_seconds,
                "first_run_actions": len(first),
                "actions_by_kind": kinds,
                "same_day_again_seconds": again_seconds,
                "same_day_again_actions": len(again),
                "dry_run_seconds": dry_seconds,
                "lower_bound_read_seconds": read_seconds,
                "lower_bound_rows": rows,
                "target_seconds_at_120000": 10,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
