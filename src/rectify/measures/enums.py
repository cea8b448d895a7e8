from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediate (立行立改)")
    TIME_BOUND = "time_bound", _("Time-bound (限期整改)")
    LONG_TERM = "long_term", _("Long-term (长期坚持)")


class MeasureCategory(models.TextChoices):
    """What a measure is, for the sign-off gates (rectify.insights.gates)."""

    GENERAL = "general", _("General")
    RULES = "rules", _("Rules established (建章立制)")
    CASE = "case", _("Case work (拆违 / 信访 / 12345)")


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SIGNOFF_REQUESTED = "signoff_requested", _("Sign-off requested")
    SIGNED_OFF = "signed_off", _("Signed off")
    RETURNED = "returned", _("Returned")
    LONG_TERM = "long_term", _("Long-term")
    WITHDRAWN = "withdrawn", _("Withdrawn from the plan")


# A measure in these states still needs work; overdue applies to them.
OPEN_STATUSES = {
    MeasureStatus.NOT_STARTED,
    MeasureStatus.IN_PROGRESS,
    MeasureStatus.RETURNED,
    MeasureStatus.SIGNOFF_REQUESTED,
}
# Past its deadline in one of these states, a measure is overdue (under review is not).
OVERDUE_STATUSES = OPEN_STATUSES - {MeasureStatus.SIGNOFF_REQUESTED}


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    SET_DIRECTLY = "set", _("Set by the office")


class Decision(models.TextChoices):
    """The decision on a sign-off request."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Light(models.TextChoices):
    """预警灯: a measure's state at a glance, rolled up the finding tree."""

    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    GREY = "grey", _("Grey (long-term)")
    BLUE = "blue", _("Blue (signed off)")


class LightReason(models.TextChoices):
    """Why a measure has its light (shown beside it)."""

    SIGNED_OFF = "signed_off", _("Signed off")
    WITHDRAWN = "withdrawn", _("Withdrawn from the plan")
    LONG_TERM = "long_term", _("Long-term measure, reviewed periodically")
    OVERDUE = "overdue", _("Past its deadline")
    RETURNED_TWICE = "returned_twice", _("Sign-off returned twice or more")
    NOTICE_UNANSWERED = "notice_unanswered", _("A supervision notice is unanswered")
    DEADLINE_NEAR = "deadline_near", _("Deadline near and no sign-off requested")
    STALE = "stale", _("No progress reported for a long time")
    ON_TRACK = "on_track", _("On track")


LIGHT_OF_REASON = {
    LightReason.SIGNED_OFF: Light.BLUE,
    LightReason.WITHDRAWN: Light.GREY,
    LightReason.LONG_TERM: Light.GREY,
    LightReason.OVERDUE: Light.RED,
    LightReason.RETURNED_TWICE: Light.RED,
    LightReason.NOTICE_UNANSWERED: Light.RED,
    LightReason.DEADLINE_NEAR: Light.YELLOW,
    LightReason.STALE: Light.YELLOW,
    LightReason.ON_TRACK: Light.GREEN,
}


class PlanStatus(models.TextChoices):
    """整改方案: written by the office, approved by the unit's leader, then versioned."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class RevisionKind(models.TextChoices):
    APPROVED = "approved", _("Plan approved")
    CHANGED = "changed", _("Measure changed")
    ADDED = "added", _("Measure added")
    DROPPED = "dropped", _("Measure dropped")
