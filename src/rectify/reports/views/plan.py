"""整改方案: the plan page of a round — status, submit / approve / return, its versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused
from rectify.inspections import policy as inspection_policy
from rectify.measures import services
from rectify.measures.policy import (
    PLAN_RULES,
    PlanAction,
    plan_allowed_actions,
    plan_documents_allowed,
)
from rectify.measures.selectors import inspection_get_for, plan_for, plan_revisions_for

from ..tree_forms import ReasonForm


@login_required
def plan_page(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    plan = plan_for(inspection=inspection)
    allowed = plan_allowed_actions(request.user, inspection, plan.status)
    context = {
        "inspection": inspection,
        "plan": plan,
        "can": {action.value: action in allowed for action in PlanAction},
        "revisions": [r for r in plan_revisions_for(inspection=inspection) if r.number > 1],
        "measure_count": inspection.measures.count(),
        "can_documents": plan_documents_allowed(request.user, inspection),
        "can_edit": inspection_policy.may(
            request.user, inspection_policy.Action.EDIT_TREE, inspection
        ),
    }
    return render(request, "reports/plan.html", context)


def _plan_action(action: PlanAction, call, success):
    @login_required
    @require_POST
    def view(request, pk: int):
        inspection = inspection_get_for(user=request.user, pk=pk)
        if not PLAN_RULES[action].who(request.user, inspection.inspected_unit):
            raise PermissionDenied
        form = ReasonForm(request.POST)
        form.is_valid()
        try:
            call(inspection, request.user, form.cleaned_data.get("note", ""))
        except PermissionRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, success())
        return redirect("inspections:plan", pk=inspection.pk)

    return view


plan_submit = _plan_action(
    PlanAction.SUBMIT,
    lambda i, user, note: services.plan_submit(inspection=i, actor=user, note=note),
    lambda: _("The plan is submitted to the leader for approval."),
)
plan_approve = _plan_action(
    PlanAction.APPROVE,
    lambda i, user, note: services.plan_approve(inspection=i, actor=user, note=note),
    lambda: _("The plan is approved: this is version 1."),
)
plan_return = _plan_action(
    PlanAction.RETURN,
    lambda i, user, note: services.plan_return(inspection=i, actor=user, reason=note),
    lambda: _("The plan is returned to the office."),
)
