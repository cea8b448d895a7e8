"""Creating a round and arranging its findings and measures by hand (the office's pages).

Each view: scope the object through a selector, ask the policy, validate, call one service,
redirect back to the round's tree with a message; a domain error is shown on the form.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused
from rectify.inspections import policy as inspection_policy
from rectify.inspections import services as inspection_services
from rectify.inspections.models import Finding, Inspection
from rectify.measures import policy as measure_policy
from rectify.measures import services as measure_services
from rectify.measures.selectors import finding_get_for, inspection_get_for, measure_get_for

from ..tree_forms import (
    FindingForm,
    InspectionCreateForm,
    MeasureCreateForm,
    MoveForm,
    ReasonForm,
    WithdrawForm,
)


def tree_url(inspection: Inspection, finding: Finding | None = None) -> str:
    url = reverse("inspections:detail", args=[inspection.pk])
    return f"{url}#finding-{finding.pk}" if finding is not None else url


def _require_tree(user, inspection: Inspection) -> None:
    if not inspection_policy.may(user, inspection_policy.Action.EDIT_TREE, inspection):
        raise PermissionDenied


def _call(request, form, call) -> bool:
    """Run a service for a valid form; a domain error goes on the form."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except PermissionRefused as exc:
        raise PermissionDenied(str(exc)) from exc
    except DomainError as exc:
        form.add_error(None, str(exc))
        return False
    return True


@login_required
def inspection_create(request):
    units = inspection_policy.office_units(request.user)
    if not units:
        raise PermissionDenied
    form = InspectionCreateForm(request.POST or None, units=units)
    created = []
    if request.method == "POST" and _call(
        request,
        form,
        lambda data: created.append(
            inspection_services.inspection_create(actor=request.user, **data)
        ),
    ):
        messages.success(request, _("Inspection created. Import its feedback or add problems."))
        return redirect(tree_url(created[0]))
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/inspection_create.html", {"form": form}, status=status)


def _finding_page(request, form, inspection, finding=None, status=200):
    context = {"form": form, "inspection": inspection, "finding": finding}
    return render(request, "reports/finding_form.html", context, status=status)


@login_required
def finding_add(request, pk: int):
    inspection = inspection_get_for(user=request.user, pk=pk)
    _require_tree(request.user, inspection)
    parent_id = request.GET.get("parent", "")
    initial = {"parent": int(parent_id)} if parent_id.isdigit() else {}
    if initial:
        initial["kind"] = (
            "item"
            if inspection.findings.filter(pk=initial["parent"], kind="problem").exists()
            else "problem"
        )
    form = FindingForm(request.POST or None, inspection=inspection, initial=initial)
    made = []
    if request.method == "POST" and _call(
        request,
        form,
        lambda data: made.append(
            inspection_services.finding_create(inspection=inspection, actor=request.user, **data)
        ),
    ):
        messages.success(request, _("Finding added."))
        return redirect(tree_url(inspection, made[0]))
    return _finding_page(request, form, inspection, status=400 if request.method == "POST" else 200)


@login_required
def finding_edit(request, pk: int):
    finding = finding_get_for(user=request.user, pk=pk)
    inspection = finding.inspection
    _require_tree(request.user, inspection)
    initial = {f: getattr(finding, f) for f in ("kind", "label", "title", "text")}
    initial["parent"] = finding.parent_id
    form = FindingForm(
        request.POST or None, inspection=inspection, finding=finding, initial=initial
    )

    def save(data):
        changes = {k: v for k, v in data.items() if k != "parent"}
        if data["parent"] != finding.parent:  # moved: last under its new parent
            changes["parent"] = data["parent"]
            changes["position"] = inspection.findings.filter(parent=data["parent"]).count() + 1
        inspection_services.finding_update(finding=finding, actor=request.user, **changes)

    if request.method == "POST" and _call(request, form, save):
        messages.success(request, _("Finding saved."))
        return redirect(tree_url(inspection, finding))
    status = 400 if request.method == "POST" else 200
    return _finding_page(request, form, inspection, finding, status=status)


