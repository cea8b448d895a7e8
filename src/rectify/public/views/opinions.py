"""The public sends an opinion (no account) and follows it with its reference number."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from rectify.core.errors import DomainError

from .. import selectors
from ..challenge import pow_issue, pow_verify, question, question_verify, rate_allow
from ..forms import OpinionForm, StatusForm
from ..services import opinion_submit


@never_cache
@require_safe
def challenge(request):
    """A fresh proof-of-work challenge for the page's script."""
    return JsonResponse(pow_issue())


def _target(request, pk: int):
    """The unit the opinion is about, and the published notice when sent from one."""
    unit = selectors.public_unit_get(pk)
    source = request.POST if request.method == "POST" else request.GET
    if (source.get("notice") or "").isdigit():
        publication = selectors.public_publication_get(int(source["notice"]))
        if publication.unit_id != unit.pk or publication.status != "published":
            raise Http404
        return unit, publication
    return unit, None


def _human(request, data) -> tuple[bool, bool]:
    """(passed, scripted): the proof of work, or else the question."""
    if data.get("pow_challenge") and pow_verify(data["pow_challenge"], data.get("pow_nonce", "")):
        return True, True
    return question_verify(data.get("question_token", ""), data.get("answer", "")), False


# Anonymous senders have no session for a CSRF token to protect, and the form lives on cached
# pages; the proof of work (or the question) and the rate limit stand in for the token.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def opinion_new(request, pk: int):
    unit, publication = _target(request, pk)
    q = question()
    form = OpinionForm(
        request.POST or None, request.FILES or None, initial={"question_token": q.token}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        passed, scripted = _human(request, data)
        if not passed:
            form.add_error("answer", _("Answer the question (or let the page's script run)."))
        elif not rate_allow(request.META.get("REMOTE_ADDR", ""), scripted=scripted):
            form.add_error(None, _("Too many opinions from your address: try again in an hour."))
        else:
            try:
                opinion = opinion_submit(
                    unit=unit,
                    publication=publication,
                    category=data["category"],
                    text=data["text"],
                    name=data["name"],
                    contact=data["contact"],
                    about=data["about"],
                    attachment=data.get("attachment"),
                    today=timezone.localdate(),
                )
            except DomainError as exc:
                form.add_error("attachment" if data.get("attachment") else None, str(exc))
            else:
                return render(
                    request, "public/opinion_sent.html", {"opinion": opinion, "unit": unit}
                )
    context = {
        "form": form,
        "question": q.text,
        "form_unit": unit,
        "form_publication": publication,
        "unit": unit,
    }
    status = 400 if form.is_bound else 200
    return render(request, "public/opinion_new.html", context, status=status)


@never_cache
@require_safe
def opinion_status(request):
    """What became of an opinion: reference number and query code, nothing personal."""
    form = StatusForm(request.GET or None)
    opinion = None
    if form.is_bound and form.is_valid():
        opinion = selectors.opinion_by_reference(
            form.cleaned_data["reference"], form.cleaned_data["code"]
        )
        if opinion is None:
            form.add_error(None, _("No opinion has this reference number and query code."))
    return render(request, "public/opinion_status.html", {"form": form, "opinion": opinion})
