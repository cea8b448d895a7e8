"""屡改屡犯 / 反弹: a finding of a later round matched to a finding of an earlier round of the
same inspected unit, with the sign-off that closed the earlier one and who approved it.

Blocked by inspected unit; inside a unit a word index keeps only pairs sharing a rare word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .text import RECURRENCE_THRESHOLD, finding_similarity, words

COMMON_WORD = 40  # a word in more earlier findings than this is stock phrasing, not indexed


Row = Mapping[str, Any]
Rows = Sequence[Row]


@dataclass(frozen=True)
class Recurrence:
    finding: int
    earlier_finding: int
    similarity: float
    inspection: int
    earlier_inspection: int
    unit: int
    signed_off: bool = False
    signoff: int | None = None
    signed_off_by: str | None = None
    signed_off_at: str | None = None
    explicit: bool = False

    def as_json(self) -> dict:
        return {
            "finding": self.finding,
            "earlier_finding": self.earlier_finding,
            "signed_off_by": self.signed_off_by,
            "similarity": self.similarity,
            "signoff": self.signoff,
            "signed_off": self.signed_off,
        }


def _text(row: Row) -> str:
    return f"{row['title']}{row['text']}"


def match_rounds(findings: Rows, signoffs: dict[int, dict]) -> list[Recurrence]:
    """`findings`: rows with id, inspection_id, unit_id, round (sortable: feedback date, id),
    title, text, previous_finding_id; `signoffs`: finding id → its closing sign-off."""
    by_unit: dict[int, list[Row]] = defaultdict(list)
    for row in findings:
        by_unit[row["unit_id"]].append(row)
    found = []
    for unit_rows in by_unit.values():
        found += _match_unit(unit_rows, signoffs)
    return found


def _match_unit(rows: Rows, signoffs: dict[int, dict]) -> list[Recurrence]:
    rounds = sorted({row["round"] for row in rows})
    found = []
    index: dict[str, list[Row]] = defaultdict(list)
    by_id = {row["id"]: row for row in rows}
    for position, current in enumerate(rounds):
        new_rows = [row for row in rows if row["round"] == current]
        if position:
            for row in new_rows:
                match = _best_match(row, index, by_id)
                if match is not None:
                    found.append(_recurrence(row, *match, signoffs=signoffs))
        for row in new_rows:
            for word in set(words(_text(row))):
                index[word].append(row)
    return found


def _best_match(row: Row, index: Row, by_id: Row) -> tuple[dict, float, bool] | None:
    explicit = by_id.get(row["previous_finding_id"]) if row["previous_finding_id"] else None
    candidates: dict[int, Row] = {}
    for word in set(words(_text(row))):
        posting = index.get(word, [])
        if len(posting) <= COMMON_WORD:
            candidates.update((c["id"], c) for c in posting)
    best = None
    for candidate in candidates.values():
        score = finding_similarity(_text(row), _text(candidate))
        if score >= RECURRENCE_THRESHOLD and (best is None or score > best[1]):
            best = (candidate, score, False)
    if explicit is not None:
        score = finding_similarity(_text(row), _text(explicit))
        return explicit, score, True
    return best


def _recurrence(row: Row, earlier: Row, score: float, explicit: bool, *, signoffs) -> Recurrence:
    closing = signoffs.get(earlier["id"])
    return Recurrence(
        finding=row["id"],
        earlier_finding=earlier["id"],
        similarity=score,
        inspection=row["inspection_id"],
        earlier_inspection=earlier["inspection_id"],
        unit=row["unit_id"],
        signed_off=closing is not None,
        signoff=closing["id"] if closing else None,
        signed_off_by=closing["reviewer"] if closing else None,
        signed_off_at=closing["decided_at"] if closing else None,
        explicit=explicit,
    )
