"""Records of supervision: thresholds, what the daily run did, notices, the inbox, deliveries."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rectify.core.models import TimeStamped
from rectify.measures.models import Measure, ProgressReport
from rectify.orgs.models import OrgUnit

from .enums import (
    ActionKind,
    Channel,
    DeliveryStatus,
    DisciplineStep,
    NoticeColour,
    RecheckResult,
)


class SupervisionAction(models.Model):
    """One act of the daily run, once: the unique occasion makes a second run do nothing."""

    kind = models.CharField(max_length=20, choices=ActionKind.choices)
    measure = models.ForeignKey(Measure, models.CASCADE, null=True, blank=True, related_name="+")
    decision = models.ForeignKey(
        "MeetingDecision", models.CASCADE, null=True, blank=True, related_name="+"
    )
    occasion = models.CharField(max_length=40)  # e.g. the deadline the reminder was for
    run_date = models.DateField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-run_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "measure", "occasion"], name="supervision_action_once"
            ),
            models.UniqueConstraint(
                fields=["kind", "decision", "occasion"],
                condition=models.Q(decision__isnull=False),
                name="supervision_decision_action_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.measure_id} {self.occasion}"


class SupervisionNotice(TimeStamped):
    """督办单: a numbered notice on a measure, climbing blue → yellow → red."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    measure = models.ForeignKey(Measure, models.CASCADE, related_name="supervision_notices")
    colour = models.CharField(_("colour"), max_length=10, choices=NoticeColour.choices)
    issued_on = models.DateField(_("issued on"))
    reply_due = models.DateField(_("reply due"))
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # The reply is a progress report on the measure, with its evidence (佐证材料).
    reply_report = models.ForeignKey(
        ProgressReport, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")

    def __str__(self) -> str:
        return self.number

    def is_unanswered(self, today: dt.date) -> bool:
        return self.replied_at is None and self.reply_due < today


class Notification(models.Model):
    """站内消息: one message to one user, read in the inbox, delivered on their channels."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    measure = models.ForeignKey(Measure, models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """投递记录: a notification sent on one channel — status, attempts, the last error."""

    notification = models.ForeignKey(Notification, models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.channel} {self.status}"


class DisciplineRecord(TimeStamped):
    """谈话提醒登记表: one reminder, interview or referral by the discipline office."""

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    step = models.CharField(_("step"), max_length=12, choices=DisciplineStep.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person talked to"),
    )
    subject_name = models.CharField(_("person talked to (name)"), max_length=100, blank=True)
    held_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    outcome = models.TextField(_("outcome"), blank=True)
    follow_up_on = models.DateField(_("follow-up date"), null=True, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    measures = models.ManyToManyField(Measure, related_name="+", blank=True)
    notices = models.ManyToManyField(
        SupervisionNotice, related_name="discipline_records", blank=True
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("discipline record")
        verbose_name_plural = _("discipline records")

    def __str__(self) -> str:
        return f"{self.get_step_display()} {self.held_on}"

    @property
    def whom(self) -> str:
        return str(self.subject) if self.subject_id else self.subject_name


class Recheck(TimeStamped):
    """回头看: a re-check of a signed-off measure, due some months after its sign-off."""

    measure = models.ForeignKey(Measure, models.CASCADE, related_name="rechecks")
    due_on = models.DateField(_("due on"))
    months = models.PositiveSmallIntegerField(_("months after sign-off"))
    high_risk = models.BooleanField(_("high risk"), default=False)
    result = models.CharField(
        _("result"), max_length=10, choices=RecheckResult.choices, default=RecheckResult.PENDING
    )
    note = models.TextField(_("what the re-check found"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("re-check")
        verbose_name_plural = _("re-checks")

    def __str__(self) -> str:
        return f"{self.measure_id} +{self.months}"


class SupervisionMeeting(TimeStamped):
    """督导会议: a supervision meeting of a unit, its minutes and its decisions."""

    unit = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+", verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    attendees = models.TextField(_("attendees"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("supervision meeting")
        verbose_name_plural = _("supervision meetings")

    def __str__(self) -> str:
        return self.title


class MeetingDecision(TimeStamped):
    """A decision of a meeting: linked to measures, or a tracked item with owner and deadline
    that the daily run chases like a measure."""

    meeting = models.ForeignKey(SupervisionMeeting, models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    measures = models.ManyToManyField(Measure, related_name="+", blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ChannelPreference(models.Model):
    """Whether a person (or, for everyone in it, a unit) takes messages on a channel; the
    person's choice wins over the unit's, the unit's over the deployment's settings."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(OrgUnit, models.CASCADE, null=True, blank=True, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "channel"],
                condition=models.Q(user__isnull=False),
                name="channel_preference_user",
            ),
            models.UniqueConstraint(
                fields=["unit", "channel"],
                condition=models.Q(unit__isnull=False),
                name="channel_preference_unit",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) ^ models.Q(unit__isnull=False),
                name="channel_preference_user_xor_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.unit_id} {self.channel} {self.enabled}"
