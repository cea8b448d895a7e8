"""The dashboards, assembled from panels: one inspection, a unit's leader, a district or city
(the inspecting body's office and leaders: every unit they inspected, ranked). The leader's
and the district's figures are the rounds' kept figures (`figures`), with their age."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rectify.inspections.models import Inspection
from rectify.inspections.selectors import inspection_unit_scope_q
from rectify.measures.enums import ExtensionStatus, Light, MeasureStatus
from rectify.measures.models import DeadlineExtension
from rectify.measures.selectors import inspection_list_for
from rectify.orgs.models import User

from . import panels
from .figures import figures_for
from .panels import Panel
from .selectors import measures_in_reach


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


def whole_rounds(*, user: User) -> QuerySet[Inspection]:
    """The rounds whose every measure the user reads (a unit-wide role in the inspected unit,
    a reviewer of the inspecting body): the leader's and district figures count whole rounds,
    so a round a department reaches only through its own measures is not among them."""
    return inspection_list_for(user=user).filter(inspection_unit_scope_q(user))


def leader_dashboard(*, user: User, today: dt.date) -> tuple[list[Panel], dt.datetime | None]:
    """A unit's leader: every open round, what waits for the leader, and the lights of the
    rounds the leader reads; with the age of the kept figures (`figures`)."""
    inspections = list(whole_rounds(user=user).order_by("-pk"))
    kept = figures_for(inspections=inspections, today=today, checks=False)
    rounds = Panel(
        "rounds",
        _("Open inspections"),
        "stack",
        [_("Inspection"), _("Signed off"), _("Not yet"), _("Overdue"), _("Done %")],
        charted=(1, 2),
        stacked=2,
    )
    lights: Counter = Counter(dict.fromkeys(Light.values, 0))
    for inspection in inspections:
        f = kept.rounds[inspection.pk]
        lights.update(f["lights"])
        if f["open"] and len(rounds.rows) < OPEN_ROUNDS_SHOWN:
            rounds.rows.append(
                [inspection.title[:30], f["done"], f["open"], f["overdue"], f["done_rate"]]
            )
    return [rounds, _waiting(user), panels.lights_panel(dict(lights))], kept.as_of


OPEN_ROUNDS_SHOWN = 200


def _waiting(user: User) -> Panel:
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
    return waiting


def district_rows(*, user: User, today: dt.date) -> list[dict]:
    """Per inspected unit of the rounds the user reads: completion, overdue, reopened,
    recurrence and formalism flags (of whole rounds), ranked by completion (lowest first)."""
    return _district(user, today)[0]


def _district(user: User, today: dt.date) -> tuple[list[dict], dt.datetime | None]:
    inspections = list(whole_rounds(user=user))
    kept = figures_for(inspections=inspections, today=today)
    units: dict[int, dict] = {}
    for inspection in inspections:
        row = units.setdefault(
            inspection.inspected_unit_id,
            {"unit": inspection.inspected_unit_id, "name": str(inspection.inspected_unit)}
            | dict.fromkeys(("rounds", *SUMMED), 0),
        )
        row["rounds"] += 1
        for key in SUMMED:
            row[key] += kept.rounds[inspection.pk][key]
    for row in units.values():
        row["done_rate"] = round(100 * row["done"] / row["total"], 1) if row["total"] else 0.0
    ranked = sorted(units.values(), key=lambda r: (r["done_rate"], -r["overdue"], r["name"]))
    return ranked, kept.as_of


SUMMED = ("total", "done", "overdue", "reopened", "recurrence", "formalism")


def district_dashboard(*, user: User, today: dt.date) -> tuple[list[Panel], dt.datetime | None]:
    rows, as_of = _district(user, today)
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
    return [ranked], as_of
