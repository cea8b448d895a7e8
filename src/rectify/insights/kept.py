"""What the round pages (the integrity checks, the meeting summary) read: the formalism flags
and recurrences of one round from what is kept (`rounds`: `RoundChecks`, `MeasureChecks`;
`FindingMatch`), instead of comparing every report and finding again on each request.

Copies between reports are the kept ones, as the measure page reads them (a newer copy shows
once the worker has run, seconds later). Wording flags are kept too, but a measure whose text
or reports changed since the round was computed has them computed again here, so they are
always right; reports without evidence and sign-offs with no indicator at target are read
now. A round with nothing kept is computed once and kept. A reader sees only flags between
measures they may read, and recurrences between rounds they may read.
"""

from __future__ import annotations

from django.db.models import QuerySet

from rectify.inspections.models import Inspection
from rectify.measures.models import Measure, ProgressReport
from rectify.orgs.models import User

from . import formalism
from .formalism import Flag
from .models import MeasureChecks, RoundChecks
from .recurrence import Recurrence
from .rounds import round_checks, wording_flags
from .selectors import recurrence_of, requested_flags, round_matches


def round_formalism_flags(*, measures: QuerySet[Measure], inspection: Inspection) -> list[Flag]:
    """The flags `selectors.formalism_flags` gives for these measures of one round."""
    kept = RoundChecks.objects.filter(inspection=inspection).first()
    if kept is None:
        round_checks(inspection.pk)
        kept = RoundChecks.objects.get(inspection=inspection)
    reach = set(measures.values_list("pk", flat=True))
    changed = set(
        measures.filter(updated_at__gte=kept.computed_at).values_list("pk", flat=True)
    ) | set(
        ProgressReport.objects.filter(
            measure__in=measures.values("pk"), updated_at__gte=kept.computed_at
        ).values_list("measure_id", flat=True)
    )
    copies: list[Flag] = []
    wording: list[Flag] = []
    shares = MeasureChecks.objects.filter(inspection=inspection, measure__in=measures.values("pk"))
    for share in shares.values("measure_id", "copies", "wording"):
        copies += [Flag(**f) for f in share["copies"] if f["other_measure"] in reach]
        if share["measure_id"] not in changed:
            wording += [Flag(**f) for f in share["wording"]]
    if changed:
        fresh = measures.filter(pk__in=changed)
        wording += [f for found in wording_flags(fresh).values() for f in found]
    no_evidence = formalism.without_evidence(_without_evidence(measures))
    order = _order()
    return (
        sorted(copies, key=order)
        + sorted((f for f in wording if f.reason == formalism.COPIED_MEASURE), key=order)
        + no_evidence
        + sorted((f for f in wording if f.reason == formalism.GENERIC_MEASURE), key=order)
        + requested_flags(measures, measures.values("id", "status"))
    )


def _without_evidence(measures: QuerySet[Measure]) -> list[dict]:
    """The rows `formalism.without_evidence` reads, of the reports with no file only."""
    rows = (
        ProgressReport.objects.filter(measure__in=measures.values("pk"), evidence__isnull=True)
        .order_by("pk")
        .values_list("id", "measure_id", "report_date")
    )
    return [
        {"id": pk, "measure_id": measure, "report_date": day, "evidence_count": 0}
        for pk, measure, day in rows
    ]


def _order():
    return lambda flag: (flag.measure, flag.report or 0, flag.other_report or 0)


def round_recurrences(*, inspection: Inspection, user: User) -> list[Recurrence]:
    """The round's findings that repeat a finding of an earlier round of its unit, as kept
    (`FindingMatch`, two statements), with the earlier finding's closing sign-off."""
    found = []
    for match in round_matches(inspection=inspection, user=user):
        if match.finding.inspection_id != inspection.pk:
            continue  # a later round repeating one of ours
        found.append(recurrence_of(match, match.closing, inspection=inspection.pk))
    return found
