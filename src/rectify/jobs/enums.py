from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobError(models.TextChoices):
    """Why the last attempt of a job did not succeed."""

    EXCEPTION = "exception", _("Error")
    LEASE_EXPIRED = "lease_expired", _("Worker stopped")
    REFUSED = "refused", _("Refused")
    NOT_A_TASK = "not_a_task", _("Unknown task")
