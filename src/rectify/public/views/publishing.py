"""The office and the leader publish a round's notice: draft, checks, approval, publishing,
correction and withdrawal; each step one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError
from rectify.measures.selectors import inspection_list_for

from .. import selectors, services
from ..forms import DraftForm, WithdrawForm
from ..models import Publication
from ..policy import Action, allowed_actions, may, opinion_units, publishing_units

STEPS = {
    "check": Action.CHECK,
    "approve": Action.APPROVE,
    "publish": Action.PUBLISH,
    "withdraw": Action.WITHDRAW,
}


@login_required
def index(request):
    """The rounds the user may publish or read the publishing of, with their latest version."""
    if not publishing_units(request.user):
        raise PermissionDenied
    rounds = [
        i
        for i in inspection_list_for(user=request.user).order_by("-pk")[:200]
        if may(request.user, Action.VIEW_PUBLISHING, i.inspected_unit)
    ]
    latest: dict[int, Publication] = {}
    for row in Publication.objects.filter(inspection__in=rounds).order_by("version"):
        latest[row.inspection_id] = row
    rows = [(i, latest.get(i.pk)) for i in rounds]
    context = {"rows": rows, "can_read_opinions": bool(opinion_units(request.user))}
    return render(request, "public/publishing_index.html", context)


@login_required
def inspection(request, pk: int):
    inspection = selectors.inspection_for_publishing(user=request.user, pk=pk)
    versions = selectors.publications_of(inspection=inspection)
    for version in versions:
        version.actions = allowed_actions(request.user, version)
    context = {
        "inspection": inspection,
        "versions": versions,
        "can_draft": may(request.user, Action.DRAFT, inspection.inspected_unit),
        "draft_form": DraftForm(),
        "withdraw_form": WithdrawForm(),
        "counts": selectors.opinion_counts(inspection=inspection),
    }
    return render(request, "public/publishing.html", context)


@login_required
def preview(request, pk: int):
    publication = get_object_or_404(Publication, pk=pk)
    selectors.inspection_for_publishing(user=request.user, pk=publication.inspection_id)
    return render(request, "public/preview.html", {"publication": publication})


def _done(request, publication_or_inspection_id: int):
    return redirect("publishing:inspection", pk=publication_or_inspection_id)


@login_required
@require_POST
def draft(request, pk: int):
    inspection = selectors.inspection_for_publishing(user=request.user, pk=pk)
    if not may(request.user, Action.DRAFT, inspection.inspected_unit):
        raise PermissionDenied
    form = DraftForm(request.POST)
    form.is_valid()
    try:
        services.publication_draft(
            inspection=inspection,
            actor=request.user,
            change_note=form.cleaned_data.get("change_note", ""),
            today=timezone.localdate(),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A draft was made from the ledger. Run the checks next."))
    return _done(request, inspection.pk)


def _publication(request, pk: int) -> Publication:
    publication = get_object_or_404(Publication.objects.select_related("unit", "inspection"), pk=pk)
    selectors.inspection_for_publishing(user=request.user, pk=publication.inspection_id)
    return publication


@login_required
@require_POST
def step(request, pk: int, name: str):
    """check | approve | publish | withdraw one version."""
    publication = _publication(request, pk)
    if not may(request.user, STEPS[name], publication):
        raise PermissionDenied
    try:
        if name == "check":
            errors = services.publication_check(
                publication=publication, actor=request.user, today=timezone.localdate()
            )
            if errors:
                messages.error(
                    request,
                    _("The checks found %(n)d error(s): fix them in the ledger and draft again.")
                    % {"n": len(errors)},
                )
            else:
                messages.success(
                    request, _("The checks passed. The unit leader can approve it now.")
                )
        elif name == "approve":
            services.publication_approve(publication=publication, actor=request.user)
            messages.success(request, _("Approved. It can be published now."))
        elif name == "publish":
            services.publication_publish(publication=publication, actor=request.user)
            messages.success(request, _("Published on the public site."))
        else:
            form = WithdrawForm(request.POST)
            reason = form.data.get("reason", "")
            services.publication_withdraw(
                publication=publication, actor=request.user, reason=reason
            )
            messages.success(request, _("Withdrawn. Its page now says so."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return _done(request, publication.inspection_id)
