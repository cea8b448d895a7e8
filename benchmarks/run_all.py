"""Run every benchmarks/bench_*.py and print one JSON object keyed by benchmark name.

Each benchmark runs in its own process on the benchmark database (see common.py); the
exit status is 1 when any of them failed, with its last error line in the JSON.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

results = {}
failed = []
for script in sorted(HERE.glob("bench_*.py")):
    start = time.perf_counter()
    print(f"== {script.name}", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    try:
        results[script.stem] = json.loads(done.stdout)
    except json.JSONDecodeError:
        results[script.stem] = {"error": done.stderr.strip().splitlines()[-1:] or "no output"}
    if done.returncode != 0 or "error" in results[script.stem]:
        failed.append(script.stem)
    results[script.stem]["wall_seconds"] = round(time.perf_counter() - start, 1)
print(json.dumps(results, ensure_ascii=False, indent=1))
if failed:
    sys.exit(f"benchmarks failed: {', '.join(failed)}")
