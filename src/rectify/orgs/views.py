from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from .enums import Role
from .selectors import roles_of
from .services import user_password_changed


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
