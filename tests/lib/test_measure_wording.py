"""Kind and category suggested from a measure's wording (rectify.lib.measure_wording), measured
on a hand-labelled set of 117 measure texts (data/measure_kind_category.jsonl: each text with
the kind and category a rectification office would give it). Precision and recall of every
suggested class are printed and held at 0.85 or more."""

import json
from pathlib import Path

import pytest

from rectify.lib.measure_wording import (
    CASE,
    GENERAL,
    IMMEDIATE,
    LONG_TERM,
    RULES,
    TIME_BOUND,
    suggest_category,
    suggest_kind,
)

ROWS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "measure_kind_category.jsonl")
    .read_text("utf-8")
    .splitlines()
    if line.strip()
]


def _scores(field: str, predict) -> dict[str, tuple[float, float]]:
    truth = [row[field] for row in ROWS]
    guess = [predict(row["text"]).value for row in ROWS]
    out = {}
    for value in sorted(set(truth)):
        tp = sum(1 for t, g in zip(truth, guess, strict=True) if t == g == value)
        fp = sum(1 for t, g in zip(truth, guess, strict=True) if g == value != t)
        fn = sum(1 for t, g in zip(truth, guess, strict=True) if t == value != g)
        out[value] = (tp / max(tp + fp, 1), tp / max(tp + fn, 1))
    return out


def test_the_labelled_set_holds_at_least_100_texts_of_every_class():
    assert len(ROWS) >= 100
    assert {row["kind"] for row in ROWS} == {IMMEDIATE, TIME_BOUND, LONG_TERM}
    assert {row["category"] for row in ROWS} == {RULES, CASE, GENERAL}
    assert len({row["text"] for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize(
    ("field", "predict"), [("kind", suggest_kind), ("category", suggest_category)]
)
def test_precision_and_recall_at_least_0_85(field, predict):
    scores = _scores(field, predict)
    for value, (precision, recall) in scores.items():
        print(f"{field}={value}: n={len(ROWS)} precision={precision:.3f} recall={recall:.3f}")
    for value, (precision, recall) in scores.items():
        assert precision >= 0.85, (field, value, precision)
        assert recall >= 0.85, (field, value, recall)


def test_a_suggestion_names_the_words_it_was_read_from():
    rules = suggest_category("修订《街道机关财务管理制度》，年底前印发。")
    assert (rules.value, rules.cue) == (RULES, "《街道机关财务管理制度》")
    assert suggest_category("对12345热线工单逐件回访").cue == "12345"
    assert suggest_kind("常态化开展警示教育").cue == "常态化"
    assert suggest_kind("立即清退违规发放的补贴").value == IMMEDIATE
    assert suggest_kind("年底前完成全部拆除").value == TIME_BOUND


def test_no_cue_is_no_suggestion():
    general = suggest_category("组织全体党员集中学习党章")
    assert general.value == GENERAL and not general.decided
    assert not suggest_kind("组织全体党员集中学习党章").decided
    assert suggest_kind("").value == TIME_BOUND
