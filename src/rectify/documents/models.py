from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped
from rectify.inspections.models import Inspection


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
