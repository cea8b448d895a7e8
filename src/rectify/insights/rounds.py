"""The costly checks of one round, computed for the whole round at once and kept.

Copied progress text and near-identical photos compare every report or photo of an inspection
with the others (20 000 reports in a city's round): too slow for each view of a measure page.
`round_checks` computes them for the whole round and keeps each flagged measure's share in
the database (`RoundChecks`, `MeasureChecks`, through `services.round_checks_keep`), with the
moment the computation started. A new report or file queues that for its round in the
background (`receivers.warm_round_checks` → `tasks.round_checks_task`); a measure page reads
its share back (`measure_round_checks`, two small queries) unless its own reports or files
changed after that moment, when it computes the round itself. So a page always reflects its
own measure's reports; a copy of it written under another measure appears once the worker
has run for that report (seconds later).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from django.db.models import Max
from django.utils import timezone

from rectify.measures.models import Evidence, Measure, ProgressReport

from . import formalism, reuse
from .formalism import Flag
from .models import MeasureChecks, RoundChecks
from .reuse import Reuse

KINDS = ("copies", "photos", "wording")


def round_checks(inspection_id: int) -> dict[str, dict[int, list]]:
    """{"copies": {measure: [Flag]}, "photos": {measure: [Reuse]}} of one inspection, computed
    now and kept (the background task; the pages read it through `measure_round_checks`)."""
    started = timezone.now()
    found = _compute(inspection_id)
    _keep(inspection_id, started, found)
    return found


def measure_round_checks(measure: Measure) -> dict[str, list]:
    """One measure's share of its round's checks: read back unless nothing is kept or the
    measure's own reports or files changed since it was computed."""
    memo = getattr(measure, "_round_checks", None)
    if memo is not None:
        return memo
    kept = RoundChecks.objects.filter(inspection_id=measure.inspection_id).first()
    if kept is None or _changed_since(measure, kept.computed_at):
        found = round_checks(measure.inspection_id)
        memo = {kind: found[kind].get(measure.pk, []) for kind in KINDS}
    else:
        row = MeasureChecks.objects.filter(measure=measure).first()
        memo = {
            "copies": [Flag(**f) for f in row.copies] if row else [],
            "photos": [Reuse(**r) for r in row.photos] if row else [],
            "wording": [Flag(**f) for f in row.wording] if row else [],
        }
    measure._round_checks = memo  # type: ignore[attr-defined]  # one computation per page
    return memo


def _changed_since(measure: Measure, moment) -> bool:
    """Whether a report or file of the measure was written or changed after `moment`."""
    last = [
        ProgressReport.objects.filter(measure=measure).aggregate(at=Max("updated_at"))["at"],
        Evidence.objects.filter(report__measure=measure).aggregate(at=Max("updated_at"))["at"],
    ]
    return any(at is not None and at >= moment for at in last)


def _keep(inspection_id: int, started, found: dict[str, dict[int, list]]) -> None:
    from .services import round_checks_keep  # noqa: PLC0415  (services read the selectors)

    shares: dict[int, dict[str, list]] = {}
    for kind in KINDS:
        for measure_id, items in found[kind].items():
            share = shares.setdefault(measure_id, {k: [] for k in KINDS})
            share[kind] = [dataclasses.asdict(item) for item in items]
    round_checks_keep(inspection_id=inspection_id, computed_at=started, shares=shares)


def _compute(inspection_id: int) -> dict[str, dict[int, list]]:
    from .selectors import evidence_reuse, report_rows  # noqa: PLC0415  (selectors read us)

    measures = Measure.objects.filter(inspection_id=inspection_id)
    reports = report_rows(measures)
    copies: dict[int, list[Flag]] = defaultdict(list)
    for flag in formalism.copied_reports(reports):
        copies[flag.measure].append(flag)
    photos: dict[int, list[Reuse]] = defaultdict(list)
    for found in evidence_reuse(measures=measures, same_file=False):
        photos[found.measure].append(found)
    wording = wording_flags(measures, reports)
    return {"copies": dict(copies), "photos": dict(photos), "wording": wording}


def wording_flags(measures, reports: list[dict] | None = None) -> dict[int, list[Flag]]:
    """{measure: [Flag]}: reports restating their measure, measures of only generic words."""
    from .selectors import report_rows  # noqa: PLC0415  (selectors read us)

    rows = list(measures.values("id", "text"))
    texts = {row["id"]: row["text"] for row in rows}
    reports = report_rows(measures) if reports is None else reports
    found: dict[int, list[Flag]] = defaultdict(list)
    for flag in formalism.copied_from_measure(reports, texts) + formalism.generic_measures(rows):
        found[flag.measure].append(flag)
    return dict(found)


def same_file_elsewhere(measure: Measure, *, limit: int = 200) -> list[Reuse]:
    """The measure's files also attached under another measure or report, anywhere: one
    indexed lookup by SHA-256 (at most `limit` of the others, oldest first)."""
    columns = ("id", "sha256", "report_id")
    mine = list(Evidence.objects.filter(report__measure=measure).order_by("pk").values(*columns))
    if not mine:
        return []
    others = (
        Evidence.objects.filter(sha256__in={row["sha256"] for row in mine})
        .exclude(pk__in=[row["id"] for row in mine])
        .order_by("pk")
        .values(*columns, "report__measure_id")[:limit]
    )
    by_hash: dict[str, list[dict]] = defaultdict(list)
    for row in others:
        by_hash[row["sha256"]].append(row)
    found = []
    for row in mine:
        for other in by_hash.get(row["sha256"], []):
            if other["report_id"] == row["report_id"]:
                continue  # one file twice in one report is not reuse
            found.append(
                Reuse(
                    row["id"],
                    other["id"],
                    measure.pk,
                    other["report__measure_id"],
                    row["report_id"],
                    other["report_id"],
                    reuse.SAME_FILE,
                    0,
                )
            )
    return found
