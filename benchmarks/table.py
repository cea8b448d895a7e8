"""The rows of `run_all.py` (a JSON list, on standard input or in a file) as a Markdown table,
for docs/performance.md:

    python benchmarks/table.py var/bench-ci.json
"""

import json
import sys
from pathlib import Path


def cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "**no**"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8") if len(sys.argv) > 1 else sys.stdin.read()
    rows = json.loads(text.strip().splitlines()[-1])
    head = ["name", "db", "user", "p50_ms", "p95_ms", "queries", "baseline_ms", "ratio"]
    head += ["target", "meets", "note"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for r in rows:
        note = ", ".join(
            f"{k} {r[k]}"
            for k in (
                "requests",
                "rps",
                "errors",
                "cpu_busy_pct",
                "cpu_ms_per_request",
                "web_cpu_ms_per_request",
                "db_cpu_ms_per_request",
                "client",
                "max_rss_mb",
                "file_mb",
                "actions",
                "error",
            )
            if k in r
        )
        values = [r.get(k) for k in head[:-1]] + [note]
        print("| " + " | ".join(cell(v) for v in values) + " |")


if __name__ == "__main__":
    main()
