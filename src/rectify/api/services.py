"""Writes on API tokens: create (the secret returned once) and revoke; both audited."""

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ValidationFailed
from rectify.orgs.models import User

from .models import ApiToken, token_hash

TOKEN_PREFIX = "rct_"  # noqa: S105 - a marker, not a secret
MAX_DAYS = 366
EXPIRY_CHOICES = (30, 90, 180, 365)


@transaction.atomic
def api_token_create(
    *, user: User, name: str, days: int, now: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid ``days`` days; returns it with its secret (never stored)."""
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Name the token after the system that will use it."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationFailed(_("A token is valid for 1 to %(max)s days."), max=MAX_DAYS)
    now = now or timezone.now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        key_hash=token_hash(secret),
        expires_at=now + dt.timedelta(days=days),
    )
    audit_log(
        actor=user,
        code=AuditCode.API_TOKEN_CREATED,
        obj=token,
        after={"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token now; its row stays (who made it, when it was last used)."""
    if token.user_id != actor.pk:
        raise ValidationFailed(_("Only the token's owner may revoke it."))
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed != 1:
        raise ValidationFailed(_("This token is already revoked."))
    token.refresh_from_db()
    audit_log(
        actor=actor,
        code=AuditCode.API_TOKEN_REVOKED,
        obj=token,
        after={"prefix": token.prefix},
    )
    return token
