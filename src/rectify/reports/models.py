"""Records of the reports app: Excel ledger exports made in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped


class ExportJob(TimeStamped):
    """台账导出: a large Excel export made by a background job, downloadable by its owner.

    Whether it is waiting, running or failed (and why) is its `job`'s state; the export
    records what it produced.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    filters = models.JSONField(default=dict, blank=True)
    job = models.OneToOneField(
        "jobs.Job", models.PROTECT, null=True, blank=True, related_name="ledger_export"
    )
    rows = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/", blank=True, max_length=255)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "documents_exportjob"  # made by the documents app before it was split
        ordering = ["-created_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"export {self.pk} {self.status}"

    @property
    def status(self) -> str:
        """queued, running, done or failed."""
        if self.finished_at and self.file:
            return "done"
        if self.job is None:
            return "queued"
        return "done" if self.job.status == "succeeded" else self.job.status
