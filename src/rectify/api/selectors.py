"""Reads of API tokens: a user sees only their own; a bearer secret finds a usable token."""

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rectify.orgs.models import User

from .models import ApiToken, token_hash
from .services import TOKEN_PREFIX


def api_token_list_for(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for(*, user: User, pk: int) -> ApiToken:
    return get_object_or_404(api_token_list_for(user=user), pk=pk)


def api_token_find(*, secret: str, now: dt.datetime) -> ApiToken | None:
    """The usable token with this secret (not revoked, not expired, owner active), or None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    return (
        ApiToken.objects.usable(now)
        .select_related("user")
        .filter(key_hash=token_hash(secret))
        .first()
    )
