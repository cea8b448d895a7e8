"""Write audit entries in the caller's transaction, chained to the previous entry."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from rectify.core.changes import Diff, before_after, jsonable
from rectify.core.request_context import current_ip

from .append import chain_append_start
from .chain import seal
from .checkpoints import mark_written
from .codes import AuditCode
from .keys import audit_key
from .models import AuditEntry


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
