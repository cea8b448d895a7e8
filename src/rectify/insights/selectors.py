"""Reads for the checks, over a scoped set of measures (`measures_in_reach` for a person;
the command passes every measure). Plain rows in bounded queries; the checks are modules of
their own (`formalism`, `recurrence`, `reuse`, `gaming`, `forecasts`)."""

from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from rectify.measures.enums import Decision, MeasureStatus
from rectify.measures.models import Indicator, Measure, ProgressReport, SignOff
from rectify.measures.selectors import measure_scope_q
from rectify.orgs.models import User

from . import formalism
from .formalism import Flag


def measures_in_reach(
    *, user: User | None, inspection: int | None = None, unit: int | None = None
) -> QuerySet[Measure]:
    """The measures a person may read (None: the command, every measure), narrowed to one
    inspection and/or one unit (the inspected unit or the lead department)."""
    qs = Measure.objects.all() if user is None else Measure.objects.filter(measure_scope_q(user))
    if inspection is not None:
        qs = qs.filter(inspection_id=inspection)
    if unit is not None:
        qs = qs.filter(Q(inspection__inspected_unit_id=unit) | Q(lead_department_id=unit))
    return qs


def report_rows(measures: QuerySet[Measure]) -> list[dict]:
    return list(
        ProgressReport.objects.filter(measure__in=measures.values("pk"))
        .annotate(evidence_count=Count("evidence"))
        .order_by("pk")
        .values("id", "measure_id", "text", "report_date", "evidence_count",
                inspection_id=F("measure__inspection_id"))  # fmt: skip
    )


def formalism_flags(*, measures: QuerySet[Measure]) -> list[Flag]:
    """Every formalism flag on the measures, in five queries whatever their number."""
    rows = list(measures.values("id", "text", "status"))
    reports = report_rows(measures)
    texts = {row["id"]: row["text"] for row in rows}
    requested = set(
        SignOff.objects.filter(measure__in=measures.values("pk"), decision=Decision.PENDING)
        .values_list("measure_id", flat=True)
    )
    requested |= {row["id"] for row in rows if row["status"] == MeasureStatus.SIGNOFF_REQUESTED}
    indicators = list(
        Indicator.objects.filter(measure_id__in=requested).values(
            "measure_id", "name", "unit", "target_value", "current_value"
        )
    )
    return (
        formalism.copied_reports(reports)
        + formalism.copied_from_measure(reports, texts)
        + formalism.without_evidence(reports)
        + formalism.generic_measures(rows)
        + formalism.targets_not_reached(sorted(requested), indicators)
    )


def measure_formalism(measure: Measure) -> list[Flag]:
    """The flags of one measure; copying is looked for among its inspection's reports."""
    own = Measure.objects.filter(pk=measure.pk)
    flags = [f for f in formalism_flags(measures=own) if f.reason != formalism.COPIED_REPORT]
    reports = report_rows(Measure.objects.filter(inspection_id=measure.inspection_id))
    mine = {row["id"] for row in reports if row["measure_id"] == measure.pk}
    if mine:
        pairs = formalism.copied_reports(reports)
        flags += [f for f in pairs if f.report in mine]
    return flags


def flags_by_unit(flags: list[Flag], measures: QuerySet[Measure]) -> list[dict]:
    """Flags counted per lead department (and the inspected unit), most flagged first."""
    ids = {f.measure for f in flags}
    owner = {
        row["id"]: row
        for row in measures.filter(pk__in=ids).values(
            "id", "lead_department_id", "lead_department__name",
            "inspection__inspected_unit__name",
        )
    }  # fmt: skip
    groups: dict[tuple, dict] = {}
    for flag in flags:
        row = owner.get(flag.measure)
        if row is None:
            continue
        key = (row["lead_department_id"], row["inspection__inspected_unit__name"])
        group = groups.setdefault(
            key,
            {
                "unit": row["lead_department_id"],
                "unit_name": row["lead_department__name"] or "—",
                "inspected_unit": row["inspection__inspected_unit__name"],
                "count": 0,
                "by_reason": {},
                "flags": [],
            },
        )
        group["count"] += 1
        group["by_reason"][flag.reason] = group["by_reason"].get(flag.reason, 0) + 1
        group["flags"].append(flag)
    return sorted(groups.values(), key=lambda g: (-g["count"], g["unit_name"]))
