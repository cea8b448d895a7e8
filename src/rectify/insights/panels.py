"""Dashboard panels: each a table (columns, rows) that is also a chart and a download.

Every figure comes from the selectors the ledger uses (`reports.selectors`, `measures.lights`)
or from the checks' selectors; a panel only reshapes them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Inspection
from rectify.measures.enums import Decision, Light, MeasureStatus
from rectify.measures.lights import light_totals
from rectify.measures.models import Indicator, Measure, MeasureEvent, SignOff
from rectify.reports.selectors import finding_counts, measures_by_department


@dataclass
class Panel:
    key: str
    title: str
    chart: str  # "bar", "stack", "line", "pie" or "" (table only)
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    charted: tuple[int, ...] = ()  # columns drawn (default: every numeric one)
    stacked: int = 0  # the first so many series are stacked (chart "stack")
    colors: tuple[str, ...] = ()  # one per category (a pie of warning lights)

    def chart_data(self) -> dict:
        """Categories are the first column; each further numeric column is a series."""
        return {
            "type": self.chart,
            "stacked": self.stacked,
            "colors": list(self.colors),
            "categories": [str(r[0]) for r in self.rows],
            "series": [
                {"name": name, "data": [r[i] for r in self.rows]}
                for i, name in enumerate(self.columns[1:], start=1)
                if (i in self.charted if self.charted else True)
                and all(isinstance(r[i], int | float) for r in self.rows)
            ],
        }


def by_aspect(inspection: Inspection, today: dt.date) -> Panel:
    counts = finding_counts(inspection=inspection, today=today)
    panel = Panel(
        "aspects",
        _("Completion by aspect"),
        "stack",
        [_("Aspect"), _("Signed off"), _("Not yet"), _("Overdue")],
        stacked=2,
    )
    for finding in inspection.findings.filter(kind=FindingKind.ASPECT).order_by("sort_key"):
        c = counts.get(finding.pk)
        if c and c.total:
            label = f"{finding.label}{finding.title}"[:24]
            panel.rows.append([label, c.done, c.total - c.done, c.overdue])
    return panel


def by_department(inspection: Inspection, today: dt.date) -> Panel:
    panel = Panel(
        "departments",
        _("Completion by lead department"),
        "stack",
        [_("Lead department"), _("Signed off"), _("Not yet"), _("Overdue")],
        stacked=2,
    )
    for row in measures_by_department(inspection=inspection, today=today):
        panel.rows.append([row["department"] or "—", row["done"], row["open"], row["overdue"]])
    return panel


LIGHT_COLOURS = {
    "red": "#c53030",
    "yellow": "#d69e2e",
    "green": "#2f855a",
    "grey": "#a0aec0",
    "blue": "#3182ce",
}


def lights(measures: QuerySet[Measure], today: dt.date) -> Panel:
    return lights_panel(light_totals(measures, today=today))


def lights_panel(totals: dict[str, int]) -> Panel:
    """Measures per warning light (`measures.lights.light_totals`, or the rounds' kept ones)."""
    panel = Panel("lights", _("Warning lights"), "pie", [_("Light"), _("Measures")])
    panel.rows = [[Light(key).label, n] for key, n in totals.items()]
    panel.colors = tuple(LIGHT_COLOURS.get(key, "#888") for key in totals)
    return panel


def burn_up(measures: QuerySet[Measure], inspection: Inspection, today: dt.date) -> Panel:
    """Signed off so far, month by month since the feedback (net of reopenings)."""
    start = inspection.feedback_date or today
    events = MeasureEvent.objects.filter(
        measure__in=measures.values("pk"), transition__in=["approve_signoff", "reopen"]
    ).values_list("at", "transition")
    delta: Counter = Counter()
    for at, name in events:
        delta[(at.year, at.month)] += 1 if name == "approve_signoff" else -1
    total = measures.count()
    panel = Panel(
        "burnup",
        _("Burn-up: signed off over time"),
        "line",
        [_("Month"), _("Signed off"), _("All measures")],
    )
    done, year, month = 0, start.year, start.month
    done += sum(n for (y, m), n in delta.items() if (y, m) < (year, month))
    while (year, month) <= (today.year, today.month):
        done += delta[(year, month)]
        panel.rows.append([f"{year}-{month:02d}", done, total])
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return panel


QUEUE_BUCKETS = ((3, "≤3"), (7, "4–7"), (14, "8–14"), (10**6, ">14"))


def signoff_queue(measures: QuerySet[Measure], today: dt.date) -> Panel:
    panel = Panel(
        "queue", _("Sign-off queue by age (days)"), "bar", [_("Days waiting"), _("Requests")]
    )
    ages = [
        (today - created.date()).days
        for created in SignOff.objects.filter(
            measure__in=measures.values("pk"), decision=Decision.PENDING
        ).values_list("created_at", flat=True)
    ]
    for limit, label in QUEUE_BUCKETS:
        lower = {3: 0, 7: 4, 14: 8}.get(limit, 15)
        panel.rows.append([label, sum(1 for a in ages if lower <= a <= limit)])
    return panel


def indicators(measures: QuerySet[Measure]) -> Panel:
    panel = Panel(
        "indicators",
        _("Indicators against targets"),
        "bar",
        [_("Indicator"), _("Target"), _("Done")],
    )
    for row in (
        Indicator.objects.filter(measure__in=measures.values("pk"), target_value__isnull=False)
        .order_by("measure__sort_key", "position")
        .values("name", "unit", "target_value", "current_value")[:30]
    ):
        name = f"{row['name']}（{row['unit']}）" if row["unit"] else row["name"]
        panel.rows.append([name, float(row["target_value"]), float(row["current_value"] or 0)])
    return panel


def upcoming(measures: QuerySet[Measure], today: dt.date, weeks: int = 8) -> Panel:
    panel = Panel(
        "deadlines", _("Upcoming deadlines by week"), "bar", [_("Week from"), _("Measures due")]
    )
    end = today + dt.timedelta(weeks=weeks)
    due = Counter(
        (d - today).days // 7
        for d in measures.filter(
            deadline__gte=today,
            deadline__lt=end,
            status__in=[
                MeasureStatus.NOT_STARTED,
                MeasureStatus.IN_PROGRESS,
                MeasureStatus.RETURNED,
            ],
        ).values_list("deadline", flat=True)
    )
    for week in range(weeks):
        panel.rows.append([(today + dt.timedelta(weeks=week)).isoformat(), due[week]])
    return panel


def status_counts(measures: QuerySet[Measure]) -> dict[str, int]:
    return dict(measures.order_by().values_list("status").annotate(n=Count("pk")))
