"""`rectify synth`: a city's data, deterministic for a seed, bulk-inserted.

`synth_city` builds the org tree and people (`people`), the inspections with their finding
trees and measures (`ledger`), and each measure's history (`history`), one inspection at a
time, in one transaction: an error leaves nothing. Rows go in with COPY on PostgreSQL and
executemany on SQLite (`bulk`), bypassing the services on purpose: the histories follow the
workflow's transition table (checked at import) and every transition has its event and its
audit entry, keyed and chained as the services would have written them; once committed, a
signed checkpoint of the chain's head is written (`audit.checkpoints.flush`).
"""

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from rectify.audit.checkpoints import flush, mark_written
from rectify.audit.models import AuditEntry
from rectify.insights.tasks import round_checks_task
from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from rectify.orgs.models import Membership, OrgUnit, User

from .bulk import reset_sequences
from .history import History
from .ledger import findings_create, inspection_create, measure_table, measures_create
from .people import build_city
from .vocabulary import Words


@dataclass(frozen=True)
class Scale:
    units: int = 200
    inspections: int = 50
    measures: int = 120_000
    reports: int = 1_000_000


def shares(total: int, parts: int) -> list[int]:
    """`total` in `parts` near-equal whole shares (the first ones one larger)."""
    return [total // parts + (1 if k < total % parts else 0) for k in range(parts)]


@transaction.atomic
def _finish(history: History, city) -> int:
    """The audit chain over the histories, sequences past the bulk rows, fresh statistics;
    a checkpoint of the chain once committed. Returns the audit entries written."""
    audit = history.chain_audit(city.names)
    if audit:
        # As audit_log does: marked once committed, anchored by the shared flush (which logs,
        # never raises, when the checkpoint file cannot be written: the city is committed).
        transaction.on_commit(mark_written)
        transaction.on_commit(lambda: flush("synth"))
    reset_sequences(
        [User, Membership, OrgUnit, Inspection, Finding, Measure, AuditEntry]
        + [t.model for t in history.tables()]
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load
    for pk in Inspection.objects.order_by("pk").values_list("pk", flat=True):
        round_checks_task.enqueue(pk)  # what the reports' service queues for the worker
    return audit


def synth_city(
    *, scale: Scale, seed: int, today: dt.date, password: str, progress: Callable | None = None
) -> dict[str, int]:
    """Write a city of `scale` into an empty ledger; return the rows written per table."""
    if Measure.objects.exists() or Inspection.objects.exists():
        raise ValueError("the database already has inspections: use an empty one (or --flush)")
    if scale.inspections < 1 or scale.measures < scale.inspections:
        raise ValueError("--inspections at least 1, and at least one measure per inspection")
    started = time.monotonic()
    words = Words(random.Random(seed))  # noqa: S311 (data, not secrets)
    city = build_city(words=words, units=scale.units, password=password)
    measures, history = measure_table(), History(words)
    previous: dict[int, Inspection] = {}
    counts = zip(
        shares(scale.measures, scale.inspections),
        shares(scale.reports, scale.inspections),
        strict=True,
    )
    for n, (count, quota) in enumerate(counts):
        unit = city.units[n % len(city.units)]
        inspection = inspection_create(
            words=words,
            city=city,
            unit=unit,
            n=n,
            total=scale.inspections,
            today=today,
            previous=previous.get(unit.unit.pk),
        )
        previous[unit.unit.pk] = inspection
        items = findings_create(words=words, inspection=inspection)
        planned = measures_create(
            words=words,
            table=measures,
            inspection=inspection,
            items=items,
            unit=unit,
            count=count,
            today=today,
        )
        history.write(planned, quota, today)
        if progress:
            progress(n + 1, scale.inspections, measures.count, history.reports.count, started)
    audit = _finish(history, city)
    return {
        "units": OrgUnit.objects.count(),
        "users": len(city.names),
        "inspections": scale.inspections,
        "findings": Finding.objects.count(),
        "measures": measures.count,
        "audit_entries": audit,
        **{t.name: t.count for t in history.tables()},
    }
