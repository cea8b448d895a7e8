"""The costly checks of one round, computed once per state of the round and kept.

Copied progress text and near-identical photos compare every report or photo of an inspection
with the others (20 000 reports in a city's round): too slow for each view of a measure page.
They are computed for the whole round at once, stored in the cache with a stamp of the round's
reports and evidence (how many, the last id, the last change), and read back while the stamp
holds; any new, changed or removed report or file changes the stamp, so a page never shows a
stale answer. A new report warms the round in the background (`tasks.round_checks_task`); a
page that finds no fresh answer computes it itself.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max

from rectify.measures.models import Evidence, Measure, ProgressReport

from . import formalism, reuse
from .formalism import Flag
from .reuse import Reuse

KEEP_SECONDS = 7 * 24 * 3600  # recomputed at the latest a week later, whatever the stamp


def _stamp(inspection_id: int) -> tuple:
    reports = ProgressReport.objects.filter(measure__inspection_id=inspection_id).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at")
    )
    files = Evidence.objects.filter(report__measure__inspection_id=inspection_id).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("updated_at")
    )
    return tuple(
        value.isoformat() if hasattr(value, "isoformat") else value
        for value in (*reports.values(), *files.values())
    )


def _key(inspection_id: int) -> str:
    return f"insights:round-checks:v2:{inspection_id}"


def round_checks(inspection_id: int) -> dict[str, dict[int, list]]:
    """{"copies": {measure: [Flag]}, "photos": {measure: [Reuse]}} of one inspection, computed
    now whatever is kept (the background task; kept for the pages' `measure_round_checks`)."""
    stamp = _stamp(inspection_id)
    found = _compute(inspection_id)
    _keep(inspection_id, stamp, found)
    return found


def measure_round_checks(inspection_id: int, measure_id: int) -> dict[str, list]:
    """One measure's share of its round's checks: read back while the round's stamp holds
    (two small cache reads), else the round is computed and kept first."""
    stamp = _stamp(inspection_id)
    kept = cache.get(_key(inspection_id))
    if kept is None or kept[0] != stamp:
        found = _compute(inspection_id)
        _keep(inspection_id, stamp, found)
        return {kind: found[kind].get(measure_id, []) for kind in ("copies", "photos")}
    mine = cache.get(f"{_key(inspection_id)}:{kept[1]}:{measure_id}")
    return mine or {"copies": [], "photos": []}


def _keep(inspection_id: int, stamp: tuple, found: dict[str, dict[int, list]]) -> None:
    """Each flagged measure's share under its own key (a page unpickles only its own), then
    the stamp with the generation that names those keys."""
    generation = uuid.uuid4().hex[:12]
    shares: dict[str, dict[str, list]] = {}
    for kind in ("copies", "photos"):
        for measure_id, items in found[kind].items():
            key = f"{_key(inspection_id)}:{generation}:{measure_id}"
            shares.setdefault(key, {"copies": [], "photos": []})[kind] = items
    cache.set_many(shares, KEEP_SECONDS)
    cache.set(_key(inspection_id), (stamp, generation), KEEP_SECONDS)


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
