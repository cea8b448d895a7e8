"""The office's queue of the public's opinions, and triage: link, open a problem, forward,
close. The discipline office reads them too; names and contacts only here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rectify.core.errors import DomainError

from .. import selectors, services
from ..downloads import attachment_fault, attachment_response
from ..enums import OpinionStatus
from ..forms import TriageForm
from ..policy import Action, may, opinion_units


@login_required
def opinion_list(request):
    if not opinion_units(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status not in OpinionStatus.values:
        status = ""
    rows = selectors.opinion_list_for(user=request.user, status=status)[:200]
    context = {"rows": rows, "status": status, "statuses": OpinionStatus.choices}
    return render(request, "public/opinion_list.html", context)


@login_required
def opinion_detail(request, pk: int):
    opinion = selectors.opinion_get_for(user=request.user, pk=pk)
    context = {
        "opinion": opinion,
        "form": TriageForm(opinion=opinion),
        "can_triage": may(request.user, Action.TRIAGE, opinion)
        and opinion.status != OpinionStatus.CLOSED,
    }
    return render(request, "public/opinion_detail.html", context)


def _apply(opinion, user, data) -> str:
    action = data["action"]
    if action == "link":
        services.opinion_link(
            opinion=opinion, actor=user, finding=data.get("finding"), measure=data.get("measure")
        )
        return _("The opinion is linked to the ledger.")
    if action == "open_finding":
        services.opinion_finding_open(opinion=opinion, actor=user, title=data.get("title", ""))
        return _("A new problem was opened from the opinion.")
    if action == "forward":
        if data.get("to") is None:
            raise DomainError(_("Choose where to forward it."))
        services.opinion_forward(opinion=opinion, actor=user, to=data["to"], note=data["note"])
        return _("The opinion was forwarded.")
    services.opinion_close(opinion=opinion, actor=user, reason=data.get("note", ""))
    return _("The opinion is closed.")


@login_required
@require_POST
def opinion_triage(request, pk: int):
    opinion = selectors.opinion_get_for(user=request.user, pk=pk)
    if not may(request.user, Action.TRIAGE, opinion):
        raise PermissionDenied
    form = TriageForm(request.POST, opinion=opinion)
    if not form.is_valid():
        messages.error(request, _("Check the form: %(errors)s") % {"errors": form.errors.as_text()})
    else:
        try:
            messages.success(request, _apply(opinion, request.user, form.cleaned_data))
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("publishing:opinion", pk=opinion.pk)


@login_required
def opinion_attachment(request, pk: int):
    opinion = selectors.opinion_get_for(user=request.user, pk=pk)
    if attachment_fault(opinion):
        raise Http404
    return attachment_response(opinion=opinion, actor=request.user)
