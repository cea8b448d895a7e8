"""The one format every benchmark reports in: a list of rows, one per benchmark and database.

    {"name", "db", "scale", "user", "p50_ms", "p95_ms", "queries", "baseline", "baseline_ms",
     "ratio", "target", "meets"}

`baseline` says what the lower bound is (the raw SQL returning the same rows, the bare
library writing the same file) and `baseline_ms` what it took in the same run; `ratio` is
p50 over that bound. `target` is the figure the row is held to, as text ("p95_ms <= 100");
`meets` whether it does (null where no target is set). A benchmark script prints its rows
as the last line of its standard output (`emit`); progress goes to standard error.
"""

import json
import math
import os
import statistics
import sys


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 30 runs is the 29th fastest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def row(
    name: str,
    *,
    user: str = "",
    times_ms: list[float] | None = None,
    p50_ms: float | None = None,
    p95_ms: float | None = None,
    queries: int | None = None,
    baseline: str = "",
    baseline_ms: float | None = None,
    target: str = "",
    db: str = "",
    **extra,
) -> dict:
    if not db:
        from common import database_name

        db = database_name()
    if times_ms:
        p50_ms, p95_ms = statistics.median(times_ms), percentile(times_ms, 0.95)
    ratio = round(p50_ms / baseline_ms, 2) if p50_ms and baseline_ms else None
    values = {"p50_ms": p50_ms, "p95_ms": p95_ms, "ratio": ratio, **extra}
    return {
        "name": name,
        "db": db,
        "scale": os.environ.get("RECTIFY_BENCH_SCALE", "ci"),
        "user": user,
        "p50_ms": _round(p50_ms),
        "p95_ms": _round(p95_ms),
        "queries": queries,
        "baseline": baseline,
        "baseline_ms": _round(baseline_ms),
        "ratio": ratio,
        "target": target,
        "meets": meets(target, values) if target else None,
        **extra,
    }


def meets(target: str, values: dict) -> bool:
    """Whether every clause of `target` ("p95_ms <= 100", "rps >= 60 and mb <= 150") holds."""
    ok = True
    for clause in target.split(" and "):
        name, op, bound = clause.split()
        value = values.get(name)
        if value is None:
            return False
        ok &= value <= float(bound) if op == "<=" else value >= float(bound)
    return bool(ok)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def emit(rows: list[dict]) -> None:
    print(json.dumps(rows, ensure_ascii=False))


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
