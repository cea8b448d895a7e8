from contextlib import suppress

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from rectify.core.errors import DomainError

from .enums import Role
from .selectors import roles_of
from .services import user_language_set, user_password_changed


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password clears the forced-change flag and restarts the clock."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user, session_key=self.request.session.session_key)
        return response


def home(request):
    """Business users start at the inspections; each administrator at their own pages."""
    held = roles_of(request.user) if request.user.is_authenticated else set()
    for role, target in [
        (Role.SYSADMIN, "manage:users"),
        (Role.SECADMIN, "manage:roles"),
        (Role.AUDITADMIN, "audit:entries"),
    ]:
        if role in held:
            return redirect(target)
    return redirect("inspections:list")


@require_POST
def language_set(request):
    """Django's language switch (the cookie), and for a logged-in user the choice kept on the
    account, so the next log-in (in any browser) opens in it."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated:
        with suppress(DomainError):  # an unknown language: Django's view ignored it too
            user_language_set(user=request.user, language=language)
    return response
