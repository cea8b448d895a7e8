"""整改方案: the plan of one round as a whole — approval, and every change after it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped, Versioned
from rectify.inspections.models import Inspection

from .enums import PlanStatus, RevisionKind


class Plan(TimeStamped, Versioned):
    """The rectification plan of one round: submitted by the office, approved by the leader.

    ``revision`` is the plan's version as people speak of it: 0 while a draft, 1 when
    approved, one more for every change after that (each a `PlanRevision` with its reason).
    """

    inspection = models.OneToOneField(Inspection, models.CASCADE, related_name="plan")
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("plan version"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    return_reason = models.TextField(_("why returned"), blank=True)

    objects: "models.Manager[Plan]" = models.Manager()

    class Meta:
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")

    def __str__(self) -> str:
        return f"{self.inspection.pk} v{self.revision}"

    @property
    def approved(self) -> bool:
        return self.status == PlanStatus.APPROVED


class PlanRevision(models.Model):
    """One version of an approved plan: the approval itself (v1, with a snapshot of every
    measure) or one change of one measure, with its reason and a readable diff."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("plan version"))
    kind = models.CharField(max_length=10, choices=RevisionKind.choices)
    measure = models.ForeignKey(
        "measures.Measure", models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    measure_text = models.CharField(_("measure"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # [{"field": "deadline", "before": "2023-12-31", "after": "2024-03-31"}, …] — names, not ids
    changes = models.JSONField(default=list, blank=True)
    snapshot = models.JSONField(default=list, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    objects: "models.Manager[PlanRevision]" = models.Manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planrevision_number_once")
        ]

    def __str__(self) -> str:
        return f"v{self.number} {self.measure_text[:30]}"
