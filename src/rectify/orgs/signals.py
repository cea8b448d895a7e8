"""Login bookkeeping: audit of logins and failures; one session for administrator roles."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log

from .enums import ADMIN_ROLES
from .models import User
from .selectors import roles_of


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def on_login(sender, request, user: User, **kwargs):
    audit_log(actor=user, code=AuditCode.AUTH_LOGIN, obj=user, ip_address=_ip(request))
    if not (roles_of(user) & ADMIN_ROLES):
        return
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if user.current_session_key and user.current_session_key != request.session.session_key:
        store(session_key=user.current_session_key).delete()
    if not request.session.session_key:
        request.session.save()
    User.objects.filter(pk=user.pk).update(current_session_key=request.session.session_key)
    user.current_session_key = request.session.session_key


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(actor=user, code=AuditCode.AUTH_LOGOUT, obj=user, ip_address=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username", ""))[:150]
    audit_log(
        actor=None,
        code=AuditCode.AUTH_LOGIN_FAILED,
        note=username,
        ip_address=_ip(request),
        after={"username": username},
    )
