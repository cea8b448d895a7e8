"""What insights tells the measure page and the sign-off request (`measures.events.measure_checks`):
formalism and evidence-reuse flags for the reviewer, and the category gate's missing items."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse

from rectify.measures.checks import FLAG, Note
from rectify.measures.events import measure_checks

from . import labels
from .selectors import measure_formalism


def _report_url(measure: int, report: int | None) -> str:
    return reverse("measures:detail", args=[measure]) + (f"#report-{report}" if report else "")


@receiver(measure_checks, dispatch_uid="insights_formalism")
def formalism_notes(sender, measure, **kwargs) -> list[Note]:
    notes = []
    for flag in measure_formalism(measure):
        text = f"{labels.reason(flag.reason)}：{flag.detail}"
        if flag.other_report is not None and flag.other_measure is not None:
            notes.append(Note(FLAG, text, _report_url(flag.other_measure, flag.other_report),
                              labels.see_other()))  # fmt: skip
        else:
            notes.append(Note(FLAG, text, _report_url(flag.measure, flag.report)))
    return notes
