from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionKind(models.TextChoices):
    """What the daily supervision run did."""

    REMINDER = "reminder", _("Deadline reminder")
    ESCALATION = "escalation", _("Overdue escalation")
    NOTICE_BLUE = "notice_blue", _("Blue supervision notice")
    NOTICE_YELLOW = "notice_yellow", _("Yellow supervision notice")
    NOTICE_RED = "notice_red", _("Red supervision notice")
    REVIEW_QUEUE = "review_queue", _("Sign-off waiting for review")
    STALE = "stale", _("No progress reported")
    RECHECK = "recheck", _("Re-check due (回头看)")
    DECISION_REMINDER = "decision_reminder", _("Meeting decision due soon")
    DECISION_ESCALATION = "decision_escalation", _("Meeting decision overdue")


class NoticeColour(models.TextChoices):
    BLUE = "blue", _("Blue notice")
    YELLOW = "yellow", _("Yellow notice")
    RED = "red", _("Red notice")


class Channel(models.TextChoices):
    INAPP = "inapp", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom robot")
    DINGTALK = "dingtalk", _("DingTalk robot")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DisciplineStep(models.TextChoices):
    """The discipline office's escalating steps (提醒 → 约谈 → 问责)."""

    REMINDER = "reminder", _("Reminder talk (提醒谈话)")
    INTERVIEW = "interview", _("Interview (约谈)")
    REFERRAL = "referral", _("Accountability referral (问责)")


class RecheckResult(models.TextChoices):
    PENDING = "pending", _("To be re-checked")
    HELD = "held", _("Held: still fixed")
    REBOUND = "rebound", _("Rebound: the problem is back")
