"""The public site's records: published versions of a round's notice, and the public's opinions."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rectify.core.crypto import EncryptedTextField
from rectify.core.models import TimeStamped
from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit

from .enums import OPEN_STATUSES, OpinionCategory, OpinionStatus, PublicationStatus


class Publication(TimeStamped):
    """One version of a round's notice on the public site: draft → checked → approved →
    published; a correction is a later version (``change_note``), withdrawing keeps the row."""

    inspection = models.ForeignKey(Inspection, models.PROTECT, related_name="publications")
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="publications")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus, default=PublicationStatus.DRAFT
    )
    title = models.CharField(_("title"), max_length=300)
    body_html = models.TextField()  # the masked public version, escaped, with reference anchors
    body_text = models.TextField()  # the same, as the checks read it
    references = models.JSONField(default=list)  # [{"code", "kind", "label", "title"}]
    progress = models.JSONField(default=dict)  # counts by status when approved
    change_note = models.TextField(_("what changed"), blank=True)
    check_errors = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )  # None: the system (a command)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["inspection", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="publication_version"),
            models.UniqueConstraint(
                fields=["inspection"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="publication_one_open",
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"], name="publication_unit_status")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("public:notice", args=[self.pk])


class OpinionSequence(models.Model):
    """The last reference number given in a year (YJ-2026-000123)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"YJ-{self.year}: {self.last}"


def query_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def opinion_file_path(instance: "Opinion", filename: str) -> str:
    return f"evidence/{instance.attachment_sha256[:2]}/{instance.attachment_sha256}"


class Opinion(TimeStamped):
    """意见建议 from the public about a unit or one published notice; the sender's name,
    contact and text are encrypted at rest."""

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    # The sender follows the status with the reference and a query code (kept as its hash):
    # references are consecutive, so the number alone would let anyone read anyone's reply.
    query_hash = models.CharField(max_length=64)
    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="opinions")
    inspection = models.ForeignKey(
        Inspection, models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    publication = models.ForeignKey(
        Publication, models.SET_NULL, null=True, blank=True, related_name="opinions"
    )
    about = models.CharField(_("about"), max_length=20, blank=True)  # a public reference
    category = models.CharField(_("category"), max_length=20, choices=OpinionCategory)
    text = EncryptedTextField(_("opinion"))
    name = EncryptedTextField(_("name"), blank=True)
    contact = EncryptedTextField(_("contact"), blank=True)
    attachment = models.FileField(upload_to=opinion_file_path, max_length=255, blank=True)
    attachment_name = models.CharField(max_length=255, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OpinionStatus, default=OpinionStatus.RECEIVED
    )
    finding = models.ForeignKey(
        Finding, models.SET_NULL, null=True, blank=True, related_name="opinions"
    )
    measure = models.ForeignKey(
        Measure, models.SET_NULL, null=True, blank=True, related_name="opinions"
    )
    forwarded_to = models.ForeignKey(
        OrgUnit, models.SET_NULL, null=True, blank=True, related_name="forwarded_opinions"
    )
    handling_note = models.TextField(_("handling note"), blank=True)
    reply = models.TextField(_("public reply"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="opinion_unit_status")]

    def __str__(self) -> str:
        return self.reference
