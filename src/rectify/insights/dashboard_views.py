"""Dashboards: one inspection, the unit's leader, the district; a printable summary.
Each panel downloads as .csv or .xlsx (`?panel=KEY&format=csv|xlsx`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from rectify.measures.selectors import inspection_get_for
from rectify.reports.selectors import inspection_stats

from . import dashboards
from .downloads import panel_download
from .kept import round_formalism_flags, round_recurrences
from .selectors import flags_by_unit, measures_in_reach


def _respond(request, panels, *, title: str, stem: str, extra: dict | None = None):
    key, fmt = request.GET.get("panel"), request.GET.get("format")
    if key or fmt:
        panel = next((p for p in panels if p.key == key), None)
        if panel is None or fmt not in ("csv", "xlsx"):
            raise Http404(_("No such panel or format."))
        return panel_download(panel, fmt, stem)
    context = {"panels": panels, "title": title, **(extra or {})}
    return render(request, "insights/dashboard.html", context)


@login_required
def inspection_dashboard(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    panels = dashboards.inspection_dashboard(user=request.user, inspection=inspection, today=today)
    return _respond(
        request,
        panels,
        title=inspection.title,
        stem=f"inspection-{inspection.pk}",
        extra={
            "inspection": inspection,
            "stats": inspection_stats(inspection=inspection, today=today),
        },
    )


@login_required
def leader_dashboard(request):
    panels, as_of = dashboards.leader_dashboard(user=request.user, today=timezone.localdate())
    return _respond(
        request, panels, title=_("Leader's dashboard"), stem="leader", extra=_age(as_of)
    )


@login_required
def district_dashboard(request):
    panels, as_of = dashboards.district_dashboard(user=request.user, today=timezone.localdate())
    return _respond(
        request, panels, title=_("District dashboard"), stem="district", extra=_age(as_of)
    )


def _age(as_of) -> dict:
    """How old the kept figures are (the job `insights.figures` computes them again)."""
    if as_of is None:
        return {"figures_live": True}
    minutes = max(0, int((timezone.now() - as_of).total_seconds() // 60))
    return {"figures_as_of": as_of, "figures_minutes": minutes}


@login_required
def meeting_summary(request, pk: int):
    """One printable page for a meeting: figures, the worst departments, flags, recurrence."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    today = timezone.localdate()
    measures = measures_in_reach(user=request.user, inspection=inspection.pk)
    flags = round_formalism_flags(measures=measures, inspection=inspection)
    panels = dashboards.inspection_dashboard(user=request.user, inspection=inspection, today=today)
    context = {
        "inspection": inspection,
        "today": today,
        "stats": inspection_stats(inspection=inspection, today=today),
        "panels": {p.key: p for p in panels},
        "flag_groups": flags_by_unit(flags, measures)[:6],
        "recurrence_count": len(round_recurrences(inspection=inspection, user=request.user)),
    }
    return render(request, "insights/summary.html", context)
