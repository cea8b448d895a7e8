"""Run every benchmarks/bench_*.py on each benchmark database; print one JSON list of rows.

    RECTIFY_BENCH_SCALE=ci RECTIFY_BENCH_DATABASES="sqlite:///var/bench-ci.sqlite3 \
        postgres://postgres@127.0.0.1:5432/rectify_bench_ci" python benchmarks/run_all.py

(`make bench SCALE=ci|city` does this.) Each benchmark runs in its own process; its progress
goes to standard error, and the list (report.py) is the last line of standard output. The
exit status is 1 when a benchmark failed (its row says why); rows missing their target do
not fail the run: they are the figures.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from legacy import ADAPTERS, DATABASE_FREE

HERE = Path(__file__).resolve().parent


def databases() -> list[str]:
    listed = os.environ.get("RECTIFY_BENCH_DATABASES", "").split()
    if listed:
        return listed
    scale = os.environ.get("RECTIFY_BENCH_SCALE", "ci")
    root = HERE.parent
    return [os.environ.get("DATABASE_URL", f"sqlite:///{root / 'var' / f'bench-{scale}.sqlite3'}")]


def run(script: Path, url: str) -> list[dict]:
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, str(script)], env=env, stdout=subprocess.PIPE, stderr=None, text=True
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines and lines[-1].lstrip()[:1] in "[{" else None
        if result is None:
            result = json.loads(done.stdout)
    except (json.JSONDecodeError, IndexError):
        result = None
    if done.returncode != 0 or result is None:
        return [
            {
                "name": script.stem,
                "db": url.split(":")[0],
                "error": f"exit {done.returncode}",
                "meets": False,
            }
        ]
    if isinstance(result, dict):
        adapter = ADAPTERS.get(script.stem)
        if adapter is None:  # a benchmark printing an object nobody reads: say so, go on
            return [{"name": script.stem, "db": url.split(":")[0], "error": "no adapter"}]
        return adapter(result, "none" if script.stem in DATABASE_FREE else url)
    return result


def main() -> None:
    rows, failed = [], []
    for n, url in enumerate(databases()):
        print(f"== the synthetic city on {url}", file=sys.stderr, flush=True)
        seeded = subprocess.run(
            [sys.executable, str(HERE / "seed.py")], env={**os.environ, "DATABASE_URL": url}
        )
        if seeded.returncode != 0:
            sys.exit(f"could not write the synthetic city on {url}")
        for script in sorted(HERE.glob("bench_*.py")):
            if n and script.stem in DATABASE_FREE:
                continue
            start = time.perf_counter()
            print(f"== {script.name} on {url}", file=sys.stderr, flush=True)
            got = run(script, url)
            failed += [r["name"] for r in got if "error" in r]
            rows += got
            print(f"   {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    print(json.dumps(rows, ensure_ascii=False))
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
