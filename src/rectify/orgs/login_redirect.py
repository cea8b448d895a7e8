"""Sending someone whose session has ended back to the log-in page, and then back to work.

A form posted after the session expired must not be answered with the log-in page swapped
into the old page (htmx), nor with a `next` that only accepts POST (a blank 405 after logging
in). The user goes to the log-in page with a message saying what happened, and comes back to
the page the form was on, marked `restore=draft` so that `drafts.js` fills the form in again
with what was typed (kept in the browser's session storage, never sent anywhere).
"""

from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

RESTORE_PARAM = "restore"
RESTORE_VALUE = "draft"


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page_of(request) -> str:
    """The page the user was looking at: the request's own path for a plain GET, else the page
    the form or htmx request came from (same site only), else home."""
    if request.method == "GET" and not _is_htmx(request):
        return request.get_full_path()
    for candidate in (request.headers.get("HX-Current-URL"), request.headers.get("Referer")):
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            parts = urlsplit(candidate)
            return urlunsplit(("", "", parts.path or "/", parts.query, ""))
    return resolve_url("home")


def _with_restore(url: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, f"{RESTORE_PARAM}={RESTORE_VALUE}") if q)
    return urlunsplit(("", "", parts.path, query, ""))


def login_redirect(request, message: str | None = None) -> HttpResponse:
    """The response that sends this (now anonymous) request to log in.

    A POST or an htmx request returns afterwards to the page it came from; a POST also gets its
    typed input back. htmx requests are told to load the log-in page as a whole page
    (`HX-Redirect`), so no stale page is left around it.
    """
    posted = request.method == "POST"
    target = _page_of(request)
    if posted:
        target = _with_restore(target)
        kept = _(
            "Nothing was saved. Log in again to continue: what you typed will be filled in again."
        )
        message = _("%(why)s %(kept)s") % {
            "why": message or _("Your session has expired."),
            "kept": kept,
        }
    if message:
        messages.warning(request, message)
    url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}"
    if _is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class LoginRedirectMiddleware:
    """Rewrites the log-in redirect of `login_required` (and of the session policy) for forms
    and htmx requests as `login_redirect` does; plain page visits keep Django's redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "rectify_login_redirect", False):
            return response
        if request.method == "GET" and not _is_htmx(request):
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return response
        if response.status_code in (301, 302) and self._to_login(response):
            return login_redirect(request)
        return response

    @staticmethod
    def _to_login(response) -> bool:
        location = urlsplit(response.get("Location", ""))
        return location.path == resolve_url(settings.LOGIN_URL)
