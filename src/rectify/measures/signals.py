"""The ledger's copy of the tree order follows a finding that moved.

`Measure.sort_key` copies its finding's `sort_key` (one indexed column orders the ledger).
The finding tree belongs to `inspections`, which knows nothing of measures; so measures
listens for a saved finding and brings its measures' copies up to date (one query when
nothing moved). Registered by `MeasuresConfig.ready`.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from rectify.inspections.models import Finding

from .models import Measure


@receiver(post_save, sender=Finding, dispatch_uid="measures_follow_their_finding")
def measures_follow_their_finding(sender, instance: Finding, created: bool, raw: bool, **kwargs):
    if created or raw:
        return
    moved = Measure.objects.filter(finding=instance).exclude(
        sort_key__startswith=f"{instance.sort_key}:"
    )
    for measure in moved.select_related("finding"):
        measure.save(update_fields=["sort_key", "inspection"])
