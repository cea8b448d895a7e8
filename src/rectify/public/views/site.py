"""The public site (no log-in): units, the notices they published, each notice's page.

Pages are rendered without the request's context (no session, no CSRF token, no user), so one
response serves everyone: ETag and Last-Modified from the publications they show, and
Cache-Control public for RECTIFY_PUBLIC_MAX_AGE seconds; the page itself is kept in Django's
cache under its ETag, so it is rendered once per change whoever asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from rectify.measures.enums import MeasureStatus

from .. import selectors
from ..challenge import question
from ..enums import PublicationStatus
from ..forms import OpinionForm
from ..models import Publication

STATUS_ORDER = [
    MeasureStatus.SIGNED_OFF,
    MeasureStatus.SIGNOFF_REQUESTED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.RETURNED,
    MeasureStatus.LONG_TERM,
    MeasureStatus.NOT_STARTED,
]


def public_response(
    request, *, parts: list, last_modified: dt.datetime | None, render
) -> HttpResponse:
    """304 when the client's copy is current; otherwise the page, with its validators."""
    etag = '"' + hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32] + '"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=stamp)
    if response is None:
        # The page is a function of its validators: render it once per ETag for everyone.
        key = f"public:page:{etag.strip(chr(34))}"
        body = cache.get(key)
        if body is None:
            body = render()
            cache.set(key, body, timeout=3600)
        response = HttpResponse(body)
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    patch_cache_control(response, public=True, max_age=settings.RECTIFY_PUBLIC_MAX_AGE)
    return response


def _form_context(*, unit, publication=None) -> dict:
    q = question()
    form = OpinionForm(initial={"question_token": q.token})
    return {"form": form, "question": q.text, "form_unit": unit, "form_publication": publication}


@require_safe
def index(request):
    last = Publication.objects.filter(status=PublicationStatus.PUBLISHED).aggregate(
        m=Max("updated_at")
    )["m"]

    def render():
        return render_to_string("public/index.html", {"units": selectors.public_units()})

    return public_response(request, parts=["index", last], last_modified=last, render=render)


@require_safe
def unit(request, pk: int):
    unit = selectors.public_unit_get(pk)
    rounds = selectors.unit_rounds(unit)
    last = max((p.updated_at for p in rounds), default=None)
    q = question()

    def render():
        context = {"unit": unit, "rounds": rounds, **_form_context(unit=unit)}
        return render_to_string("public/unit.html", context)

    parts = ["unit", unit.pk, unit.name, *[(p.pk, p.updated_at) for p in rounds], q.token]
    return public_response(request, parts=parts, last_modified=last, render=render)


def progress_rows(progress: dict) -> list[tuple[str, int]]:
    """The public progress table: measures by status, as the ledger stood when approved."""
    names = dict(MeasureStatus.choices)
    counts = progress.get("by_status", {})
    return [(names[s], counts.get(s, 0)) for s in STATUS_ORDER if s in names]


@require_safe
def notice(request, pk: int):
    """A version of a round's notice; validators from its round's versions and opinion counts,
    so a revalidation (304) costs three small queries and no rendering."""
    inspection_id = selectors.public_publication_inspection(pk)
    versions = selectors.versions_of(inspection_id=inspection_id)
    received, closed = selectors.opinion_counts(inspection=inspection_id)
    this = next(v for v in versions if v.pk == pk)
    current = next((v for v in versions if v.status == PublicationStatus.PUBLISHED), None)
    q = question()

    def render():
        publication = selectors.public_publication_get(pk)
        context = {
            "publication": publication,
            "unit": publication.unit,
            "versions": versions,
            "current": current,
            "progress": progress_rows(publication.progress),
            "received": received,
            "closed": closed,
            **_form_context(unit=publication.unit, publication=publication),
        }
        return render_to_string("public/notice.html", context)

    parts = ["notice", pk, *[(v.pk, v.status, v.updated_at) for v in versions], received, closed]
    parts.append(q.token)
    return public_response(request, parts=parts, last_modified=this.updated_at, render=render)


@require_safe
def reference(request, code: str):
    """A problem's or measure's stable public reference, on the current notice holding it."""
    publication, anchor = selectors.reference_resolve(code)
    return redirect(f"{publication.get_absolute_url()}#{anchor}")
