"""Reads of the audit trail: verification, and the audit administrator's filtered view."""

import json
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from rectify.core.keys import key_id

from .chain import GENESIS, chain_mac, retention_mac, same
from .checkpoints import database_where, latest_anchor
from .keys import audit_key
from .models import AuditChain, AuditCheckpoint, AuditEntry
from .naming import name_all
from .verify import Anchor, Problem, Walk


@dataclass
class ChainReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    anchor: Anchor | None = None
    notes: list[str] = field(default_factory=list)


def audit_chain_verify() -> tuple[int, list[Problem]]:
    """Verify the whole chain from the last retention checkpoint. Returns (checked, problems)."""
    report = audit_chain_report()
    return report.checked, report.problems


def _marker_problems(chain: AuditChain | None, key: bytes) -> list[Problem]:
    if chain is None:
        if AuditEntry.objects.exclude(macs={}).exists():
            return [_problem("marker", "审计链标记被删除 / the audit chain marker was deleted")]
        return []
    if chain.key_id != key_id(key):
        return [
            _problem(
                "key",
                f"审计密钥不符：链由密钥 {chain.key_id} 开始，当前密钥为 {key_id(key)} / the "
                f"chain was started under audit key {chain.key_id}, this process has "
                f"{key_id(key)}: set RECTIFY_AUDIT_KEY to this database's key",
            )
        ]
    expected = chain_mac(
        key,
        database_id=chain.database_id,
        keyed_from=chain.keyed_from,
        key_id=chain.key_id,
        started_at=chain.started_at,
    )
    if not same(expected, chain.mac):
        return [_problem("marker", "审计链标记被篡改 / the audit chain marker was altered")]
    return []


def _problem(kind: str, message: str, seq: int = 0) -> Problem:
    return Problem(seq, None, kind, message)


def _start(chain: AuditChain | None, key: bytes) -> tuple[int, str, list[Problem]]:
    checkpoint = AuditCheckpoint.objects.order_by("-seq").first()
    if checkpoint is None:
        return 0, GENESIS, []
    sealed = chain is not None and checkpoint.pruned_at >= chain.started_at
    if (checkpoint.mac or sealed) and not same(
        checkpoint.mac, retention_mac(key, seq=checkpoint.seq, hash=checkpoint.hash)
    ):
        return (
            checkpoint.seq,
            checkpoint.hash,
            [
                _problem(
                    "retention",
                    f"保留期锚点 #{checkpoint.seq} 系伪造 / the retention checkpoint at "
                    f"#{checkpoint.seq} is forged (no valid MAC)",
                    checkpoint.seq,
                )
            ],
        )
    return checkpoint.seq, checkpoint.hash, []


def audit_chain_report() -> ChainReport:
    """The chain checked entry by entry, and against the latest checkpoint outside the
    database; every tampering named (`audit.naming`)."""
    key, chain = audit_key(), AuditChain.objects.first()
    problems = _marker_problems(chain, key)
    start_seq, start_hash, more = _start(chain, key)
    anchor, bad_lines = latest_anchor(
        database_id=str(chain.database_id) if chain else None, where=database_where()
    )
    wrong_key = any(p.kind == "key" for p in problems)
    if wrong_key:  # nothing signed under the database's key can be checked with another
        anchor, bad_lines = None, []
    problems += more + [_problem("checkpoint", line) for line in bad_lines]
    keyed_from = chain.keyed_from if chain else None
    if anchor and chain and anchor.keyed_from not in (None, chain.keyed_from):
        problems.append(
            _problem(
                "marker",
                f"审计链起点被移动：检查点记为 #{anchor.keyed_from}，数据库为 #{keyed_from} / the "
                f"keyed chain's start was moved from #{anchor.keyed_from} to #{keyed_from}",
            )
        )
        keyed_from = anchor.keyed_from
    walk = Walk(start_seq, start_hash, None if wrong_key else key, keyed_from, anchor)
    for entry in AuditEntry.objects.filter(seq__gt=start_seq).order_by("seq").iterator(2000):
        walk.feed(entry)
    notes = [] if anchor else ["尚无检查点 / no checkpoint of this database yet"]
    return ChainReport(walk.count, problems + name_all(walk), anchor, notes)


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
