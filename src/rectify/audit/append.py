"""Appending to the audit chain: the lock, the head, and the keyed start. Shared by
`services.audit_log` and bulk writers (`rectify synth`), which then `chain.seal` each entry."""

import uuid

from django.db import connection
from django.utils import timezone

from rectify.core.keys import key_id

from .chain import GENESIS, chain_mac
from .models import AuditChain, AuditCheckpoint, AuditEntry

# Any constant: the PostgreSQL advisory lock that serialises appends to the chain.
_CHAIN_LOCK = 7_302_640_017


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: transactions are IMMEDIATE (settings), so one writer at a time already.


def _head() -> tuple[int, str, bool]:
    """The newest entry's seq and hash, and whether the keyed chain has started."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash", "macs").first()
    if last and last[2]:
        return last[0], last[1], True
    keyed = AuditChain.objects.exists()
    if last:
        return last[0], last[1], keyed
    checkpoint = AuditCheckpoint.objects.order_by("-seq").values_list("seq", "hash").first()
    return *(checkpoint or (0, GENESIS)), keyed


def _mark_keyed_start(*, seq: int, key: bytes) -> None:
    """The runtime marker: entries from `seq` on are chained under the audit key. Written once,
    by the first entry after an upgrade (older entries keep their plain hashes)."""
    started_at, kid, database_id = timezone.now(), key_id(key), uuid.uuid4()
    mac = chain_mac(key, database_id=database_id, keyed_from=seq, key_id=kid, started_at=started_at)
    AuditChain.objects.create(
        database_id=database_id, keyed_from=seq, key_id=kid, started_at=started_at, mac=mac
    )


def chain_append_start(key: bytes) -> tuple[int, str]:
    """Lock the chain for appending in the caller's transaction; return the head's seq and
    hash to chain after, marking the keyed start first when the chain is not keyed yet. Used
    by `audit_log` and by bulk writers (`rectify synth`), which then `chain.seal` each entry."""
    _lock_chain()
    seq, prev_hash, keyed = _head()
    if not keyed:
        _mark_keyed_start(seq=seq + 1, key=key)
    return seq, prev_hash
