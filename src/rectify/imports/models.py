import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped
from rectify.inspections.models import Inspection

DRAFT_LIFETIME = dt.timedelta(hours=24)
UNDO_DEPTH = 20


class ImportRecord(TimeStamped):
    """文件导入记录: a document read into an inspection; the same file twice changes nothing."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="imports")
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")


class ImportDraftQuerySet(models.QuerySet):
    def live(self) -> "ImportDraftQuerySet":
        return self.filter(expires_at__gt=timezone.now())


def _draft_expiry():
    return timezone.now() + DRAFT_LIFETIME


class ImportDraft(TimeStamped):
    """导入草稿: a parsed upload kept for review and correction before anything is saved.

    Owned by the user who uploaded it; expires after a day. Nothing of the ledger is written
    until the owner confirms it.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    inspection = models.ForeignKey(
        Inspection, models.CASCADE, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    parsed = models.JSONField(default=dict)
    # The parse before each repair (newest last, at most UNDO_DEPTH): the undo of the preview.
    undo = models.JSONField(default=list, blank=True)
    # The kind and category chosen on the review page for new measures, by measure text
    # ({text: {"kind": …, "category": …}}): a person's choice over the wording's suggestion.
    choices = models.JSONField(default=dict, blank=True)
    expires_at = models.DateTimeField(default=_draft_expiry, db_index=True)

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import draft")
        verbose_name_plural = _("import drafts")

    def __str__(self) -> str:
        return self.filename
