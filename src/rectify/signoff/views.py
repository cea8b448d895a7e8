"""销号 actions on the measure page: request, approve, return, withdraw, reopen."""

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.measures.forms import NoteForm
from rectify.measures.selectors import measure_get_for
from rectify.measures.views.detail import run_action

from . import services
from .forms import ReopenForm, SignoffRequestForm, SignoffReviewForm


@login_required
@require_POST
def request_signoff(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    return run_action(
        request,
        measure,
        panel="signoff_request",
        form=SignoffRequestForm(request.POST),
        action=lambda f: services.signoff_request(
            measure=measure, actor=request.user, note=f.cleaned_data["note"]
        ),
        success=_("Sign-off requested; the reviewer has been asked to decide."),
    )


@login_required
@require_POST
def approve(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    return run_action(
        request,
        measure,
        panel="signoff_review",
        form=SignoffReviewForm(request.POST),
        action=lambda f: services.signoff_approve(
            measure=measure, actor=request.user, opinion=f.cleaned_data["opinion"]
        ),
        success=_("Signed off (已销号)."),
    )


@login_required
@require_POST
def return_(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    return run_action(
        request,
        measure,
        panel="signoff_review",
        form=SignoffReviewForm(request.POST),
        action=lambda f: services.signoff_return(
            measure=measure, actor=request.user, opinion=f.cleaned_data["opinion"]
        ),
        success=_("Sign-off returned with your opinion."),
    )


@login_required
@require_POST
def withdraw(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    return run_action(
        request,
        measure,
        panel="signoff_withdraw",
        form=NoteForm(request.POST),
        action=lambda f: services.signoff_withdraw(measure=measure, actor=request.user),
        success=_("Sign-off request withdrawn."),
    )


@login_required
@require_POST
def reopen(request, pk: int):
    measure = measure_get_for(user=request.user, pk=pk)
    return run_action(
        request,
        measure,
        panel="reopen",
        form=ReopenForm(request.POST),
        action=lambda f: services.measure_reopen(
            measure=measure, actor=request.user, reason=f.cleaned_data["reason"]
        ),
        success=_("Measure reopened after the re-check."),
    )


def panel_forms(measure) -> dict:
    """Empty forms of the sign-off panels on the measure page."""
    return {
        "signoff_request": SignoffRequestForm(),
        "signoff_review": SignoffReviewForm(),
        "reopen": ReopenForm(),
    }
