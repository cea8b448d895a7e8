"""Held-out evaluation of the integrity checks: precision and recall on examples written
after the thresholds were tuned (tests/insights/data) and before any score on them was
looked at — other texts, other photos (tests/insights/heldout/, 198 examples). The
thresholds in rectify.insights.text and insights.reuse are NOT to be tuned on these sets:
a check that misses 0.9 here is reported (its case is marked xfail with the figure measured
the first time it ran) and improved on new training examples, never on these.

Record of changes (each change measured on these sets once, after it was finished on the
training sets):
- 2026-11-30, first run: report restates measure recall 0.800 (precision 1.000);
  near-identical photo precision 0.889 (recall 1.000); the others at least 0.9.
- 2026-12-01, one run after two changes made on new training examples only
  (data/restated_base.py, 36 pairs; data/photos.py, 47 pairs): the restating check compares
  content words with the progress filler left out (text.restatement) — held-out precision
  1.000, recall 1.000 (was recall 0.800), its xfail removed; a phash match is confirmed by
  the photos' 8×8 colour layout (reuse.same_layout) — held-out precision 1.000 (was 0.889)
  but recall 0.875 (was 1.000): still below 0.9, xfail kept with the new figure.
- 2026-12-01, one more run for the photo check: the two misses had been named as a family
  (greyscale copies of colour photos), so this is the photo set's second viewing and its
  figure is less independent than the others'. The change was made on new training pairs
  only (data/photos.py seeds 500–519: greyscale copies and greyscale before/after pairs):
  when either photo is grey the layouts are compared on brightness (reuse.same_layout,
  GREY_LAYOUT_DIFFERENCE tuned on those pairs). Held-out precision 1.000, recall 1.000 (was
  0.875); xfail removed.
"""

import json
from pathlib import Path

import pytest

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
from .test_labelled import precision_recall, same_photo

HELDOUT = Path(__file__).parent / "heldout"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (HELDOUT / name).read_text("utf-8").splitlines() if line]


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
        lambda r: same_photo(r["a"], r["b"]),
    ),
}
# check → the figure last measured on these sets (see the record above), never tuned away.
# First run: precision 0.889 (recall 1.000), 2 of 8 before/after photos of one site (a
# building gone) within PHOTO_DISTANCE; the layout check fixed those and lost 2 of 16 copies.
BELOW: dict[str, str] = {}  # checks below 0.9 here, with the figure measured (none now)


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
