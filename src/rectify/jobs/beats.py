"""Workers' heartbeats: written by the worker loop, read by `/readyz` and `rectify status`.

A beat is mechanical bookkeeping like a job's lease renewal (not audited): one UPDATE of the
worker's own row, or an INSERT the first time.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import WorkerBeat

FORGET_AFTER = dt.timedelta(days=1)


def worker_beat(*, worker_id: str, started_at: dt.datetime, jobs_done: int) -> None:
    now = timezone.now()
    changed = WorkerBeat.objects.filter(worker_id=worker_id).update(
        seen_at=now, jobs_done=jobs_done
    )
    if not changed:
        WorkerBeat.objects.create(
            worker_id=worker_id, started_at=started_at, seen_at=now, jobs_done=jobs_done
        )
        WorkerBeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.RECTIFY_WORKER_STALE_SECONDS)


def worker_beats() -> list[WorkerBeat]:
    """Workers seen within the last day, the most recent first."""
    return list(WorkerBeat.objects.filter(seen_at__gte=timezone.now() - FORGET_AFTER))


def worker_alive(now: dt.datetime | None = None) -> WorkerBeat | None:
    """The most recent beat, if it is recent enough to count the worker as running."""
    now = now or timezone.now()
    return WorkerBeat.objects.filter(seen_at__gte=now - stale_after()).first()
