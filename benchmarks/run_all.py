"""Run every benchmarks/bench_*.py and print one JSON object keyed by benchmark name."""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

results = {}
for script in sorted(HERE.glob("bench_*.py")):
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    try:
        results[script.stem] = json.loads(done.stdout)
    except json.JSONDecodeError:
        results[script.stem] = {"error": done.stderr.strip().splitlines()[-1:] or "no output"}
print(json.dumps(results, ensure_ascii=False, indent=1))
