"""Per-user API tokens: only a SHA-256 of the secret is stored; the secret is shown once."""

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def token_hash(secret: str) -> str:
    """What is stored and looked up: the SHA-256 of the whole secret (256 random bits)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now) -> "ApiTokenQuerySet":
        """Neither revoked nor expired, and its owner still active."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the REST API v1, acting with exactly its owner's permissions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12)  # shown to tell tokens apart
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 hex of the whole secret
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and self.expires_at > now

    def record_use(self, now) -> None:
        """Last use (bookkeeping, not audited: every request would be); once a minute at most."""
        if self.last_used_at is None or now - self.last_used_at > dt.timedelta(minutes=1):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
