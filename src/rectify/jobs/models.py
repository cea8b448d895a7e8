"""Background jobs: the queue the worker claims from, and the periodic schedules it runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped, Versioned

from .enums import JobError, JobStatus


class Job(TimeStamped):
    """后台任务: one run of a Django task, claimed by one worker at a time under a lease.

    A worker claims a queued job with a conditional UPDATE, then renews `lease_expires_at`
    with heartbeats while the task runs. A job whose lease runs out (its worker died) is
    queued again with back-off, or failed once `attempts` reaches `max_attempts`.
    """

    task_path = models.CharField(_("task"), max_length=255, db_index=True)
    queue_name = models.CharField(_("queue"), max_length=32, default="default")
    priority = models.SmallIntegerField(_("priority"), default=0)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=3)
    run_after = models.DateTimeField(_("run after"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    return_value = models.JSONField(_("return value"), null=True, blank=True)
    error_code = models.CharField(
        _("error kind"), max_length=20, choices=JobError.choices, blank=True
    )
    error = models.TextField(_("error"), blank=True)  # one line for administrators
    exception_class = models.CharField(max_length=255, blank=True)
    traceback = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    schedule = models.CharField(_("schedule"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["status", "run_after"], name="job_ready_idx"),
            models.Index(fields=["status", "lease_expires_at"], name="job_lease_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_attempts__gte=1), name="job_max_attempts_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.task_path.rpartition('.')[2]} {self.status}"

    @property
    def retrying(self) -> bool:
        return self.status == JobStatus.QUEUED and self.attempts > 0

    @property
    def user_message(self) -> str:
        """Why the job failed (or is being retried), in the reader's language."""
        if not self.error_code:
            return ""
        if self.error_code == JobError.REFUSED:
            return self.error
        if self.error_code == JobError.LEASE_EXPIRED:
            text = _(
                "The background worker stopped while running this job "
                "(attempt %(attempt)s of %(max)s)."
            )
        else:
            text = _("The job stopped with an error (attempt %(attempt)s of %(max)s).")
        return str(text) % {"attempt": self.attempts, "max": self.max_attempts}


class Schedule(Versioned):
    """定时任务: the state of one periodic job declared in code (`rectify.jobs.registry`).

    The worker runs a schedule whose `next_run_at` has passed by moving `next_run_at` on with
    a conditional UPDATE on `version`: of several workers, exactly one wins each run.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=255)
    spec = models.CharField(_("when"), max_length=100)
    next_run_at = models.DateTimeField(_("next run"))
    last_run_at = models.DateTimeField(_("last run"), null=True, blank=True)
    last_job = models.ForeignKey(
        Job, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("last job")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self) -> str:
        return f"{self.name} ({self.spec})"


class WorkerBeat(models.Model):
    """The last sign of life of one `rectify worker` process (`/readyz`, `rectify status`).

    Each worker writes its row at every turn of housekeeping (every few seconds, or once per
    `--batch` run from cron), idle or not; rows of workers silent for a day are removed.
    """

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)
    jobs_done = models.PositiveIntegerField(_("jobs run"), default=0)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"
