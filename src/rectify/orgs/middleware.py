"""Session policy: idle and absolute timeouts, one session for administrator roles,
a forced password change, and the TOTP second factor at 等保 level 3."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import ADMIN_ROLES
from .login_redirect import login_redirect
from .selectors import roles_of

SESSION_LOGIN_AT = "rectify_login_at"
SESSION_SEEN_AT = "rectify_seen_at"
SEEN_STAMP_SECONDS = 60  # the last-activity stamp is rewritten at most this often


def _exempt(path: str) -> bool:
    prefixes = [
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL,
        "/i18n/",
        "/public/",
    ]
    return any(path.startswith(p) for p in prefixes)


class SessionPolicyMiddleware:
    """Idle timeout (30 min), absolute timeout (12 h), one session for administrators,
    and a forced password change (initial password, or older than the policy allows)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not _exempt(request.path):
            response = self._enforce(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _end(self, request, message: str):
        logout(request)
        response = login_redirect(request, message)
        response.rectify_login_redirect = True  # type: ignore[attr-defined]
        return response

    def _enforce(self, request, user):
        now = time.time()
        session = request.session
        login_at = session.setdefault(SESSION_LOGIN_AT, now)
        seen_at = session.get(SESSION_SEEN_AT, now)
        if now - seen_at > settings.RECTIFY_SESSION_IDLE_SECONDS:
            return self._end(request, _("You were logged out after 30 minutes without activity."))
        if now - login_at > settings.RECTIFY_SESSION_ABSOLUTE_SECONDS:
            return self._end(request, _("Your session reached its 12-hour limit; log in again."))
        if now - seen_at >= SEEN_STAMP_SECONDS or SESSION_SEEN_AT not in session:
            # At most once a minute: an unchanged session is not written back (the row's
            # expiry moves with the stamp, SESSION_COOKIE_AGE after it, as the idle check).
            session[SESSION_SEEN_AT] = now
        if (
            user.current_session_key
            and session.session_key
            and (user.current_session_key != session.session_key)
        ):
            return self._end(request, _("You logged in elsewhere; this session was closed."))
        if self._second_factor_due(request, user):
            allowed = {reverse("otp_setup"), reverse("otp_verify"), reverse("logout")}
            if request.path not in allowed:
                return redirect(f"{reverse('otp_verify')}?next={request.path}")
            return None
        if self._password_change_due(user):
            allowed = {
                reverse("password_change"),
                reverse("password_change_done"),
                reverse("logout"),
            }
            if request.path not in allowed:
                messages.info(request, _("Please set a new password before you continue."))
                return redirect("password_change")
        return None

    @staticmethod
    def _second_factor_due(request, user) -> bool:
        """At 等保 level 3, administrator roles must pass a TOTP check each session."""
        if settings.RECTIFY_SECURITY_LEVEL < 3:
            return False
        return bool(roles_of(user) & ADMIN_ROLES) and not user.is_verified()

    @staticmethod
    def _password_change_due(user) -> bool:
        if user.must_change_password:
            return True
        max_age = settings.RECTIFY_PASSWORD_MAX_AGE_DAYS
        if max_age and user.password_changed_at:
            return (timezone.now() - user.password_changed_at).days >= max_age
        return False


class UserLanguageMiddleware:
    """A logged-in user sees the language kept on their account (`User.language`), whatever
    the browser's cookie says; the cookie is brought in line, so the log-in page after a
    log-out stays in that language too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        wanted = user.language if user is not None and user.is_authenticated else ""
        if wanted and wanted != getattr(request, "LANGUAGE_CODE", None):
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        response = self.get_response(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if wanted and request.COOKIES.get(cookie) != wanted and cookie not in response.cookies:
            response.set_cookie(
                cookie,
                wanted,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
