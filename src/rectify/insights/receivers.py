"""What insights tells the measure page and the sign-off request (`measures.events.measure_checks`):
formalism, evidence-reuse and recurrence flags for the reviewer; the gates' missing items.
And the inspection page's tree (`reports.marks.finding_marks`): 反弹 / 屡改屡犯 on a finding
that an earlier round of the unit already had, and the later finding on the earlier one."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from rectify.measures.checks import FLAG, MISSING, SUGGESTION, Note
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.measures.events import measure_checks, progress_reported
from rectify.reports.marks import FindingMark, finding_marks

from . import gates, labels
from .selectors import measure_formalism, measure_recurrence, measure_reuse, round_matches
from .wording import suggest_category, suggest_kind


def _report_url(measure: int, report: int | None) -> str:
    return reverse("measures:detail", args=[measure]) + (f"#report-{report}" if report else "")


def _grouped(found: list, key) -> list[tuple[object, int]]:
    """One (first, how many more) per key, in the order found: the page says each kind of
    flag once, naming its strongest case and how many more there are (a report pasted under
    300 measures, 20 reports without evidence: one note each, not 300 or 20); the integrity
    checks page lists them all."""
    groups: dict = {}
    for item in found:
        first, more = groups.get(key(item), (item, -1))
        groups[key(item)] = (first, more + 1)
    return list(groups.values())


def _and_more(text: str, more: int) -> str:
    return text if not more else _("%(text)s, and %(n)s more") % {"text": text, "n": more}


@receiver(measure_checks, dispatch_uid="insights_formalism")
def formalism_notes(sender, measure, **kwargs) -> list[Note]:
    notes = []
    flags = sorted(measure_formalism(measure), key=lambda f: -(f.score or 0))
    for flag, more in _grouped(flags, lambda f: f.reason):
        text = _and_more(f"{labels.reason(flag.reason)}：{flag.detail}", more)
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
    for reuse, more in _grouped(measure_reuse(measure), lambda r: r.kind):
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
                FLAG,
                _and_more(text, more),
                _report_url(reuse.other_measure, reuse.other_report),
                labels.see_other(),
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


@receiver(progress_reported, dispatch_uid="insights_warm_round_checks")
def warm_round_checks(sender, measure, **kwargs) -> None:
    """A report changes its round's copy and photo checks: recompute them in the background
    (once: a run already queued for the round will read the new report too)."""
    from rectify.jobs.services import job_enqueue_unless_queued  # noqa: PLC0415

    from .tasks import round_checks_task  # noqa: PLC0415  (tasks import the checks)

    job_enqueue_unless_queued(task=round_checks_task, args=[measure.inspection_id])


def _finding_name(finding) -> str:
    name = f"{finding.label}{finding.title or finding.text}"
    return name if len(name) <= 40 else name[:39] + "…"


def _finding_url(finding) -> str:
    return reverse("inspections:detail", args=[finding.inspection_id]) + f"#finding-{finding.pk}"


def _earlier_mark(match) -> FindingMark:
    earlier = match.earlier_finding
    values = {
        "finding": _finding_name(earlier),
        "round": earlier.inspection.title,
        "score": f"{match.similarity:.0f}",
    }
    if match.closing:
        text = _(
            "The same problem as “%(finding)s” in %(round)s (%(score)s%%), signed off on "
            "%(when)s by %(who)s"
        ) % {**values, "when": match.closing["decided_at"], "who": match.closing["reviewer"]}
    else:
        text = _("The same problem as “%(finding)s” in %(round)s (%(score)s%%)") % values
    return FindingMark(
        _("Rebound") if match.closing else _("Recurring"),
        text,
        _finding_url(earlier),
        _("earlier finding"),
    )


def _later_mark(match) -> FindingMark:
    text = _("Found again as “%(finding)s” in %(round)s (%(score)s%%)") % {
        "finding": _finding_name(match.finding),
        "round": match.finding.inspection.title,
        "score": f"{match.similarity:.0f}",
    }
    return FindingMark(_("Found again"), text, _finding_url(match.finding), _("later finding"))


@receiver(finding_marks, dispatch_uid="insights_recurrence_marks")
def recurrence_marks(sender, inspection, user, **kwargs) -> dict[int, list[FindingMark]]:
    """A finding of this round that an earlier round had (反弹 when it was signed off there,
    屡改屡犯 otherwise), and on an earlier finding the later one that repeats it; as last
    matched (`FindingMatch`, refreshed hourly and after an import)."""
    marks: dict[int, list[FindingMark]] = {}
    for match in round_matches(inspection=inspection, user=user):
        if match.finding.inspection_id == inspection.pk:
            marks.setdefault(match.finding_id, []).append(_earlier_mark(match))
        if match.earlier_finding.inspection_id == inspection.pk:
            marks.setdefault(match.earlier_finding_id, []).append(_later_mark(match))
    return marks
