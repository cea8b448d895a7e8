"""Shared model pieces."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: every write goes through `core.locking.update_versioned`."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True
