"""形式主义 checks over plain rows: copied progress text, reports restating the measure,
reports without evidence, measures of only generic words, sign-off requested while no
indicator has reached its target.

Each check takes plain rows (dicts read by `selectors`) and returns `Flag`s; copying is looked
for inside one inspection at a time (the blocking that keeps it bounded, see `pairs`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from .pairs import similar_pairs
from .text import COPY_THRESHOLD, FROM_MEASURE_THRESHOLD, restates, similarity
from .wording import generic_only

COPIED_REPORT = "copied_report"
COPIED_MEASURE = "copied_measure"
NO_EVIDENCE = "no_evidence"
GENERIC_MEASURE = "generic_measure"
TARGET_NOT_REACHED = "target_not_reached"


Row = Mapping[str, Any]
Rows = Sequence[Row]


@dataclass(frozen=True)
class Flag:
    measure: int
    reason: str
    detail: str
    score: float | None = None
    report: int | None = None
    other_report: int | None = None
    other_measure: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("detail")
        data.pop("other_measure")
        return data


def copied_reports(reports: Rows) -> list[Flag]:
    """Both reports of a copied pair are flagged, each naming the other."""
    by_inspection: dict[int, list[Row]] = defaultdict(list)
    for row in reports:
        by_inspection[row["inspection_id"]].append(row)
    flags = []
    for rows in by_inspection.values():
        rows_by_id = {row["id"]: row for row in rows}
        items = [(row["id"], row["text"]) for row in rows]
        for a, b, score in similar_pairs(items, score=similarity, threshold=COPY_THRESHOLD):
            ra, rb = rows_by_id[a], rows_by_id[b]
            flags.append(_copy_flag(ra, rb, score))
            flags.append(_copy_flag(rb, ra, score))
    return flags


def _copy_flag(row: Row, other: Row, score: float) -> Flag:
    where = "同一措施的另一次进展" if row["measure_id"] == other["measure_id"] else "另一措施的进展"
    return Flag(
        measure=row["measure_id"],
        reason=COPIED_REPORT,
        detail=f"进展内容与{where}（{other['report_date']}）相似度 {score:.0f}%",
        score=round(score, 1),
        report=row["id"],
        other_report=other["id"],
        other_measure=other["measure_id"],
    )


def copied_from_measure(reports: Rows, measure_text: dict[int, str]) -> list[Flag]:
    flags = []
    for row in reports:
        score = restates(
            row["text"], measure_text.get(row["measure_id"], ""), FROM_MEASURE_THRESHOLD
        )
        if score is not None:
            flags.append(
                Flag(
                    measure=row["measure_id"],
                    reason=COPIED_MEASURE,
                    detail=f"进展内容基本照抄整改措施原文（相似度 {score:.0f}%）",
                    score=score,
                    report=row["id"],
                )
            )
    return flags


def without_evidence(reports: Rows) -> list[Flag]:
    return [
        Flag(
            measure=row["measure_id"],
            reason=NO_EVIDENCE,
            detail=f"{row['report_date']} 的进展没有佐证材料",
            report=row["id"],
        )
        for row in reports
        if not row["evidence_count"]
    ]


def generic_measures(measures: Rows) -> list[Flag]:
    flags = []
    for row in measures:
        generic, why = generic_only(row["text"])
        if generic:
            flags.append(Flag(measure=row["id"], reason=GENERIC_MEASURE, detail=why))
    return flags


def targets_not_reached(requested: list[int], indicators: Rows) -> list[Flag]:
    """A measure sent for sign-off whose indicators (with targets) have none at target."""
    by_measure: dict[int, list[Row]] = defaultdict(list)
    for row in indicators:
        if row["target_value"] is not None:
            by_measure[row["measure_id"]].append(row)
    flags = []
    for measure in requested:
        rows = by_measure.get(measure)
        if not rows:
            continue
        if any((r["current_value"] or 0) >= r["target_value"] for r in rows):
            continue
        shown = "；".join(
            f"{r['name']} {_num(r['current_value'])}/{_num(r['target_value'])}{r['unit']}"
            for r in rows[:3]
        )
        flags.append(
            Flag(
                measure=measure,
                reason=TARGET_NOT_REACHED,
                detail=f"已申请销号，但没有一个指标达到目标：{shown}",
            )
        )
    return flags


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{value:f}".rstrip("0").rstrip(".")
