"""外单位: merging two entries of the register of outside units. Whatever named the duplicate
(rounds, measures) names the unit kept; the duplicate's names stay as the kept one's other
names, so ledgers and documents that use them still match."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_change
from rectify.core.errors import ValidationFailed
from rectify.inspections.services import inspection_outside_unit_replace
from rectify.orgs.models import OutsideUnit, User
from rectify.orgs.services import outside_unit_absorb

from ..models import Measure


@transaction.atomic
def outside_unit_merge(*, actor: User | None, kept: OutsideUnit, duplicate: OutsideUnit) -> dict:
    """Merge ``duplicate`` into ``kept``; returns how many rounds and measures moved."""
    if kept.pk == duplicate.pk:
        raise ValidationFailed(_("Choose two different units to merge."))
    rounds = inspection_outside_unit_replace(actor=actor, old=duplicate, new=kept)
    measures = list(Measure.objects.filter(co_outside_units=duplicate))
    for measure in measures:
        before = sorted(measure.co_outside_units.values_list("pk", flat=True))
        measure.co_outside_units.remove(duplicate)
        measure.co_outside_units.add(kept)
        after = sorted(measure.co_outside_units.values_list("pk", flat=True))
        audit_change(
            actor=actor,
            code=AuditCode.MEASURE_UPDATED,
            obj=measure,
            diff={"co_outside_units": [before, after]},
            note=f"{duplicate.name} → {kept.name}",
        )
    moved = {"inspections": rounds, "measures": len(measures)}
    outside_unit_absorb(actor=actor, kept=kept, duplicate=duplicate, moved=moved)
    return moved
