"""Copies on measures that later apps keep (like the tree order kept for the ledger):
`notice_reply_due`, the reply date of a measure's oldest unanswered 督办单, read by the
warning lights. Supervision sets it when it issues notices and resets it on a reply."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from .models import Measure

CHUNK = 5000


def notice_due_mark(*, measure_ids: list[int], reply_due: dt.date) -> None:
    """The measures have a notice to answer by `reply_due` (an earlier one stays)."""
    for start in range(0, len(measure_ids), CHUNK):
        Measure.objects.filter(pk__in=measure_ids[start : start + CHUNK]).filter(
            Q(notice_reply_due__isnull=True) | Q(notice_reply_due__gt=reply_due)
        ).update(notice_reply_due=reply_due)


def notice_due_set(*, measure_id: int, reply_due: dt.date | None) -> None:
    """After a reply: the oldest reply date still open, or none."""
    Measure.objects.filter(pk=measure_id).update(notice_reply_due=reply_due)
