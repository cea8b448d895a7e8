"""The integrity checks of one inspection, listed per unit (lead department)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from rectify.measures.selectors import inspection_get_for

from . import labels
from .selectors import flags_by_unit, formalism_flags, measures_in_reach


@login_required
def inspection_checks(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    measures = measures_in_reach(user=request.user, inspection=inspection.pk)
    groups = flags_by_unit(formalism_flags(measures=measures), measures)
    for group in groups:
        group["reasons"] = [
            {"code": code, "label": labels.reason(code), "n": n}
            for code, n in sorted(group["by_reason"].items())
        ]
        for flag in group["flags"]:
            flag_label = labels.reason(flag.reason)
            group.setdefault("rows", []).append({"flag": flag, "label": flag_label})
    context = {"inspection": inspection, "groups": groups, "today": timezone.localdate()}
    return render(request, "insights/inspection_checks.html", context)
