"""The daily supervision run at scale: `supervise_run` over the whole benchmark ledger.

    .venv/bin/python benchmarks/bench_supervise.py   # RECTIFY_BENCH_MEASURES=120000 for scale

Measures, on the same data inside a rolled-back transaction: the first run ever (every
reminder, escalation and 督办单 of a ledger nobody chased before — the worst case), the same
day again (nothing to do), and the next day (what a day brings: the daily cost); then a dry
run. Beside them, the lower bound: reading the candidate rows alone (the queries a run cannot
avoid). Target: the daily run of 120 000 measures in ≤ 10 s on PostgreSQL.
"""

import datetime as dt
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
        tomorrow = today + dt.timedelta(days=1)
        next_seconds, next_day = timed(lambda: supervise_run(today=tomorrow))
        transaction.set_rollback(True)
    dry_seconds, dry = timed(lambda: supervise_run(today=today, dry_run=True))
    assert len(dry) == len(first), "a dry run plans what the first run did"
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
                "next_day_seconds": next_seconds,
                "next_day_actions": len(next_day),
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
