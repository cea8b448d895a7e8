"""What insights tells the measure page and the sign-off request (`measures.events.measure_checks`):
formalism, evidence-reuse and recurrence flags for the reviewer; the gates' missing items."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from rectify.measures.checks import FLAG, MISSING, SUGGESTION, Note
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.measures.events import measure_checks

from . import gates, labels
from .selectors import measure_formalism, measure_recurrence, measure_reuse
from .wording import suggest_category, suggest_kind


def _report_url(measure: int, report: int | None) -> str:
    return reverse("measures:detail", args=[measure]) + (f"#report-{report}" if report else "")


@receiver(measure_checks, dispatch_uid="insights_formalism")
def formalism_notes(sender, measure, **kwargs) -> list[Note]:
    notes = []
    for flag in measure_formalism(measure):
        text = f"{labels.reason(flag.reason)}：{flag.detail}"
        if flag.other_report is not None and flag.other_measure is not None:
            notes.append(
                Note(
                    FLAG,
                    text,
                    _report_url(flag.other_measure, flag.other_report),
                    labels.see_other(),
                )
            )
        else:
            notes.append(Note(FLAG, text, _report_url(flag.measure, flag.report)))
    return notes


@receiver(measure_checks, dispatch_uid="insights_reuse_and_recurrence")
def reuse_notes(sender, measure, **kwargs) -> list[Note]:
    notes = []
    for reuse in measure_reuse(measure):
        text = _(
            "%(check)s: evidence #%(a)s is also attached to measure #%(m)s (evidence #%(b)s)"
        ) % {
            "check": labels.reason(reuse.kind),
            "a": reuse.evidence,
            "m": reuse.other_measure,
            "b": reuse.other_evidence,
        }
        notes.append(
            Note(
                FLAG, text, _report_url(reuse.other_measure, reuse.other_report), labels.see_other()
            )
        )
    for found in measure_recurrence(measure):
        text = _("%(check)s: this problem matches a finding of an earlier round (%(score)s%%)") % {
            "check": labels.reason("recurrence"),
            "score": f"{found.similarity:.0f}",
        }
        if found.signed_off:
            text += _("; it was signed off on %(when)s by %(who)s") % {
                "when": found.signed_off_at,
                "who": found.signed_off_by,
            }
        url = reverse("inspections:detail", args=[found.earlier_inspection])
        notes.append(
            Note(FLAG, text, f"{url}#finding-{found.earlier_finding}", _("earlier finding"))
        )
    return notes


@receiver(measure_checks, dispatch_uid="insights_gates")
def gate_notes(sender, measure, **kwargs) -> list[Note]:
    return [Note(MISSING, text) for text in gates.missing(measure)]


@receiver(measure_checks, dispatch_uid="insights_suggestions")
def suggestion_notes(sender, measure, **kwargs) -> list[Note]:
    """A category or kind the wording suggests, where it differs from the measure's, for a
    person to confirm on the edit page."""
    notes = []
    category, word = suggest_category(measure.text)
    if word and category != measure.category:
        notes.append(
            Note(
                SUGGESTION,
                _("Suggested category: %(c)s (from “%(w)s”)")
                % {"c": MeasureCategory(category).label, "w": word},
            )
        )
    kind, word = suggest_kind(measure.text)
    if word and kind != MeasureKind.TIME_BOUND and kind != measure.kind:
        notes.append(
            Note(
                SUGGESTION,
                _("Suggested kind: %(k)s (from “%(w)s”)")
                % {"k": MeasureKind(kind).label, "w": word},
            )
        )
    return notes
