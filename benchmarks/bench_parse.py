"""Parser benchmark (not a test): prints {"seed_parse_ms": …, "one_mb_parse_ms": …}.

Run: PYTHONPATH=src python benchmarks/bench_parse.py
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from rectify.lib.numbering import int_to_cn
from rectify.lib.text import match_view
from rectify.parsing import parse_bytes

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seed/haizhuang-2023-rectification-notice.txt")
if not SEED.exists():
    SEED = ROOT / "tests/parsing/fixtures/seed.txt"


def _timed(data: bytes, name: str, runs: int) -> tuple[float, dict]:
    parse_bytes(data, name)  # warm-up (regex compilation, imports)
    times = []
    totals: dict = {}
    for _ in range(runs):
        match_view.cache_clear()  # no credit for a warm cache
        start = time.perf_counter()
        notice = parse_bytes(data, name)
        times.append((time.perf_counter() - start) * 1000)
        totals = notice.totals()
    return statistics.median(times), totals


def _one_mb(seed: str) -> str:
    lines = seed.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("第一方面问题"))
    end = next(i for i, x in enumerate(lines) if x.startswith("三、"))
    block = [x for x in lines[start:end] if x.strip()]
    aspects = [i for i, x in enumerate(block) if x.startswith("第") and "方面问题" in x]
    body = lines[:start]
    n = 0
    while len("\n".join(body).encode("utf-8")) < 1024 * 1024:
        for i, line in enumerate(block):
            if i in aspects:
                n += 1
                line = f"第{int_to_cn(n)}方面问题" + line[line.index("问题") + 2 :]
            body.append(line)
            body.append("")
    return "\n".join(body + lines[end:])


def main() -> None:
    seed = SEED.read_text(encoding="utf-8")
    seed_ms, seed_totals = _timed(seed.encode("utf-8"), "seed.txt", 20)
    big = _one_mb(seed).encode("utf-8")
    big_ms, big_totals = _timed(big, "big.txt", 3)
    print(
        json.dumps(
            {
                "seed_parse_ms": round(seed_ms, 2),
                "one_mb_parse_ms": round(big_ms, 2),
                "one_mb_bytes": len(big),
                "seed_totals": seed_totals,
                "one_mb_totals": big_totals,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
