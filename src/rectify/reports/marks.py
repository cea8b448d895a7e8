"""Marks later apps put on the findings of the inspection page's tree.

The tree is reports'; what a later app knows of a finding (insights: the same problem in an
earlier or a later round of the unit, 反弹 / 屡改屡犯) comes through `finding_marks`, as
`measures.events.measure_checks` brings their notes to a measure's page. A receiver answers
{finding id: [FindingMark, …]} for one round and one reader, in a constant number of
statements; reports shows the marks and decides nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.dispatch import Signal

# sender=None, inspection=<Inspection>, user=<User>; answers {finding id: [FindingMark]}
finding_marks = Signal()


@dataclass(frozen=True)
class FindingMark:
    """A badge beside a finding (``label``, styled ``badge--<css>``), what it means and the
    finding it links to."""

    label: str
    text: str
    url: str
    link_text: str
    css: str = "recurrence"


def marks_for(*, inspection, user) -> dict[int, list[FindingMark]]:
    found: dict[int, list[FindingMark]] = defaultdict(list)
    for _receiver, answer in finding_marks.send(sender=None, inspection=inspection, user=user):
        for finding, marks in (answer or {}).items():
            found[finding].extend(marks)
    return dict(found)
