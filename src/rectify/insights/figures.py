"""The figures of the leader and district dashboards, per round: completion (the ledger's
`reports.selectors.stats_for`), warning lights (`measures.lights`), reopened measures, and
the integrity checks' counts (formalism flags, recurrences) — of whole rounds, as the
rounds' completion figures always were.

The checks read every progress report of a round (seconds at city scale), so the figures
are kept per round (`InspectionFigures`, written by `services.inspection_figures_refresh`,
the job `insights.figures` every 30 minutes); `figures_for` reads them in one statement and
computes live, from the same selectors, only the rounds not yet kept. Reads only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from rectify.inspections.models import Inspection
from rectify.measures.enums import Light
from rectify.measures.lights import light_of, with_lights
from rectify.measures.models import Measure, MeasureEvent
from rectify.reports.selectors import stats_for

from .kept import round_formalism_flags
from .models import InspectionFigures
from .selectors import recurrences
from .services import inspection_figures_keep

COUNTS = ("total", "done", "open", "overdue", "reopened", "formalism", "recurrence")


@dataclass
class RoundFigures:
    """Each round's figures (`COUNTS` and `lights`), and when the oldest kept ones were
    computed (None: all computed now)."""

    rounds: dict[int, dict]
    as_of: dt.datetime | None


def _blank(measures: dict) -> dict:
    return {
        "total": measures["total"],
        "done": measures["done"],
        "open": measures["open"],
        "overdue": measures["overdue"],
        "done_rate": measures["done_rate"],
        "lights": dict.fromkeys(Light.values, 0),
        "reopened": 0,
        "formalism": 0,
        "recurrence": 0,
    }


def live_figures(
    *, inspections: list[Inspection], today: dt.date, checks: bool = True
) -> dict[int, dict]:
    """The figures of whole rounds from the ledger's selectors, in a fixed number of
    statements whatever their number and size; without `checks`, no formalism flags nor
    recurrences (left 0: the seconds they take are for the job)."""
    out = {s["id"]: _blank(s["measures"]) for s in stats_for(inspections=inspections, today=today)}
    if not out:
        return out
    measures = Measure.objects.filter(inspection_id__in=list(out))
    lit = with_lights(measures.in_plan().order_by(), today=today)
    for row in lit.values("inspection_id", "light_reason").annotate(n=Count("pk")):  # type: ignore[misc]
        lights = out[row["inspection_id"]]["lights"]
        colour = light_of(row["light_reason"])
        lights[colour] = lights.get(colour, 0) + row["n"]
    reopened = (
        MeasureEvent.objects.filter(measure__in=measures.values("pk"), transition="reopen")
        .values("measure__inspection_id")
        .annotate(n=Count("measure_id", distinct=True))
    )
    for row in reopened:
        out[row["measure__inspection_id"]]["reopened"] = row["n"]
    if checks:
        _add_checks(out, measures)
    return out


def _add_checks(out: dict[int, dict], measures) -> None:
    # Each round's flags as its pages read them (insights.kept: the round's kept checks, the
    # changed measures computed again), not every report of every round compared anew: the
    # job had spent minutes a run at city scale on copies the worker had already found.
    for inspection in Inspection.objects.filter(pk__in=list(out)):
        flags = round_formalism_flags(
            measures=measures.filter(inspection_id=inspection.pk), inspection=inspection
        )
        out[inspection.pk]["formalism"] += len(flags)
    for found in recurrences(measures=measures):
        out[found.inspection]["recurrence"] += 1


def figures_for(
    *, inspections: list[Inspection], today: dt.date, checks: bool = True
) -> RoundFigures:
    """The kept figures of these rounds (one statement), the missing ones computed live
    (without `checks`: their integrity counts left 0, for a page that does not show them)."""
    kept = {
        row.inspection_id: row
        for row in InspectionFigures.objects.filter(inspection_id__in=[i.pk for i in inspections])
    }
    missing = [i for i in inspections if i.pk not in kept]
    rounds = live_figures(inspections=missing, today=today, checks=checks) if missing else {}
    rounds.update({pk: row.figures for pk, row in kept.items()})
    return RoundFigures(rounds, min((row.computed_at for row in kept.values()), default=None))


BATCH = 20  # rounds computed together: bounded memory, short write transactions


def refresh(*, today: dt.date) -> int:
    """Compute every round's figures again, BATCH rounds at a time, and keep them; returns
    how many rounds' figures changed (the job `insights.figures`)."""
    ids = list(Inspection.objects.order_by("pk").values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), BATCH):
        rounds = Inspection.objects.filter(pk__in=ids[start : start + BATCH])
        batch = list(rounds.select_related("inspected_unit"))
        figures = live_figures(inspections=batch, today=today)
        changed += inspection_figures_keep(figures=figures, computed_at=timezone.now())
    return changed
