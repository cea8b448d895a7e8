"""The ledger as it stood on a past date, from its dated records (selectors, reads only).

A notice "截至2024年3月31日" counts what was true that day, not today: the findings and
measures that existed (and were not withdrawn) then, each measure's status from its status
changes (`MeasureEvent.at`), its deadline before later changes (`DeadlineExtension`), the
sign-offs decided by then, and each indicator's last value reported by then (progress
reports' `report_date`). What has no date cannot be placed in time; it is counted as it is
now and listed in ``undated`` so the notice's checks can say so.

Same shape as `reports.selectors.inspection_stats`, plus ``as_of``, ``signoffs``,
``indicators`` and ``undated``. A fixed number of queries, whatever the size of the round.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Inspection
from rectify.measures.enums import (
    OVERDUE_STATUSES,
    Decision,
    ExtensionStatus,
    MeasureKind,
    MeasureStatus,
)
from rectify.measures.models import (
    DeadlineExtension,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureEvent,
    SignOff,
)

from .selectors import _measures_figures


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the deployment's time zone: records before it count."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


def _statuses(ids: list[int], current: dict[int, str], cutoff: dt.datetime) -> tuple[dict, int]:
    """Each measure's status at ``cutoff`` from its status changes; how many could not be dated
    (a status other than "not started" and no recorded change)."""
    at_cutoff: dict[int, str] = {}
    first_from: dict[int, str] = {}
    events = MeasureEvent.objects.filter(measure_id__in=ids).order_by("measure_id", "at", "pk")
    for measure_id, at, before, after in events.values_list(
        "measure_id", "at", "from_status", "to_status"
    ):
        first_from.setdefault(measure_id, before)
        if at < cutoff:
            at_cutoff[measure_id] = after
    statuses, undated = {}, 0
    for pk in ids:
        if pk in at_cutoff:
            statuses[pk] = at_cutoff[pk]
        elif pk in first_from:
            statuses[pk] = first_from[pk]  # every change came later
        else:
            statuses[pk] = current[pk]
            undated += current[pk] != MeasureStatus.NOT_STARTED
    return statuses, undated


def _deadlines(ids: list[int], current: dict, cutoff: dt.datetime) -> tuple[dict, set[int]]:
    """Each measure's deadline at ``cutoff`` (before any later change), and the measures whose
    deadline had been moved by then (延期)."""
    deadlines = dict(current)
    extended: set[int] = set()
    changes = DeadlineExtension.objects.filter(
        measure_id__in=ids, status__in=[ExtensionStatus.APPROVED, ExtensionStatus.SET_DIRECTLY]
    ).order_by("-created_at", "-pk")  # the earliest later change is applied last
    for measure_id, old, decided, created in changes.values_list(
        "measure_id", "old_deadline", "decided_at", "created_at"
    ):
        when = decided or created
        if when >= cutoff:
            deadlines[measure_id] = old
        elif old is not None:
            extended.add(measure_id)
    return deadlines, extended


def _indicators(ids: list[int], as_of: dt.date) -> tuple[list[dict], int]:
    """Each indicator's last value reported on or before ``as_of``; how many have a current
    value that no dated report gives."""
    values: dict[int, Decimal] = {}
    dated = IndicatorValue.objects.filter(indicator__measure_id__in=ids).order_by(
        "report__report_date", "report_id"
    )
    reported: set[int] = set()
    for indicator_id, value, day in dated.values_list(
        "indicator_id", "value", "report__report_date"
    ):
        reported.add(indicator_id)
        if day <= as_of:
            values[indicator_id] = value
    rows, undated = [], 0
    for indicator in Indicator.objects.filter(measure_id__in=ids).order_by(
        "measure_id", "position"
    ):
        if indicator.current_value is not None and indicator.pk not in reported:
            undated += 1
        rows.append(
            {
                "measure": indicator.measure_id,
                "name": indicator.name,
                "unit": indicator.unit,
                "target": indicator.target_value,
                "value": values.get(indicator.pk),
            }
        )
    return rows, undated


def inspection_stats_as_of(*, inspection: Inspection, as_of: dt.date) -> dict:
    """The figures of ``inspection`` as they stood at the end of ``as_of``."""
    cutoff = end_of(as_of)
    findings = inspection.findings.filter(created_at__lt=cutoff).filter(
        Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=cutoff)
    )
    kinds = Counter(findings.values_list("kind", flat=True))
    rows = list(
        Measure.objects.filter(inspection=inspection, created_at__lt=cutoff)
        .exclude(finding__withdrawn_at__lt=cutoff)  # under a finding withdrawn by then
        .values(
            "pk", "finding_id", "status", "deadline", "kind", "lead_department_id",
            "responsible_person_id",
        )
    )  # fmt: skip
    ids = [r["pk"] for r in rows]
    statuses, undated_statuses = _statuses(ids, {r["pk"]: r["status"] for r in rows}, cutoff)
    deadlines, extended = _deadlines(ids, {r["pk"]: r["deadline"] for r in rows}, cutoff)
    counted = [r for r in rows if statuses[r["pk"]] != MeasureStatus.WITHDRAWN]
    by_status: Counter = Counter(statuses[r["pk"]] for r in counted)
    extra: Counter = Counter()
    for r in counted:
        deadline = deadlines[r["pk"]]
        extra["overdue"] += bool(
            deadline and deadline < as_of and statuses[r["pk"]] in OVERDUE_STATUSES
        )
        extra["no_owner"] += not (r["lead_department_id"] or r["responsible_person_id"])
        extra["no_deadline"] += deadline is None and r["kind"] != MeasureKind.LONG_TERM
    indicators, undated_indicators = _indicators([r["pk"] for r in counted], as_of)
    signoffs = SignOff.objects.filter(
        measure_id__in=ids, decision=Decision.APPROVED, decided_at__lt=cutoff
    ).count()
    counted_ids = {r["pk"] for r in counted}
    return {
        "id": inspection.pk,
        "title": inspection.title,
        "kind": inspection.kind,
        "inspected_unit": str(inspection.inspected_unit),
        "inspecting_body": inspection.inspecting_body,
        "feedback_date": inspection.feedback_date.isoformat() if inspection.feedback_date else None,
        "as_of": as_of.isoformat(),
        "aspects": kinds[FindingKind.ASPECT],
        "problems": kinds[FindingKind.PROBLEM],
        "findings": sum(kinds.values()),
        "findings_with_measures": len({r["finding_id"] for r in counted}),
        "measures": _measures_figures(by_status, extra, len(extended & counted_ids)),
        "signoffs": signoffs,
        "indicators": indicators,
        "undated": {
            "statuses": undated_statuses,
            "indicators": undated_indicators,
            "entered_later": inspection.findings.filter(created_at__gte=cutoff).count()
            + Measure.objects.filter(inspection=inspection, created_at__gte=cutoff).count(),
        },
    }
