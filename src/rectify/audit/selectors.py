"""Reads of the audit trail: verification, and the audit administrator's filtered view."""

import json

from django.db.models import Q, QuerySet
from django.utils import timezone

from .chain import GENESIS, Problem, verify
from .models import AuditCheckpoint, AuditEntry


def audit_chain_verify() -> tuple[int, list[Problem]]:
    """Verify the whole chain from the last retention checkpoint. Returns (checked, problems)."""
    checkpoint = AuditCheckpoint.objects.order_by("-seq").first()
    start_seq, start_hash = (checkpoint.seq, checkpoint.hash) if checkpoint else (0, GENESIS)
    entries = AuditEntry.objects.filter(seq__gt=start_seq).order_by("seq").iterator(2000)
    counted = []

    def counting(iterable):
        for item in iterable:
            counted.append(1)
            yield item

    problems = verify(counting(entries), start_seq=start_seq, start_hash=start_hash)
    return len(counted), problems


def audit_entries(
    *, code: str = "", actor: str = "", object_type: str = "", since=None, until=None
) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if code:
        qs = qs.filter(code__startswith=code)
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if since:
        qs = qs.filter(at__gte=since)
    if until:
        qs = qs.filter(at__lt=until)
    return qs.order_by("-seq")


def history_for(*, obj, related: dict[str, list] | None = None, limit: int = 200):
    """Audit entries about `obj` and, optionally, related objects {model label: [pks]}."""

    query = Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    for label, pks in (related or {}).items():
        if pks:
            query |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    return AuditEntry.objects.filter(query).order_by("-seq")[:limit]


CSV_HEADER = [
    "seq",
    "time",
    "actor",
    "code",
    "object type",
    "object id",
    "object",
    "before",
    "after",
    "note",
    "ip",
    "hash",
]


def csv_row(entry: AuditEntry) -> list:

    def plain(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""

    return [
        safe_cell(cell)
        for cell in [
            entry.seq,
            timezone.localtime(entry.at).isoformat(),
            entry.actor_name,
            entry.code,
            entry.object_type,
            entry.object_id,
            entry.object_repr,
            plain(entry.before),
            plain(entry.after),
            entry.note,
            entry.ip_address or "",
            entry.hash,
        ]
    ]


def safe_cell(value):
    """A cell a spreadsheet will not run: text starting with = + - @ gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
