"""Writes recurrence_pairs.jsonl from findings_base.PAIRS (run once; the file is committed).

/work/main/.venv/bin/python tests/insights/data/build_recurrence.py
"""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from findings_base import PAIRS  # noqa: E402

if __name__ == "__main__":
    rng = random.Random(14)
    rows = [{"earlier": a, "later": b, "label": 1} for a, b in PAIRS]
    for i, (earlier, _later) in enumerate(PAIRS):
        others = [b for j, (_a, b) in enumerate(PAIRS) if j != i]
        for later in rng.sample(others, 6):
            rows.append({"earlier": earlier, "later": later, "label": 0})
    with open(HERE / "recurrence_pairs.jsonl", "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "rows,", sum(r["label"] for r in rows), "positive")
