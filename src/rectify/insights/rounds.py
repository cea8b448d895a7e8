"""The costly checks of one round, computed for the whole round at once and kept.

Copied progress text and near-identical photos compare every report or photo of an inspection
with the others (20 000 reports in a city's round): too slow for each view of a measure page.
`round_checks` computes them for the whole round and keeps each flagged measure's share in
the cache, with the moment the computation started. A new report or file queues that for its
round in the background (`receivers.warm_round_checks` → `tasks.round_checks_task`); a
measure page reads its share back (`measure_round_checks`) unless its own reports or files
changed after that moment, when it computes the round itself. So a page always reflects its
own measure's reports; a copy of it written under another measure appears once the worker
has run for that report (seconds later), and nothing is kept longer than KEEP_SECONDS.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict

from django.core.cache import cache
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from rectify.inspections.models import Inspection
from rectify.measures.models import Evidence, Measure, ProgressReport

from . import formalism, reuse
from .formalism import Flag
from .reuse import Reuse

KEEP_SECONDS = 24 * 3600  # recomputed at the latest a day later, whatever happened
KINDS = ("copies", "photos")


def _key(inspection: Inspection) -> str:
    """Names one round of one database (a flushed and rewritten ledger reuses ids)."""
    database = hashlib.sha256(str(connection.settings_dict["NAME"]).encode()).hexdigest()[:8]
    born = int(inspection.created_at.timestamp() * 1_000_000)
    return f"insights:round-checks:v3:{database}:{inspection.pk}:{born}"


def round_checks(inspection_id: int) -> dict[str, dict[int, list]]:
    """{"copies": {measure: [Flag]}, "photos": {measure: [Reuse]}} of one inspection, computed
    now and kept (the background task; the pages read it through `measure_round_checks`)."""
    inspection = Inspection.objects.get(pk=inspection_id)
    started = timezone.now()
    found = _compute(inspection_id)
    _keep(inspection, started, found)
    return found


def measure_round_checks(measure: Measure) -> dict[str, list]:
    """One measure's share of its round's checks: read back (two small cache reads) unless
    nothing is kept or the measure's own reports or files changed since it was computed."""
    memo = getattr(measure, "_round_checks", None)
    if memo is not None:
        return memo
    inspection = Inspection.objects.only("pk", "created_at").get(pk=measure.inspection_id)
    kept = cache.get(_key(inspection))
    if kept is None or _changed_since(measure, kept[0]):
        started = timezone.now()
        found = _compute(inspection.pk)
        _keep(inspection, started, found)
        memo = {kind: found[kind].get(measure.pk, []) for kind in KINDS}
    else:
        kept_share = cache.get(f"{_key(inspection)}:{kept[1]}:{measure.pk}")
        memo = kept_share or {kind: [] for kind in KINDS}
    measure._round_checks = memo  # type: ignore[attr-defined]  # one computation per page
    return memo


def _changed_since(measure: Measure, moment) -> bool:
    """Whether a report or file of the measure was written or changed after `moment`."""
    last = [
        ProgressReport.objects.filter(measure=measure).aggregate(at=Max("updated_at"))["at"],
        Evidence.objects.filter(report__measure=measure).aggregate(at=Max("updated_at"))["at"],
    ]
    return any(at is not None and at >= moment for at in last)


def _keep(inspection: Inspection, started, found: dict[str, dict[int, list]]) -> None:
    """Each flagged measure's share under its own key (a page unpickles only its own), then
    the moment the computation started with the generation that names those keys."""
    generation = uuid.uuid4().hex[:12]
    shares: dict[str, dict[str, list]] = {}
    for kind in KINDS:
        for measure_id, items in found[kind].items():
            key = f"{_key(inspection)}:{generation}:{measure_id}"
            shares.setdefault(key, {k: [] for k in KINDS})[kind] = items
    cache.set_many(shares, KEEP_SECONDS)
    cache.set(_key(inspection), (started, generation), KEEP_SECONDS)


def _compute(inspection_id: int) -> dict[str, dict[int, list]]:
    from .selectors import evidence_reuse, report_rows  # noqa: PLC0415  (selectors read us)

    measures = Measure.objects.filter(inspection_id=inspection_id)
    copies: dict[int, list[Flag]] = defaultdict(list)
    for flag in formalism.copied_reports(report_rows(measures)):
        copies[flag.measure].append(flag)
    photos: dict[int, list[Reuse]] = defaultdict(list)
    for found in evidence_reuse(measures=measures, same_file=False):
        photos[found.measure].append(found)
    return {"copies": dict(copies), "photos": dict(photos)}


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
