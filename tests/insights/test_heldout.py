"""Held-out evaluation of the integrity checks: precision and recall on examples written
after the thresholds were tuned (tests/insights/data) and before any score on them was
looked at — other texts, other photos (tests/insights/heldout/, 198 examples). The
thresholds in rectify.insights.text and insights.reuse are NOT to be tuned on these sets:
a check that misses 0.9 here is reported (its case is marked xfail with the figure measured
the first time it ran) and improved on new training examples, never on these.
"""

import io
import json
from pathlib import Path

import imagehash
import pytest
from PIL import Image

from rectify.insights.reuse import PHOTO_DISTANCE
from rectify.insights.text import (
    COPY_THRESHOLD,
    FROM_MEASURE_THRESHOLD,
    RECURRENCE_THRESHOLD,
    finding_similarity,
    restatement,
    similarity,
)
from rectify.insights.wording import generic_only

from .heldout.photos import pairs as photo_pairs
from .test_labelled import precision_recall

HELDOUT = Path(__file__).parent / "heldout"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HELDOUT / name).read_text("utf-8").splitlines() if line]


def _phash(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return int(str(imagehash.phash(image)), 16)


def _photos() -> list[dict]:
    return [{"a": a, "b": b, "label": label, "how": how} for a, b, label, how in photo_pairs()]


CHECKS = {
    "copied report": (
        lambda: load("report_pairs.jsonl"),
        lambda r: similarity(r["a"], r["b"]) >= COPY_THRESHOLD,
    ),
    "report restates measure": (
        lambda: load("measure_report.jsonl"),
        lambda r: restatement(r["report"], r["measure"]) >= FROM_MEASURE_THRESHOLD,
    ),
    "generic measure": (
        lambda: load("generic_measures.jsonl"),
        lambda r: generic_only(r["text"])[0],
    ),
    "recurrence": (
        lambda: load("recurrence_pairs.jsonl"),
        lambda r: finding_similarity(r["earlier"], r["later"]) >= RECURRENCE_THRESHOLD,
    ),
    "near-identical photo": (
        _photos,
        lambda r: (_phash(r["a"]) ^ _phash(r["b"])).bit_count() <= PHOTO_DISTANCE,
    ),
}
# check → the figures measured the first time these sets ran (2026-11-30), never tuned away.
BELOW = {
    "report restates measure": (
        "recall 0.800 (precision 1.000): a restated measure padded with filler "
        "(“…，目前该项工作已按计划推进”) scores 76–78, under FROM_MEASURE_THRESHOLD 80"
    ),
    "near-identical photo": (
        "precision 0.889 (recall 1.000): 2 of 8 before/after photos of one site (a building "
        "gone) stay within PHOTO_DISTANCE 8 bits of each other (distances 4 and 8)"
    ),
}


def test_the_held_out_sets_hold_at_least_100_examples_of_both_classes():
    sizes = {name: len(rows()) for name, (rows, _check) in CHECKS.items()}
    print("held-out examples:", sizes, "total", sum(sizes.values()))
    assert sum(sizes.values()) >= 100
    for name, (rows, _check) in CHECKS.items():
        assert {row["label"] for row in rows()} == {0, 1}, name


@pytest.mark.parametrize("name", list(CHECKS))
def test_held_out_precision_and_recall(name, request):
    rows, check = CHECKS[name]
    examples = rows()
    precision, recall = precision_recall(
        [check(r) for r in examples], [r["label"] for r in examples]
    )
    print(f"held-out {name}: n={len(examples)} precision={precision:.3f} recall={recall:.3f}")
    if name in BELOW:
        request.applymarker(pytest.mark.xfail(reason=BELOW[name], strict=False))
    assert precision >= 0.9 and recall >= 0.9
