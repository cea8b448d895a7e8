"""Actions on a measure: progress with evidence, deadlines, plan edits, import suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from rectify.core.errors import ConflictError, DomainError, PermissionRefused

from .. import selectors, services
from ..forms import (
    DeadlineSetForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    MeasurePlanForm,
    NoteForm,
    ProgressReportForm,
    SuggestionForm,
)
from ..policy import RULES, Action, allowed_actions, may
from .detail import measure_action, measure_url, post_or_back, run_action


@login_required
@post_or_back
def report_submit(request, pk: int):
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    form = ProgressReportForm(request.POST, request.FILES, measure=measure)
    return run_action(
        request,
        measure,
        panel="report",
        form=form,
        action=lambda f: services.progress_report_submit(
            measure=measure,
            actor=request.user,
            text=f.cleaned_data["text"],
            report_date=f.cleaned_data["report_date"],
            files=f.cleaned_data["files"],
            indicator_values=f.indicator_values(),
        ),
        success=_("Progress report saved."),
    )


extension_request = measure_action(
    panel="extension_request",
    form_class=ExtensionRequestForm,
    call=lambda m, user, data: services.deadline_extension_request(measure=m, actor=user, **data),
    success=_lazy("Extension requested; the leader will decide."),
)


@login_required
@post_or_back
def extension_decide(request, pk: int, extension_pk: int):
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    extension = get_object_or_404(measure.extensions.all(), pk=extension_pk)
    form = ExtensionDecideForm(request.POST)
    approve = form.is_valid() and form.cleaned_data["approve"]
    return run_action(
        request,
        measure,
        panel="extension_decide",
        form=form,
        action=lambda f: services.deadline_extension_decide(
            extension=extension,
            actor=request.user,
            approve=f.cleaned_data["approve"],
            note=f.cleaned_data["note"],
        ),
        success=_("Extension approved; the deadline is changed.")
        if approve
        else _("Extension refused."),
    )


deadline_set = measure_action(
    panel="deadline",
    form_class=DeadlineSetForm,
    call=lambda m, user, data: services.deadline_set(
        measure=m,
        actor=user,
        new_deadline=data["new_deadline"],
        reason=data["reason"],
        expected_version=data["version"],
    ),
    success=_lazy("Deadline changed; the change is kept in the history."),
)
mark_long_term = measure_action(
    panel="long_term",
    form_class=NoteForm,
    call=lambda m, user, data: services.measure_mark_long_term(
        measure=m, actor=user, note=data["note"]
    ),
    success=_lazy("Marked as long-term (长期坚持)."),
)


@login_required
@post_or_back
def suggestion_decide(request, pk: int):
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    form = SuggestionForm(request.POST)
    accept = form.is_valid() and form.cleaned_data["accept"]
    return run_action(
        request,
        measure,
        panel="suggestion",
        form=form,
        action=lambda f: services.measure_confirm_suggestion(
            measure=measure, actor=request.user, accept=f.cleaned_data["accept"]
        ),
        success=_("Suggested status confirmed.") if accept else _("Suggestion dismissed."),
    )


@login_required
def measure_edit(request, pk: int):
    """整改方案编辑 (office): optimistic locking — a stale form is refused, its input kept."""
    measure = selectors.measure_get_for(user=request.user, pk=pk)
    if not may(request.user, Action.EDIT_PLAN, measure):
        raise PermissionDenied
    if Action.EDIT_PLAN not in allowed_actions(request.user, measure):  # signed off: reopen first
        messages.error(request, str(RULES[Action.EDIT_PLAN].refusals[measure.status]))
        return redirect(measure_url(measure))
    status = 200
    if request.method == "POST":
        form = MeasurePlanForm(request.POST, measure=measure)
        if form.is_valid():
            try:
                services.measure_update(
                    measure=measure,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    co_departments=list(form.cleaned_data["co_departments"]),
                    co_outside_units=list(form.cleaned_data["co_outside_units"]),
                    reason=form.cleaned_data["reason"],
                    **form.changes(),
                )
            except PermissionRefused as exc:
                raise PermissionDenied(str(exc)) from exc
            except DomainError as exc:
                form.add_error(None, str(exc))
                status = 409 if isinstance(exc, ConflictError) else 400
            else:
                messages.success(request, _("Measure saved."))
                return redirect(measure_url(measure))
        else:
            status = 400
    else:
        form = MeasurePlanForm(initial=MeasurePlanForm.initial_for(measure), measure=measure)
    return render(
        request,
        "measures/measure_edit.html",
        {"measure": measure, "form": form, "inspection": measure.finding.inspection},
        status=status,
    )
