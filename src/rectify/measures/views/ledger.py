"""台账 and 我的工作: the filterable ledger table and a user's own open measures."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.vary import vary_on_headers

from rectify.core.pagination import paginate

from .. import selectors
from ..enums import MeasureStatus
from ..forms import LedgerFilterForm
from ..ledger_html import ledger_rows_html
from ..lights import with_lights

PAGE_SIZE = 50
# 我的工作 shows cards, four groups of them on one page: 20 each keeps the page readable on a
# phone and quick to draw (200 cards were 137 KB and most of the page's time at city scale).
MY_WORK_PAGE_SIZE = 20
DUE_SOON_DAYS = 7
LEDGER_ORDER = {
    "": ("-inspection_id", "sort_key", "pk"),
    # NULLS LAST ascending and NULLS FIRST descending: one index read forwards or backwards.
    "deadline": (F("deadline").asc(nulls_last=True), "pk"),
    "-deadline": (F("deadline").desc(nulls_first=True), "-pk"),
}


def _with_params(request, **params) -> str:
    """This ledger address with `params` set (and the page dropped)."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in params.items():
        query[key] = value
    return f"{reverse('measures:ledger')}?{query.urlencode()}"


@login_required
@vary_on_headers("HX-Request")
def ledger(request):
    today = timezone.localdate()
    form = LedgerFilterForm(request.GET or None, user=request.user)
    if form.is_bound:
        form.is_valid()  # invalid fields are reported and ignored; valid ones still filter
    measures = selectors.measure_filter(
        selectors.measure_list_for(user=request.user), today=today, **form.filter_kwargs()
    )
    # Newest inspection first, then tree order (index measure_ledger_order), or by deadline
    # (index measure_deadline_order); page over keys, then load the 50 rows with their joins.
    sort = form.cleaned_data.get("sort", "") if form.is_bound else ""
    keys = measures.order_by(*LEDGER_ORDER[sort])

    def fetch(ids):
        rows = selectors.measure_list_for(user=request.user).filter(pk__in=ids)
        return with_lights(selectors.with_extension_counts(rows), today=today)

    figures = selectors.ledger_counts(measures)  # the count the pages need, and the gaps
    page = paginate(keys, fetch, request.GET.get("page"), PAGE_SIZE, count=figures["total"])
    context = {
        "form": form,
        "page": page,
        "rows_html": ledger_rows_html(page, today=today),
        "today": today,
        "sort": sort,
        "deadline_sort_url": _with_params(
            request, sort="-deadline" if sort == "deadline" else "deadline"
        ),
        "missing": figures,
        "missing_urls": {
            key: _with_params(request, **{key: "on"}) for key in ("no_deadline", "no_owner")
        },
    }
    template = "measures/_ledger_results.html" if request.htmx else "measures/ledger.html"
    return render(request, template, context)


def _my_work_page(request, section: str, counts: dict, today: dt.date, number):
    """One page (MY_WORK_PAGE_SIZE cards) of one group of 我的工作; returned ones show why."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    condition = selectors.my_work_section_q(today=today, soon=soon)[section]
    keys = selectors.my_work_for(user=request.user, today=today).filter(condition)

    def fetch(ids):
        rows = list(
            with_lights(
                selectors.measure_list_for(user=request.user).filter(pk__in=ids), today=today
            )
        )
        returned = [m.pk for m in rows if m.status == MeasureStatus.RETURNED]
        returns = selectors.last_returns(returned) if returned else {}
        for measure in rows:
            measure.last_return = returns.get(measure.pk)
        return rows

    return paginate(keys, fetch, number, MY_WORK_PAGE_SIZE, count=counts[section])


@login_required
@vary_on_headers("HX-Request")
def my_work(request):
    """Four groups, each counted by query and shown MY_WORK_PAGE_SIZE at a time ("more")."""
    today = timezone.localdate()
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    counts = selectors.my_work_counts(user=request.user, today=today, soon=soon)
    wanted = request.GET.get("section")
    if request.htmx and wanted in selectors.MY_WORK_SECTIONS:
        page = _my_work_page(request, wanted, counts, today, request.GET.get("page"))
        context = {"today": today, "section": wanted, "page": page}
        return render(request, "measures/_my_work_page.html", context)
    pages = {
        section: _my_work_page(
            request, section, counts, today, request.GET.get("page") if section == wanted else 1
        )
        for section in selectors.MY_WORK_SECTIONS
    }
    queue = selectors.signoff_queue_for(user=request.user)
    to_review = list(queue[:MY_WORK_PAGE_SIZE])
    context = {
        "today": today,
        "pages": pages,
        "counts": counts,
        "to_review": to_review,
        "to_review_count": (
            queue.count() if len(to_review) == MY_WORK_PAGE_SIZE else len(to_review)
        ),
        "total": sum(counts.values()),
    }
    return render(request, "measures/my_work.html", context)
