from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped, Versioned
from rectify.orgs.models import OrgUnit, OutsideUnit

from .enums import FindingKind, InspectionKind, SectionPlacement


class Inspection(TimeStamped, Versioned):
    """巡视/巡察轮次: one inspection round of one inspected unit, and its feedback."""

    kind = models.CharField(
        _("kind"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.XUNCHA
    )
    title = models.CharField(_("title"), max_length=300)
    inspecting_body = models.CharField(_("inspecting body"), max_length=200)
    inspecting_unit = models.ForeignKey(
        OrgUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections_made",
        verbose_name=_("inspecting unit"),
    )
    inspected_unit = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="inspections", verbose_name=_("inspected unit")
    )
    # 外单位 from the register: the inspecting body, and the inspected unit when the feedback
    # names one outside the tree (the round is then rectified by `inspected_unit`'s office).
    inspecting_outside = models.ForeignKey(
        OutsideUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections_made",
        verbose_name=_("inspecting body (register)"),
    )
    inspected_outside = models.ForeignKey(
        OutsideUnit,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("inspected unit (register)"),
    )
    inspected_unit_name = models.CharField(
        _("inspected unit as named in the feedback"), max_length=200, blank=True
    )
    period_start = models.DateField(_("inspection start"), null=True, blank=True)
    period_end = models.DateField(_("inspection end"), null=True, blank=True)
    feedback_date = models.DateField(_("feedback date"), null=True, blank=True)
    report_due_date = models.DateField(
        _("rectification report due"),
        null=True,
        blank=True,
        help_text=_("When the rectification report is due (often two months after feedback)."),
    )
    previous = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("previous round"),
    )
    # Data for the public progress notice (通报).
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    notice_title = models.CharField(_("notice title"), max_length=300, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    preamble = models.TextField(_("preamble"), blank=True)
    findings_heading = models.CharField(
        _("heading of the findings part"), max_length=300, blank=True
    )
    contacts = models.JSONField(_("public contacts"), default=dict, blank=True)

    class Meta:
        ordering = ["-feedback_date", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return self.title


class NoticeSection(TimeStamped):
    """通报的综述部分: editable general text kept per inspection (organisation, next steps)."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="sections")
    placement = models.CharField(max_length=10, choices=SectionPlacement.choices)
    position = models.PositiveIntegerField(default=0)
    label = models.CharField(_("label"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["inspection", "placement", "position"]
        verbose_name = _("notice section")
        verbose_name_plural = _("notice sections")

    def __str__(self) -> str:
        return f"{self.label}{self.title}"


class FindingQuerySet(models.QuerySet):
    def in_tree_order(self) -> "FindingQuerySet":
        return self.order_by("inspection_id", "sort_key")

    def current(self) -> "FindingQuerySet":
        """Findings still in the plan (not withdrawn)."""
        return self.filter(withdrawn_at__isnull=True)


class Finding(TimeStamped):
    """反馈问题: a node of the finding tree (aspect 方面 → problem （一） → sub-problem 1. …)."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="findings")
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children"
    )
    kind = models.CharField(_("level"), max_length=10, choices=FindingKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # "0003.0001.0002": positions along the path, so one ORDER BY gives the tree.
    sort_key = models.CharField(max_length=200, editable=False, db_index=True, default="")
    label = models.CharField(_("original label"), max_length=40, blank=True)
    title = models.TextField(_("title"))
    text = models.TextField(_("original text"), blank=True)
    numbered = models.BooleanField(default=True)
    previous_finding = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("finding of an earlier round"),
    )
    # Withdrawn (撤销) with a reason when records hang on it; it stays in the tree, uncounted.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("why withdrawn"), blank=True)

    objects = FindingQuerySet.as_manager()

    # Kept right by save() from parent and position; written whenever those are.
    DERIVED_FIELDS = ("sort_key", "depth")

    class Meta:
        ordering = ["inspection", "sort_key"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        indexes = [models.Index(fields=["inspection", "sort_key"])]

    def __str__(self) -> str:
        return f"{self.label}{self.title}"[:80]

    def save(self, *args, **kwargs):
        prefix = f"{self.parent.sort_key}." if self.parent_id else ""
        old_key = self.sort_key
        self.sort_key = f"{prefix}{self.position:04d}"
        self.depth = (self.parent.depth + 1) if self.parent_id else 0
        super().save(*args, **kwargs)
        if old_key and old_key != self.sort_key:
            self._renumber_subtree()

    def _renumber_subtree(self) -> None:
        """The node moved: the children's keys follow (and, through a signal that the
        measures app listens to, the measures' copies)."""
        for child in self.children.all():
            child.save(update_fields=["sort_key", "depth"])


class Thresholds(models.Model):
    """预警阈值 of one inspection (warning lights, reminders, 督办单); an inspection without a
    row uses `DEFAULT_THRESHOLDS`."""

    inspection = models.OneToOneField(
        Inspection, models.CASCADE, related_name="supervision_thresholds"
    )
    remind_days = models.PositiveSmallIntegerField(_("remind days before the deadline"), default=7)
    stale_days = models.PositiveSmallIntegerField(_("days without progress"), default=30)
    review_days = models.PositiveSmallIntegerField(_("days a sign-off may wait"), default=5)
    blue_days = models.PositiveSmallIntegerField(_("blue notice, days before"), default=20)
    yellow_days = models.PositiveSmallIntegerField(_("yellow notice, days before"), default=10)
    reply_days = models.PositiveSmallIntegerField(_("days to reply to a notice"), default=5)

    class Meta:
        db_table = "supervision_thresholds"
        verbose_name = _("supervision thresholds")
        verbose_name_plural = _("supervision thresholds")

    def __str__(self) -> str:
        return f"{self.inspection_id}"


DEFAULT_THRESHOLDS = Thresholds(
    remind_days=7, stale_days=30, review_days=5, blue_days=20, yellow_days=10, reply_days=5
)
