"""Parser benchmark (not a test): prints {"seed_parse_ms": …, "one_mb_parse_ms": …}.

Run: .venv/bin/python benchmarks/bench_parse.py

Beside each parse time is its lower bound measured in the same run: `*_read_ms`, reading
the bytes into paragraphs (the first step of every parse), without structure or extraction.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # this checkout, whatever the venv has installed

from rectify.lib.numbering import int_to_cn  # noqa: E402
from rectify.lib.text import match_view  # noqa: E402
from rectify.parsing import parse_bytes  # noqa: E402
from rectify.parsing.readers import read_blocks  # noqa: E402

SEED = ROOT / "src/rectify/demo/demo_data/haizhuang-2023-rectification-notice.txt"


def _read_ms(data: bytes, name: str, runs: int) -> float:
    read_blocks(data, name)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        read_blocks(data, name)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


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
                "seed_read_ms": round(_read_ms(seed.encode("utf-8"), "seed.txt", 20), 2),
                "one_mb_parse_ms": round(big_ms, 2),
                "one_mb_read_ms": round(_read_ms(big, "big.txt", 3), 2),
                "one_mb_bytes": len(big),
                "seed_totals": seed_totals,
                "one_mb_totals": big_totals,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
