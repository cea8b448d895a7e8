"""The dashboards, assembled from panels: one inspection, a unit's leader, a district or city
(the inspecting body's office and leaders: every unit they inspected, ranked)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from rectify.inspections.models import Inspection
from rectify.measures.enums import ExtensionStatus, MeasureStatus
from rectify.measures.models import DeadlineExtension, Measure, MeasureEvent
from rectify.measures.selectors import inspection_list_for
from rectify.orgs.models import User
from rectify.reports.selectors import stats_for

from . import panels
from .panels import Panel
from .selectors import formalism_flags, measures_in_reach, recurrences


def inspection_dashboard(*, user: User, inspection: Inspection, today: dt.date) -> list[Panel]:
    measures = measures_in_reach(user=user, inspection=inspection.pk)
    return [
        panels.by_aspect(inspection, today),
        panels.by_department(inspection, today),
        panels.lights(measures, today),
        panels.burn_up(measures, inspection, today),
        panels.signoff_queue(measures, today),
        panels.indicators(measures),
        panels.upcoming(measures, today),
    ]


def _open_rounds(user: User, today: dt.date) -> list[dict]:
    rounds = stats_for(
        inspections=inspection_list_for(user=user).order_by("-pk")[:200], today=today
    )
    return [r for r in rounds if r["measures"]["open"]]


def leader_dashboard(*, user: User, today: dt.date) -> list[Panel]:
    """A unit's leader: every open round, and what waits for the leader."""
    rounds = Panel(
        "rounds",
        _("Open inspections"),
        "stack",
        [_("Inspection"), _("Signed off"), _("Not yet"), _("Overdue"), _("Done %")],
        charted=(1, 2),
        stacked=2,
    )
    for r in _open_rounds(user, today):
        m = r["measures"]
        rounds.rows.append([r["title"][:30], m["done"], m["open"], m["overdue"], m["done_rate"]])
    measures = measures_in_reach(user=user)
    waiting = Panel(
        "waiting",
        _("Waiting for the leader"),
        "",
        [_("Measure"), _("What"), _("Since"), _("Inspection")],
    )
    for m in measures.filter(status=MeasureStatus.SIGNOFF_REQUESTED).values(
        "id", "text", "updated_at", "inspection__title"
    )[:50]:
        waiting.rows.append(
            [
                f"#{m['id']} {m['text'][:30]}",
                _("Sign-off request"),
                m["updated_at"].date().isoformat(),
                m["inspection__title"][:30],
            ]
        )
    for e in DeadlineExtension.objects.filter(
        measure__in=measures.values("pk"), status=ExtensionStatus.PENDING
    ).values("measure_id", "measure__text", "created_at", "measure__inspection__title")[:50]:
        waiting.rows.append(
            [
                f"#{e['measure_id']} {e['measure__text'][:30]}",
                _("Deadline extension"),
                e["created_at"].date().isoformat(),
                e["measure__inspection__title"][:30],
            ]
        )
    return [rounds, waiting, panels.lights(measures, today)]


def district_rows(*, user: User, today: dt.date) -> list[dict]:
    """Per inspected unit of the rounds the user reads: completion, overdue, reopened,
    recurrence and formalism flags, ranked by completion (lowest first)."""
    inspections = list(inspection_list_for(user=user))
    units: dict[int, dict] = {}
    for stats, inspection in zip(
        stats_for(inspections=inspections, today=today), inspections, strict=True
    ):
        row = units.setdefault(
            inspection.inspected_unit_id,
            {
                "unit": inspection.inspected_unit_id,
                "name": stats["inspected_unit"],
                "rounds": 0,
                "total": 0,
                "done": 0,
                "overdue": 0,
                "reopened": 0,
                "recurrence": 0,
                "formalism": 0,
            },
        )
        row["rounds"] += 1
        for key in ("total", "done", "overdue"):
            row[key] += stats["measures"][key]
    measures = measures_in_reach(user=user)
    _add_counts(units, measures)
    for row in units.values():
        row["done_rate"] = round(100 * row["done"] / row["total"], 1) if row["total"] else 0.0
    return sorted(units.values(), key=lambda r: (r["done_rate"], -r["overdue"], r["name"]))


def _add_counts(units: dict[int, dict], measures: QuerySet[Measure]) -> None:
    unit_of = dict(measures.values_list("pk", "inspection__inspected_unit_id"))
    for row in (
        MeasureEvent.objects.filter(measure__in=measures.values("pk"), transition="reopen")
        .values("measure__inspection__inspected_unit_id")
        .annotate(n=Count("measure_id", distinct=True))
    ):
        unit = units.get(row["measure__inspection__inspected_unit_id"])
        if unit:
            unit["reopened"] = row["n"]
    flags: dict[int, int] = defaultdict(int)
    for flag in formalism_flags(measures=measures):
        flags[unit_of.get(flag.measure, -1)] += 1
    for found in recurrences(measures=measures):
        if found.unit in units:
            units[found.unit]["recurrence"] += 1
    for unit_id, n in flags.items():
        if unit_id in units:
            units[unit_id]["formalism"] = n


def district_dashboard(*, user: User, today: dt.date) -> list[Panel]:
    rows = district_rows(user=user, today=today)
    ranked = Panel(
        "units",
        _("Inspected units ranked by completion"),
        "bar",
        [
            _("Unit"),
            _("Done %"),
            _("Measures"),
            _("Overdue"),
            _("Reopened"),
            _("Recurring problems"),
            _("Formalism flags"),
        ],
        charted=(1,),
    )
    ranked.rows = [
        [
            r["name"],
            r["done_rate"],
            r["total"],
            r["overdue"],
            r["reopened"],
            r["recurrence"],
            r["formalism"],
        ]
        for r in rows
    ]
    return [ranked]
