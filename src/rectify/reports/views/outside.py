"""外单位: the register of outside units, kept by the rectification offices — list (with what
names each), add, edit, merge duplicates. Inspections and the plan grid pick from it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError, PermissionRefused
from rectify.measures import services as measure_services
from rectify.orgs import services
from rectify.orgs.selectors import may_keep_register, outside_unit_get_for, outside_unit_list_for

from ..outside_forms import OutsideUnitForm, OutsideUnitMergeForm


def _require(user) -> None:
    if not may_keep_register(user):
        raise PermissionDenied


def _call(form, call) -> bool:
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
def outside_units(request):
    """The register, each unit with how many rounds and measures name it; add and merge."""
    _require(request.user)
    units = outside_unit_list_for(user=request.user)
    rows = units.annotate(
        rounds=Count("inspections_made", distinct=True) + Count("inspections", distinct=True),
        measures=Count("co_measures", distinct=True),
    )
    context = {
        "units": rows,
        "form": OutsideUnitForm(),
        "merge_form": OutsideUnitMergeForm(units=units),
    }
    return render(request, "reports/outside_units.html", context)


@login_required
def outside_unit_add(request):
    _require(request.user)
    form = OutsideUnitForm(request.POST or None)
    if request.method == "POST" and _call(
        form, lambda data: services.outside_unit_create(actor=request.user, **data)
    ):
        messages.success(request, _("Added to the register of outside units."))
        return redirect("inspections:outside_units")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": None}
    return render(request, "reports/outside_unit_form.html", context, status=status)


@login_required
def outside_unit_edit(request, pk: int):
    _require(request.user)
    unit = outside_unit_get_for(user=request.user, pk=pk)
    initial = {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind}
    form = OutsideUnitForm(request.POST or None, initial=initial)
    if request.method == "POST" and _call(
        form, lambda data: services.outside_unit_update(unit=unit, actor=request.user, **data)
    ):
        messages.success(request, _("Outside unit saved."))
        return redirect("inspections:outside_units")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "unit": unit}
    return render(request, "reports/outside_unit_form.html", context, status=status)


@login_required
@require_POST
def outside_unit_merge(request):
    _require(request.user)
    form = OutsideUnitMergeForm(request.POST, units=outside_unit_list_for(user=request.user))
    moved: list[dict] = []
    if _call(
        form,
        lambda data: moved.append(
            measure_services.outside_unit_merge(
                actor=request.user, kept=data["kept"], duplicate=data["duplicate"]
            )
        ),
    ):
        messages.success(
            request,
            _("Merged: %(rounds)d rounds and %(measures)d measures now name “%(name)s”.")
            % {
                "rounds": moved[0]["inspections"],
                "measures": moved[0]["measures"],
                "name": form.cleaned_data["kept"].name,
            },
        )
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("inspections:outside_units")
