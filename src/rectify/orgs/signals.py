"""Login bookkeeping: one session for administrator roles; password change timestamps."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.dispatch import receiver

from .enums import ADMIN_ROLES
from .models import User
from .selectors import roles_of


@receiver(user_logged_in)
def single_session_for_admins(sender, request, user: User, **kwargs):
    if not (roles_of(user) & ADMIN_ROLES):
        return
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    if user.current_session_key and user.current_session_key != request.session.session_key:
        store(session_key=user.current_session_key).delete()
    if not request.session.session_key:
        request.session.save()
    User.objects.filter(pk=user.pk).update(current_session_key=request.session.session_key)
    user.current_session_key = request.session.session_key
