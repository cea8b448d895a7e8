from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checks passed")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Corrected by a later version")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Visible on the public site (a superseded version stays readable, marked as corrected).
PUBLIC_STATUSES = {
    PublicationStatus.PUBLISHED,
    PublicationStatus.SUPERSEDED,
    PublicationStatus.WITHDRAWN,
}
# Not yet published: at most one of these per round.
OPEN_STATUSES = {PublicationStatus.DRAFT, PublicationStatus.CHECKED, PublicationStatus.APPROVED}


class OpinionCategory(models.TextChoices):
    SUGGESTION = "suggestion", _("Suggestion")
    PROBLEM_CLUE = "problem_clue", _("Clue to a problem")
    RECTIFICATION = "rectification", _("Opinion on the rectification")
    OTHER = "other", _("Other")


class OpinionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    CLOSED = "closed", _("Closed")
