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

from django.conf import settings
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate

from rectify.measures.enums import MeasureStatus
from rectify.measures.models import Measure


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_sample(measure_pk: int) -> bool:
    draw = int(hashlib.sha256(f"recheck:{measure_pk}".encode()).hexdigest()[:8], 16) % 100
    return draw < settings.RECTIFY_RECHECK_SHARE


def due_rechecks(measures, today: dt.date) -> list[tuple[Measure, int, bool]]:
    """(measure, months, high risk) of every re-check that is due by `today`."""
    signed = (
        measures.filter(status=MeasureStatus.SIGNED_OFF, signed_off_at__isnull=False)
        .annotate(returns=Count("events", filter=Q(events__transition="return_signoff")))
        .annotate(signed_on=TruncDate("signed_off_at"))
        .annotate(late=ExpressionWrapper(Q(deadline__lt=F("signed_on")), BooleanField()))
    )
    due = []
    for measure in signed:
        high_risk = bool(measure.returns) or bool(measure.late)
        if not (high_risk or in_sample(measure.pk)):
            continue
        for months in settings.RECTIFY_RECHECK_MONTHS:
            if add_months(measure.signed_off_at.date(), months) <= today:
                due.append((measure, months, high_risk))
    return due
