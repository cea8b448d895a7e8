"""Lockout per account across addresses, on top of django-axes' per user-and-address limit.

Axes locks a user name at one address after 5 failures for 30 minutes. Guessing from many
addresses is stopped here: every failure is kept in axes' failure log
(AXES_ENABLE_ACCESS_FAILURE_LOG); from ACCOUNT_LIMIT failures since the account's last login
(or its last unlock), whatever the addresses, the account is locked for a delay that doubles
with each further failure (1, 2, 4 … minutes, at most a day). Attempts while locked are
refused without checking the password and count as failures. The security administrator
unlocks an account (``orgs.services.account_unlock``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

ACCOUNT_LIMIT = 10
FIRST_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(days=1)
WINDOW = dt.timedelta(days=1)


@dataclass(frozen=True)
class LockState:
    failures: int
    until: dt.datetime | None

    @property
    def locked(self) -> bool:
        return self.until is not None and self.until > timezone.now()


def delay_after(failures: int) -> dt.timedelta:
    """How long an account stays locked after ``failures`` failures (0 below the limit)."""
    if failures < ACCOUNT_LIMIT:
        return dt.timedelta(0)
    return min(MAX_DELAY, FIRST_DELAY * (1 << min(failures - ACCOUNT_LIMIT, 20)))


def _since(username: str, now: dt.datetime) -> dt.datetime:
    from .models import User  # noqa: PLC0415  (the auth backend is loaded with the settings)

    since = now - WINDOW
    last = User.objects.filter(username=username).values_list("last_login", flat=True).first()
    return max(since, last) if last else since


def lock_state(username: str, *, now: dt.datetime | None = None) -> LockState:
    from axes.models import AccessFailureLog  # type: ignore[import-untyped]  # noqa: PLC0415

    now = now or timezone.now()
    failures = AccessFailureLog.objects.filter(
        username=username, attempt_time__gt=_since(username, now)
    )
    count = failures.count()
    if count < ACCOUNT_LIMIT:
        return LockState(count, None)
    newest = failures.order_by("-attempt_time").values_list("attempt_time", flat=True).first()
    return LockState(count, newest + delay_after(count) if newest else None)


def locked_accounts() -> list[tuple[str, LockState]]:
    """User names locked now (for the security administrator's page)."""
    from axes.models import AccessFailureLog  # noqa: PLC0415

    recent = AccessFailureLog.objects.filter(attempt_time__gt=timezone.now() - WINDOW)
    names = sorted(set(recent.values_list("username", flat=True)) - {None, ""})
    states = [(name, lock_state(name)) for name in names]
    return [(name, state) for name, state in states if state.locked]


def clear_failures(username: str) -> None:
    from axes.models import AccessAttempt, AccessFailureLog  # noqa: PLC0415

    AccessFailureLog.objects.filter(username=username).delete()
    AccessAttempt.objects.filter(username=username).delete()


class AccountLockoutBackend:
    """First of the authentication backends: a locked account is refused before any password
    is checked (Django then sends user_login_failed, which axes logs)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and getattr(settings, "AXES_ENABLED", True) and lock_state(username).locked:
            raise PermissionDenied
        return None  # no get_user: it never logs anyone in (sessions name ModelBackend)
