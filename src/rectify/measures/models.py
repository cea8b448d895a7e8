from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped, Versioned
from rectify.inspections.models import Finding, Inspection
from rectify.orgs.models import OrgUnit, OutsideUnit

from .enums import (
    LIGHT_OF_REASON,
    OVERDUE_STATUSES,
    Decision,
    ExtensionStatus,
    MeasureCategory,
    MeasureKind,
    MeasureStatus,
)


def measure_sort_key(finding_sort_key: str, position: int) -> str:
    return f"{finding_sort_key}:{position:04d}"


def overdue_q(today, prefix: str = "") -> Q:
    return Q(**{f"{prefix}deadline__lt": today, f"{prefix}status__in": OVERDUE_STATUSES})


def no_deadline_q(prefix: str = "") -> Q:
    """A measure that should have a deadline and has none (长期坚持 needs none)."""
    return Q(**{f"{prefix}deadline__isnull": True}) & ~Q(**{f"{prefix}kind": MeasureKind.LONG_TERM})


def no_owner_q(prefix: str = "") -> Q:
    """A measure with neither a lead department nor a responsible person."""
    return Q(
        **{f"{prefix}lead_department__isnull": True, f"{prefix}responsible_person__isnull": True}
    )


class MeasureQuerySet(models.QuerySet):
    def overdue(self, today) -> "MeasureQuerySet":
        return self.filter(overdue_q(today))

    def in_plan(self) -> "MeasureQuerySet":
        """Measures still in the plan: not withdrawn, nor under a withdrawn finding (撤销).
        What every figure counts; the withdrawn stay on their pages with their history."""
        return self.exclude(status=MeasureStatus.WITHDRAWN).filter(
            finding__withdrawn_at__isnull=True
        )


