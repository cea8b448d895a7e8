"""Write audit entries in the caller's transaction, chained to the previous entry."""

import uuid
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from rectify.core.changes import Diff, before_after, jsonable
from rectify.core.keys import key_id
from rectify.core.request_context import current_ip

from .chain import GENESIS, chain_mac, seal
from .checkpoints import mark_written
from .codes import AuditCode
from .keys import audit_key
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


@transaction.atomic
def audit_log(
    *,
    actor,
    code: AuditCode,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    ip_address: str | None = None,
) -> AuditEntry:
    code = AuditCode(code)  # an undeclared code is a programming error, never stored
    key = audit_key()
    seq, prev_hash = chain_append_start(key)
    entry = AuditEntry(
        seq=seq + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor)[:150] if actor else "",
        code=code,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=jsonable(before or {}),
        after=jsonable(after or {}),
        note=note,
        ip_address=ip_address or current_ip(),
        prev_hash=prev_hash,
    )
    seal(entry, key)
    entry.save()
    transaction.on_commit(mark_written)
    return entry


@transaction.atomic
def audit_change(
    *, actor, code: AuditCode, obj: models.Model, diff: Diff, note: str = ""
) -> AuditEntry | None:
    """The audit entry of a field change (`core.changes.model_update`'s diff); none when
    nothing changed."""
    if not diff:
        return None
    before, after = before_after(diff)
    return audit_log(
        actor=actor, code=AuditCode(code), obj=obj, before=before, after=after, note=note
    )
