"""The 回头看 sampling plan: which signed-off measures are re-checked, and when.

Every high-risk measure (its sign-off was returned, or it was signed off after its deadline)
and a share of the rest (`RECTIFY_RECHECK_SHARE` per cent, drawn by a stable hash so the
sample does not change between runs) are re-checked `RECTIFY_RECHECK_MONTHS` after sign-off
(3 and 6 by default).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from rectify.measures.enums import MeasureStatus


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_sample(measure_pk: int) -> bool:
    draw = int(hashlib.sha256(f"recheck:{measure_pk}".encode()).hexdigest()[:8], 16) % 100
    return draw < settings.RECTIFY_RECHECK_SHARE


def due_rechecks(measures, today: dt.date, fields) -> Iterator[tuple[dict, int, bool]]:
    """(measure row, months, high risk) of every re-check that is due by `today`."""
    earliest = min(settings.RECTIFY_RECHECK_MONTHS, default=0)
    signed = (
        measures.filter(status=MeasureStatus.SIGNED_OFF, signed_off_at__isnull=False)
        .annotate(signed_on=TruncDate("signed_off_at"))
        # A loose bound (month ends differ); the exact date is checked below.
        .filter(signed_on__lte=add_months(today, -earliest) + dt.timedelta(days=3))
        .annotate(returns=Count("events", filter=Q(events__transition="return_signoff")))
        .order_by()
        .values(*fields, "signed_on", "returns")
    )
    for row in signed.iterator(chunk_size=2000):
        late = row["deadline"] is not None and row["deadline"] < row["signed_on"]
        high_risk = bool(row["returns"]) or late
        if not (high_risk or in_sample(row["pk"])):
            continue
        for months in settings.RECTIFY_RECHECK_MONTHS:
            if add_months(row["signed_on"], months) <= today:
                yield row, months, high_risk
