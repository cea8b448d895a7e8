"""Write audit entries in the caller's transaction."""

from typing import Any

from django.db import models

from rectify.core.request_context import current_ip

from .models import AuditEntry


def audit_log(
    *,
    actor,
    code: str,
    obj: models.Model | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor else "",
        code=code,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before or {},
        after=after or {},
        note=note,
        ip_address=current_ip(),
    )
