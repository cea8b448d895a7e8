from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped, Versioned
from rectify.measures.models import Measure


class Decision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SignOff(TimeStamped, Versioned):
    """销号申请: a request to close a measure, reviewed against its evidence."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="signoffs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    request_note = models.TextField(_("request note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    opinion = models.TextField(_("opinion"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["measure", "-created_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(decision="pending"),
                name="signoff_one_open_per_measure",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.get_decision_display()}"
