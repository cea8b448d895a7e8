"""What later apps say about one measure (`events.measure_checks`): flags for the reviewer and
what a sign-off request still lacks. The measure page shows both; `signoff_request` refuses
while anything is missing, naming it."""

from __future__ import annotations

from dataclasses import dataclass

from .events import measure_checks
from .models import Measure

FLAG = "flag"
MISSING = "missing"
SUGGESTION = "suggestion"  # a category or kind the wording suggests, for a person to confirm


@dataclass(frozen=True)
class Note:
    kind: str  # FLAG, MISSING or SUGGESTION
    text: str
    url: str = ""
    link_text: str = ""


def measure_notes(measure: Measure) -> list[Note]:
    notes: list[Note] = []
    for _receiver, answer in measure_checks.send(sender=Measure, measure=measure):
        if isinstance(answer, list):
            notes.extend(answer)
    return notes


def missing_for_signoff(measure: Measure) -> list[str]:
    return [note.text for note in measure_notes(measure) if note.kind == MISSING]