@login_required
@require_POST
def finding_move(request, pk: int):
    finding = finding_get_for(user=request.user, pk=pk)
    _require_tree(request.user, finding.inspection)
    form = MoveForm(request.POST)
    if not _call(
        request,
        form,
        lambda data: measure_services.finding_move(
            finding=finding, actor=request.user, direction=data["direction"]
        ),
    ):
        messages.error(request, _("The finding could not be moved."))
    return redirect(tree_url(finding.inspection, finding))


@login_required
@require_POST
def finding_delete(request, pk: int):
    finding = finding_get_for(user=request.user, pk=pk)
    _require_tree(request.user, finding.inspection)
    form = ReasonForm(request.POST)
    if _call(
        request,
        form,
        lambda data: measure_services.finding_discard(
            finding=finding, actor=request.user, note=data["note"]
        ),
    ):
        messages.success(request, _("Finding deleted."))
        return redirect(tree_url(finding.inspection))
    messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect(tree_url(finding.inspection, finding))


def _errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@login_required
@require_POST
def finding_withdraw(request, pk: int):
    """Withdraw a finding that has records, with a reason (its open measures with it)."""
    finding = finding_get_for(user=request.user, pk=pk)
    _require_tree(request.user, finding.inspection)
    form = WithdrawForm(request.POST)
    if _call(
        request,
        form,
        lambda data: measure_services.finding_withdraw(
            finding=finding, actor=request.user, reason=data["reason"]
        ),
    ):
        messages.success(request, _("Finding withdrawn; its records stay."))
    else:
        messages.error(request, _errors(form))
    return redirect(tree_url(finding.inspection, finding))


@login_required
def measure_add(request, pk: int):
    finding = finding_get_for(user=request.user, pk=pk)
    inspection = finding.inspection
    _require_tree(request.user, inspection)
    form = MeasureCreateForm(request.POST or None, inspection=inspection)
    made = []
    if request.method == "POST" and _call(
        request,
        form,
        lambda data: made.append(
            measure_services.measure_create(finding=finding, actor=request.user, **data)
        ),
    ):
        messages.success(request, _("Measure added."))
        return redirect(tree_url(inspection, finding))
    context = {"form": form, "inspection": inspection, "finding": finding}
    status = 400 if request.method == "POST" else 200
    return render(request, "reports/measure_add.html", context, status=status)


def _require_plan(user, measure) -> None:
    if not measure_policy.may(user, measure_policy.Action.EDIT_PLAN, measure):
        raise PermissionDenied


@login_required
@require_POST
def measure_move(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    _require_plan(request.user, measure)
    form = MoveForm(request.POST)
    if not _call(
        request,
        form,
        lambda data: measure_services.measure_move(
            measure=measure, actor=request.user, direction=data["direction"]
        ),
    ):
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect(tree_url(measure.finding.inspection, measure.finding))


@login_required
@require_POST
def measure_delete(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    _require_plan(request.user, measure)
    form = ReasonForm(request.POST)
    if _call(
        request,
        form,
        lambda data: measure_services.measure_discard(
            measure=measure, actor=request.user, note=data["note"]
        ),
    ):
        messages.success(request, _("Measure deleted."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect(tree_url(measure.finding.inspection, measure.finding))


@login_required
@require_POST
def measure_withdraw(request, pk: int):
    """Withdraw a measure that has records from the plan, with a reason."""
    measure = measure_get_for(user=request.user, pk=pk)
    if not measure_policy.may(request.user, measure_policy.Action.WITHDRAW, measure):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if _call(
        request,
        form,
        lambda data: measure_services.measure_withdraw(
            measure=measure, actor=request.user, reason=data["reason"]
        ),
    ):
        messages.success(request, _("Measure withdrawn from the plan; its records stay."))
    else:
        messages.error(request, _errors(form))
    return redirect(tree_url(measure.finding.inspection, measure.finding))
