"""A round's inspecting unit (巡察办): the unit whose reviewers sign off its measures. Set
when the round is created or here, by the office of the inspected unit; every change is
audited and listed on this page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rectify.audit.codes import AuditCode
from rectify.audit.selectors import history_for
from rectify.inspections import policy as inspection_policy
from rectify.inspections import services as inspection_services
from rectify.measures.selectors import inspection_get_for

from ..tree_forms import InspectingUnitForm
from .tree import _call, tree_url


@login_required
def inspecting_unit(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    action = inspection_policy.Action.SET_INSPECTING_UNIT
    if not inspection_policy.may(request.user, action, inspection):
        raise PermissionDenied
    form = InspectingUnitForm(request.POST or None, inspection=inspection)

    def save(data):
        inspection_services.inspection_inspecting_unit_set(
            inspection=inspection,
            actor=request.user,
            unit=data["inspecting_unit"],
            reason=data["reason"],
            expected_version=data["version"],
        )

    if request.method == "POST" and _call(request, form, save):
        messages.success(request, _("The inspecting unit is saved."))
        return redirect(tree_url(inspection))
    changes = [
        entry
        for entry in history_for(obj=inspection)
        if entry.code == AuditCode.INSPECTION_INSPECTING_UNIT_SET
    ]
    context = {"inspection": inspection, "form": form, "changes": changes}
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/inspecting_unit.html", context, status=status)
