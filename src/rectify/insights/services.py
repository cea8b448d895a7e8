"""Writes of insights: the sign-off gates of an inspection (audited)."""

from django.db import transaction

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.inspections import policy as inspection_policy
from rectify.inspections.models import Inspection
from rectify.orgs.models import User

from .models import DEFAULT_GATES, GATE_FIELDS, GateConfig


@transaction.atomic
def gates_set(*, inspection: Inspection, actor: User, values: dict[str, bool]) -> GateConfig:
    """Turn the inspection's sign-off gates on or off (the office of the inspected unit)."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT, inspection)
    config = GateConfig.objects.select_for_update().filter(inspection=inspection).first()
    before = {f: getattr(config or DEFAULT_GATES, f) for f in GATE_FIELDS}
    after = {f: bool(values.get(f, before[f])) for f in GATE_FIELDS}
    if config is None:
        config = GateConfig.objects.create(inspection=inspection, **after)
    else:
        GateConfig.objects.filter(pk=config.pk).update(**after)
        config.refresh_from_db()
    changed = {f for f in GATE_FIELDS if before[f] != after[f]}
    audit_log(
        actor=actor,
        code=AuditCode.INSIGHTS_GATES_SET,
        obj=inspection,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return config
