"""Precision and recall of the formalism checks over the hand-labelled sets in data/ (each
check at least 0.9 on both, printed), and of the near-identical photo check over the photo
pairs data/photos.py draws. The thresholds live in rectify.insights.text and .reuse."""

import io
import json
from pathlib import Path

import imagehash
import pytest
from PIL import Image

from rectify.insights.reuse import PHOTO_DISTANCE, layout, same_layout
from rectify.insights.text import (
    COPY_THRESHOLD,
    FROM_MEASURE_THRESHOLD,
    restatement,
    similarity,
)
from rectify.insights.wording import generic_only

from .data.photos import pairs as photo_pairs

DATA = Path(__file__).parent / "data"


def load(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


def precision_recall(predicted: list[bool], labels: list[int]) -> tuple[float, float]:
    tp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and y)
    fp = sum(1 for p, y in zip(predicted, labels, strict=True) if p and not y)
    fn = sum(1 for p, y in zip(predicted, labels, strict=True) if not p and y)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1)


def _copied(row):
    return similarity(row["a"], row["b"]) >= COPY_THRESHOLD


def _from_measure(row):
    return restatement(row["report"], row["measure"]) >= FROM_MEASURE_THRESHOLD


def _generic(row):
    return generic_only(row["text"])[0]


CHECKS = [
    ("report_pairs.jsonl", _copied),
    ("measure_report.jsonl", _from_measure),
    ("generic_measures.jsonl", _generic),
]


def test_the_labelled_sets_hold_at_least_200_examples():
    sizes = {name: len(load(name)) for name, _check in CHECKS}
    print("labelled examples:", sizes, "total", sum(sizes.values()))
    assert sum(sizes.values()) >= 200
    assert sizes["report_pairs.jsonl"] >= 200
    for name in sizes:  # both classes present in every set
        assert {row["label"] for row in load(name)} == {0, 1}


@pytest.mark.parametrize(("name", "check"), CHECKS, ids=[n for n, _c in CHECKS])
def test_precision_and_recall_at_least_0_9(name, check):
    rows = load(name)
    precision, recall = precision_recall([check(r) for r in rows], [r["label"] for r in rows])
    print(f"{name}: n={len(rows)} precision={precision:.3f} recall={recall:.3f}")
    assert precision >= 0.9
    assert recall >= 0.9


def photo_signature(data: bytes) -> tuple[int, bytes]:
    """The phash and layout of one photo file, as rectify.insights.reuse computes them."""
    with Image.open(io.BytesIO(data)) as image:
        return int(str(imagehash.phash(image)), 16), layout(image)


def same_photo(a: bytes, b: bytes) -> bool:
    (hash_a, layout_a), (hash_b, layout_b) = photo_signature(a), photo_signature(b)
    return (hash_a ^ hash_b).bit_count() <= PHOTO_DISTANCE and same_layout(layout_a, layout_b)


def test_near_identical_photo_precision_and_recall_at_least_0_9():
    rows = photo_pairs()
    assert {label for _a, _b, label, _how in rows} == {0, 1}
    predicted = [same_photo(a, b) for a, b, _label, _how in rows]
    precision, recall = precision_recall(predicted, [label for _a, _b, label, _how in rows])
    print(f"photos.py: n={len(rows)} precision={precision:.3f} recall={recall:.3f}")
    assert precision >= 0.9
    assert recall >= 0.9


def test_restates_is_restatement_at_the_threshold():
    """The round check's shortcut (`restates`: no word cut where the measure's words found in
    the report cannot reach the threshold) flags exactly what `restatement` flags, on every
    labelled and held-out pair, and also at lower thresholds where the shortcut is tighter."""
    from rectify.insights.text import restates

    rows = load("measure_report.jsonl") + [
        json.loads(line)
        for line in (Path(__file__).parent / "heldout" / "measure_report.jsonl")
        .read_text("utf-8")
        .splitlines()
        if line
    ]
    assert len(rows) > 50
    for threshold in (FROM_MEASURE_THRESHOLD, 60.0, 40.0):
        for row in rows:
            full = restatement(row["report"], row["measure"])
            quick = restates(row["report"], row["measure"], threshold)
            assert quick == (full if full >= threshold else None), (threshold, row)
