"""The API's pages: a user's own tokens (the secret shown once), the offline docs, and the
v1 OpenAPI document."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework import authentication

from rectify.core.errors import DomainError

from . import selectors, services
from .authentication import BearerTokenAuthentication

EXPIRY = [(d, _lazy("%(n)s days") % {"n": d}) for d in services.EXPIRY_CHOICES]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_lazy("Name"),
        max_length=100,
        help_text=_lazy("The system that will use it, e.g. 12345 hotline or OA."),
    )
    days = forms.TypedChoiceField(label=_lazy("Valid for"), coerce=int, choices=EXPIRY, initial=90)


def _page(request, form, *, secret: str = "", status: int = 200):
    context = {
        "form": form,
        "tokens": selectors.api_token_list_for(user=request.user),
        "secret": secret,
        "now": timezone.now(),
        "section": "tokens",
    }
    return render(request, "api/tokens.html", context, status=status)


@login_required
def tokens(request):
    """The user's tokens; POST creates one and shows its secret this once (never stored)."""
    if request.method != "POST":
        return _page(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _token, secret = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
    except DomainError as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=400)
    response = _page(request, TokenCreateForm(), secret=secret, status=201)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = selectors.api_token_get_for(user=request.user, pk=pk)
    try:
        services.api_token_revoke(token=token, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Token revoked; it no longer opens the API."))
    return redirect("api:tokens")


@login_required
def docs(request):
    """The v1 reference (Redoc, shipped in the package; nothing fetched from elsewhere)."""
    response = render(request, "api/docs.html", {"section": "api_docs"})
    # Redoc styles itself with inline <style> and searches in a blob: worker.
    response["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
    return response


class OpenApiView(SpectacularJSONAPIView):
    """/api/openapi.json: the v1 document, as `rectify spectacular --format openapi-json`."""

    authentication_classes = [BearerTokenAuthentication, authentication.SessionAuthentication]
