"""Reads for the checks, over a scoped set of measures (`measures_in_reach` for a person;
the command passes every measure). Plain rows in bounded queries; the checks are modules of
their own (`formalism`, `recurrence`, `reuse`, `gaming`, `forecasts`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import Decision, ExtensionStatus, MeasureStatus
from rectify.measures.models import (
    DeadlineExtension,
    Evidence,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureEvent,
    ProgressReport,
    SignOff,
)
from rectify.measures.selectors import inspection_list_for, measure_scope_q
from rectify.orgs.models import User

from . import formalism, reuse
from .forecasts import Forecast, forecast
from .formalism import Flag
from .gaming import gaming_by_unit
from .models import FindingMatch
from .recurrence import Recurrence, match_rounds
from .reuse import Reuse
from .rounds import measure_round_checks, same_file_elsewhere


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
        .values(
            "id",
            "measure_id",
            "text",
            "report_date",
            "evidence_count",
            inspection_id=F("measure__inspection_id"),
        )
    )


def formalism_flags(*, measures: QuerySet[Measure], copies: bool = True) -> list[Flag]:
    """Every formalism flag on the measures, in five queries whatever their number (without
    `copies`, no copies between reports: a measure page reads the round's kept ones)."""
    rows = list(measures.values("id", "text", "status"))
    reports = report_rows(measures)
    texts = {row["id"]: row["text"] for row in rows}
    return (
        (formalism.copied_reports(reports) if copies else [])
        + formalism.copied_from_measure(reports, texts)
        + formalism.without_evidence(reports)
        + formalism.generic_measures(rows)
        + requested_flags(measures, rows)
    )


def requested_flags(measures: QuerySet[Measure], rows: Iterable[Mapping]) -> list[Flag]:
    """Sign-off requested (pending, or the status says so) with no indicator at target."""
    requested = set(
        SignOff.objects.filter(
            measure__in=measures.values("pk"), decision=Decision.PENDING
        ).values_list("measure_id", flat=True)
    )
    requested |= {row["id"] for row in rows if row["status"] == MeasureStatus.SIGNOFF_REQUESTED}
    indicators = list(
        Indicator.objects.filter(measure_id__in=requested).values(
            "measure_id", "name", "unit", "target_value", "current_value"
        )
    )
    return formalism.targets_not_reached(sorted(requested), indicators)


def measure_formalism(measure: Measure) -> list[Flag]:
    """The flags of one measure; copies among its inspection's reports come from the round's
    kept checks (`rounds`), the rest is read for the measure alone."""
    own = Measure.objects.filter(pk=measure.pk)
    return formalism_flags(measures=own, copies=False) + measure_round_checks(measure)["copies"]


def flags_by_unit(flags: list[Flag], measures: QuerySet[Measure]) -> list[dict]:
    """Flags counted per lead department (and the inspected unit), most flagged first."""
    ids = {f.measure for f in flags}
    owner = {
        row["id"]: row
        for row in measures.values(
            "id",
            "text",
            "lead_department_id",
            "lead_department__name",
            "inspection__inspected_unit__name",
        )
        if row["id"] in ids
    }
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
        group.setdefault("texts", {})[flag.measure] = row["text"][:40]
    return sorted(groups.values(), key=lambda g: (-g["count"], g["unit_name"]))


# ---- recurrence across rounds ---------------------------------------------------------------


def finding_rows(units=None) -> list[dict]:
    """The findings (no aspects) of every round of the given inspected units (None: of all),
    as rows for `recurrence.match_rounds`."""
    findings = Finding.objects.all()
    if units is not None:
        findings = findings.filter(inspection__inspected_unit_id__in=units)
    rows = list(
        findings.exclude(kind=FindingKind.ASPECT).values(
            "id",
            "inspection_id",
            "label",
            "title",
            "text",
            "previous_finding_id",
            "inspection__feedback_date",
            unit_id=F("inspection__inspected_unit_id"),
        )
    )
    for row in rows:
        row["round"] = (row.pop("inspection__feedback_date") or dt.date.min, row["inspection_id"])
    return rows


def _closing(rows: list[dict]) -> dict[int, dict]:  # rows: [{"id": finding id}, …]
    """Finding id → the last approved sign-off of a signed-off measure of it, and its reviewer."""
    closing: dict[int, dict] = {}
    for closed in (
        SignOff.objects.filter(
            decision=Decision.APPROVED,
            measure__finding_id__in=[r["id"] for r in rows],
            measure__status=MeasureStatus.SIGNED_OFF,
        )
        .order_by("decided_at", "pk")
        .values(
            "id",
            "decided_at",
            finding_id=F("measure__finding_id"),
            reviewer_name=F("reviewer__display_name"),
            reviewer_username=F("reviewer__username"),
        )
    ):
        closing[closed["finding_id"]] = {
            "id": closed["id"],
            "reviewer": closed["reviewer_name"] or closed["reviewer_username"],
            "decided_at": closed["decided_at"].date().isoformat() if closed["decided_at"] else None,
        }
    return closing


def recurrences(*, measures: QuerySet[Measure]) -> list[Recurrence]:
    """Findings of the rounds the measures belong to, matched to earlier rounds of the same
    inspected unit (those rounds read too, as far as they hold findings)."""
    inspections = Inspection.objects.filter(pk__in=measures.values("inspection_id"))
    rows = finding_rows(inspections.values("inspected_unit_id"))
    closing = _closing(rows)
    wanted = set(inspections.values_list("pk", flat=True))
    return [r for r in match_rounds(rows, closing) if r.inspection in wanted]


MATCH_FIELDS = ["finding", "earlier_finding", "similarity", "unit", "explicit"] + [
    f"{side}__{name}"
    for side in ("finding", "earlier_finding")
    for name in ("label", "title", "text", "inspection", "inspection__title")
]


def round_matches(*, inspection: Inspection, user: User) -> list[FindingMatch]:
    """The stored recurrences (`FindingMatch`) that touch one round, both ways — its findings
    that repeat an earlier round of its unit, and later rounds' findings that repeat its own —
    between rounds the user reads; each with both findings and their rounds, and the
    earlier finding's closing sign-off (`closing`: None when it was not signed off).
    Two statements (one when nothing matches)."""
    readable = inspection_list_for(user=user).values("pk")
    matches = list(
        FindingMatch.objects.filter(
            Q(finding__inspection=inspection) | Q(earlier_finding__inspection=inspection),
            finding__inspection__in=readable,
            earlier_finding__inspection__in=readable,
        )
        .select_related("finding__inspection", "earlier_finding__inspection")
        .only(*MATCH_FIELDS)
        .order_by("finding__sort_key", "pk")
    )
    if matches:
        closing = _last_signoffs({m.earlier_finding_id for m in matches})
        for match in matches:
            match.closing = closing.get(match.earlier_finding_id)
    return matches


def _last_signoffs(findings: set[int]) -> dict[int, dict]:
    """Finding id → its closing sign-off as `_closing` gives it, one row per finding."""
    last = Subquery(
        SignOff.objects.filter(
            measure__finding=OuterRef("pk"),
            decision=Decision.APPROVED,
            measure__status=MeasureStatus.SIGNED_OFF,
        )
        .order_by("-decided_at", "-pk")
        .values("pk")[:1]
    )
    closed = SignOff.objects.filter(
        pk__in=Finding.objects.filter(pk__in=findings).annotate(last=last).values("last")
    ).values(
        "id",
        "decided_at",
        finding_id=F("measure__finding_id"),
        reviewer_name=F("reviewer__display_name"),
        reviewer_username=F("reviewer__username"),
    )
    return {
        row["finding_id"]: {
            "id": row["id"],
            "reviewer": row["reviewer_name"] or row["reviewer_username"],
            "decided_at": row["decided_at"].date().isoformat() if row["decided_at"] else None,
        }
        for row in closed
    }


# ---- evidence reuse -------------------------------------------------------------------------


def evidence_reuse(
    *, measures: QuerySet[Measure], photos: bool = True, same_file: bool = True
) -> list[Reuse]:
    rows = list(
        Evidence.objects.filter(report__measure__in=measures.values("pk"))
        .order_by("pk")
        .values(
            "id",
            "sha256",
            "file",
            "content_type",
            "report_id",
            measure_id=F("report__measure_id"),
            unit_id=F("report__measure__inspection__inspected_unit_id"),
        )
    )
    found = reuse.same_files(rows) if same_file else []
    if photos:
        hashes = {}
        for row in rows:
            if row["content_type"].startswith("image/"):
                value = reuse.photo_hash(row)
                if value is not None:
                    hashes[row["id"]] = value
        found += reuse.similar_photos(rows, hashes)
    return found


# ---- deadline gaming and forecasts ----------------------------------------------------------


def gaming(*, measures: QuerySet[Measure]) -> dict[int, dict]:
    rows = list(measures.values("id", "deadline", unit_id=F("lead_department_id")))
    ids = measures.values("pk")
    extensions = list(
        DeadlineExtension.objects.filter(
            measure__in=ids, status__in=[ExtensionStatus.APPROVED, ExtensionStatus.SET_DIRECTLY]
        ).values("measure_id")
    )
    requests = [
        {"measure_id": r["measure_id"], "requested_on": timezone.localdate(r["created_at"])}
        for r in SignOff.objects.filter(measure__in=ids).values("measure_id", "created_at")
    ]
    events = list(
        MeasureEvent.objects.filter(
            measure__in=ids, transition__in=["approve_signoff", "reopen"]
        ).values("measure_id", "transition")
    )
    return gaming_by_unit(rows, extensions, requests, events)


def forecasts(*, measures: QuerySet[Measure], today: dt.date) -> list[Forecast]:
    indicators = list(
        Indicator.objects.filter(measure__in=measures.values("pk"), target_value__isnull=False)
        .order_by("pk")
        .values(
            "id",
            "measure_id",
            "name",
            "unit",
            "target_value",
            "current_value",
            feedback=F("measure__inspection__feedback_date"),
        )
    )
    history: dict[int, list] = {}
    for value in (
        IndicatorValue.objects.filter(indicator_id__in=[i["id"] for i in indicators])
        .order_by("report__report_date", "pk")
        .values("indicator_id", "value", "report__report_date")
    ):
        history.setdefault(value["indicator_id"], []).append(
            (value["report__report_date"], value["value"])
        )
    found = (
        forecast(row, history.get(row["id"], []), row["feedback"], today) for row in indicators
    )
    return [f for f in found if f is not None]


def insights_for(*, measures: QuerySet[Measure], today: dt.date, photos: bool = True) -> dict:
    """Everything, in the shape `rectify insights --format json` prints (ids as integers)."""
    return {
        "formalism": [f.as_json() for f in formalism_flags(measures=measures)],
        "evidence_reuse": [r.as_json() for r in evidence_reuse(measures=measures, photos=photos)],
        "recurrence": [r.as_json() for r in recurrences(measures=measures)],
        "gaming": {str(k): v for k, v in sorted(gaming(measures=measures).items(), key=_unit_key)},
        "forecasts": [f.as_json() for f in forecasts(measures=measures, today=today)],
    }


def _unit_key(item: tuple) -> int:
    return item[0] if item[0] is not None else -1


def measure_reuse(measure: Measure) -> list[Reuse]:
    """Reuse involving one measure: the same file anywhere, a similar photo in its round."""
    return same_file_elsewhere(measure) + measure_round_checks(measure)["photos"]


def measure_recurrence(measure: Measure) -> list[Recurrence]:
    """The measure's finding as a repeat of an earlier round's: the kept `FindingMatch` (as the
    tree's marks) and the earlier finding's closing sign-off, in two statements."""
    match = (
        FindingMatch.objects.filter(finding_id=measure.finding_id)
        .select_related("earlier_finding")
        .only("finding", "earlier_finding__inspection", "unit", "similarity", "explicit")
        .first()
    )
    if match is None:
        return []
    closing = _last_signoffs({match.earlier_finding_id}).get(match.earlier_finding_id)
    return [recurrence_of(match, closing, inspection=measure.inspection_id)]


def recurrence_of(match: FindingMatch, closing: dict | None, *, inspection: int) -> Recurrence:
    """A kept match and its earlier finding's closing sign-off as the checks' `Recurrence`."""
    return Recurrence(
        finding=match.finding_id,
        earlier_finding=match.earlier_finding_id,
        similarity=match.similarity,
        inspection=inspection,
        earlier_inspection=match.earlier_finding.inspection_id,
        unit=match.unit_id,
        signed_off=closing is not None,
        signoff=closing["id"] if closing else None,
        signed_off_by=closing["reviewer"] if closing else None,
        signed_off_at=closing["decided_at"] if closing else None,
        explicit=match.explicit,
    )
