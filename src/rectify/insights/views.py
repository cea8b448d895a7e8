"""The integrity checks of one inspection, listed per unit (lead department)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from rectify.core.errors import PermissionRefused
from rectify.inspections import policy as inspection_policy
from rectify.measures.selectors import inspection_get_for

from . import labels, services
from .forms import GatesForm
from .kept import round_formalism_flags, round_recurrences
from .models import DEFAULT_GATES, GATE_FIELDS, GateConfig
from .selectors import flags_by_unit, measures_in_reach

PER_UNIT = 10  # flags shown per unit on the page; all of one unit, a page at a time
PAGE = 100


@login_required
def inspection_checks(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    measures = measures_in_reach(user=request.user, inspection=inspection.pk)
    groups = flags_by_unit(
        round_formalism_flags(measures=measures, inspection=inspection), measures
    )
    chosen = request.GET.get("unit")
    if chosen is not None:
        groups = [g for g in groups if _unit_key(g) == chosen] or groups[:0]
    for group in groups:
        group["key"] = _unit_key(group)
        group["reasons"] = [
            {"code": code, "label": labels.reason(code), "n": n}
            for code, n in sorted(group["by_reason"].items())
        ]
        if chosen is None:
            shown = group["flags"][:PER_UNIT]
        else:
            group["page"] = Paginator(group["flags"], PAGE).get_page(request.GET.get("page"))
            shown = group["page"].object_list
        group["rows"] = [
            {"flag": f, "label": labels.reason(f.reason), "text": group["texts"].get(f.measure, "")}
            for f in shown
        ]
    context = {
        "inspection": inspection,
        "groups": groups,
        "one_unit": chosen is not None,
        "recurrences": round_recurrences(inspection=inspection, user=request.user),
        "today": timezone.localdate(),
    }
    return render(request, "insights/inspection_checks.html", context)


def _unit_key(group: dict) -> str:
    return str(group["unit"]) if group["unit"] is not None else "none"


@login_required
def gates(request, pk: int):
    """The inspection's sign-off gates: read by its readers, set by its office."""
    inspection = inspection_get_for(user=request.user, pk=pk)
    can_edit = inspection_policy.may(request.user, inspection_policy.Action.EDIT, inspection)
    config = GateConfig.objects.filter(inspection=inspection).first()
    initial = {f: getattr(config or DEFAULT_GATES, f) for f in GATE_FIELDS}
    form = GatesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.gates_set(
                    inspection=inspection, actor=request.user, values=form.cleaned_data
                )
            except PermissionRefused as exc:
                raise PermissionDenied(str(exc)) from exc
            messages.success(request, _("Sign-off gates saved."))
            return redirect("insights:gates", pk=inspection.pk)
    context = {"inspection": inspection, "form": form, "can_edit": can_edit}
    return render(request, "insights/gates.html", context, status=400 if form.errors else 200)