class Measure(TimeStamped, Versioned):
    """整改措施: one action (一是…) against a finding, with owners, deadline and status."""

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="measures")
    # Copies of the finding's inspection and tree position, so the ledger filters and sorts
    # 100 000+ measures on one indexed table. Kept in step by save() and Finding.save().
    inspection = models.ForeignKey(
        Inspection, models.CASCADE, related_name="measures", editable=False
    )
    sort_key = models.CharField(max_length=210, editable=False, default="")
    position = models.PositiveIntegerField(_("position"), default=0)
    label = models.CharField(_("original label"), max_length=20, blank=True)
    text = models.TextField(_("measure"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.TIME_BOUND
    )
    category = models.CharField(
        _("category"),
        max_length=10,
        choices=MeasureCategory.choices,
        default=MeasureCategory.GENERAL,
    )
    target = models.TextField(_("target"), blank=True)
    responsible_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_measures",
        verbose_name=_("responsible leader"),
    )
    lead_department = models.ForeignKey(
        OrgUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead_measures",
        verbose_name=_("lead department"),
    )
    co_departments = models.ManyToManyField(
        OrgUnit, blank=True, related_name="co_measures", verbose_name=_("co-departments")
    )
    # 配合单位 outside the unit's tree, from the register of outside units (外单位).
    co_outside_units = models.ManyToManyField(
        OutsideUnit, blank=True, related_name="co_measures", verbose_name=_("co-operating units")
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_measures",
        verbose_name=_("responsible person"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.NOT_STARTED,
        db_index=True,
    )
    # Set by the importer from the wording; a person confirms (then it is cleared).
    # The reply date of its oldest unanswered supervision notice (督办单), kept by supervision.
    notice_reply_due = models.DateField(_("supervision notice reply due"), null=True, blank=True)
    suggested_status = models.CharField(
        _("suggested status"), max_length=20, choices=MeasureStatus.choices, blank=True
    )
    suggestion_reason = models.CharField(_("why suggested"), max_length=200, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["-inspection_id", "sort_key"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        indexes = [
            # The ledger's whole order, the key included: without it PostgreSQL sorted each
            # inspection's rows again, and page 1 000 of a city took 30 ms to skip 49 950 keys.
            models.Index(fields=["-inspection", "sort_key", "id"], name="measure_ledger_order"),
            models.Index(fields=["inspection", "status"], name="measure_inspection_status"),
            models.Index(fields=["status", "deadline"], name="measure_status_deadline"),
            models.Index(fields=["lead_department", "status"], name="measure_dept_status"),
            models.Index(fields=["responsible_person", "status"], name="measure_person_status"),
            # The ledger sorted by deadline (both ways), and its two "missing" filters: small
            # partial indexes in ledger order, so a filter reads only the rows it shows.
            models.Index(fields=["deadline", "id"], name="measure_deadline_order"),
            models.Index(
                fields=["-inspection", "sort_key", "id"],
                condition=Q(deadline__isnull=True) & ~Q(kind="long_term"),
                name="measure_no_deadline",
            ),
            models.Index(
                fields=["-inspection", "sort_key", "id"],
                condition=Q(lead_department__isnull=True, responsible_person__isnull=True),
                name="measure_no_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}{self.text}"[:80]

    def save(self, *args, **kwargs):
        self.inspection_id = self.finding.inspection_id
        self.sort_key = measure_sort_key(self.finding.sort_key, self.position)
        super().save(*args, **kwargs)

    def derived_values(self, values: dict) -> dict:
        """The ledger's copies that follow a change of finding or position (core.changes)."""
        if not {"finding", "position"} & set(values):
            return {}
        finding = values.get("finding", self.finding)
        position = values.get("position", self.position)
        return {
            "inspection_id": finding.inspection_id,
            "sort_key": measure_sort_key(finding.sort_key, position),
        }

    @property
    def light(self) -> str | None:
        """The warning light of the `light_reason` that `lights.with_lights` annotated."""
        reason = getattr(self, "light_reason", None)
        return LIGHT_OF_REASON.get(reason) if reason else None

    def is_overdue(self, today) -> bool:
        return (
            self.deadline is not None and self.deadline < today and self.status in OVERDUE_STATUSES
        )


class Indicator(TimeStamped):
    """指标: a counted target on a measure (历史违建 68 宗, 已整治 35)."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="indicators")
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    current_value = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["measure", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def remaining(self):
        if self.target_value is None or self.current_value is None:
            return None
        return self.target_value - self.current_value


class ProgressReport(TimeStamped, Versioned):
    """整改进展: a dated report on a measure, with evidence and indicator values."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="reports")
    report_date = models.DateField(_("report date"))
    text = models.TextField(_("progress"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="progress_reports",
        verbose_name=_("author"),
    )

    class Meta:
        ordering = ["measure", "-report_date", "-pk"]
        # A measure's reports newest first, and its latest one (the ledger file's column)
        # read from the index alone.
        indexes = [models.Index(fields=["measure", "-report_date", "-id"], name="progress_latest")]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.report_date} {self.text[:40]}"


class IndicatorValue(models.Model):
    """指标值: an indicator's value as reported in one progress report."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, models.CASCADE, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="indicatorvalue_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Content-addressed; the original (often Chinese) name is kept in the row.
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(TimeStamped):
    """佐证材料: a file that proves progress; its SHA-256 is kept and checked on download."""

    report = models.ForeignKey(ProgressReport, models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        ordering = ["report", "pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name


class DeadlineExtension(TimeStamped):
    """延期: a change of a measure's deadline, requested with a reason and decided; never silent."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="extensions")
    old_deadline = models.DateField(_("old deadline"), null=True, blank=True)
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        ordering = ["measure", "-created_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(status="pending"),
                name="extension_one_pending_per_measure",
            )
        ]


class MeasureEvent(models.Model):
    """状态变更记录: one row per status transition of a measure (the workflow's event log)."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="events")
    transition = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["measure", "at", "pk"]
        verbose_name = _("measure event")
        verbose_name_plural = _("measure events")

    def __str__(self) -> str:
        return f"{self.measure_id} {self.from_status}→{self.to_status}"


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
        db_table = "signoff_signoff"  # made by the signoff app before sign-off joined measures
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


from .plan_models import Plan, PlanRevision  # noqa: E402  (the plan's models, in their module)

__all__ = [
    "DeadlineExtension",
    "Evidence",
    "Indicator",
    "IndicatorValue",
    "Measure",
    "MeasureEvent",
    "Plan",
    "PlanRevision",
    "ProgressReport",
    "SignOff",
]
