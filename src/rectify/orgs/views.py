from django.contrib.auth import views as auth_views

from .services import user_password_changed


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password clears the forced-change flag and restarts the clock."""

    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_changed(user=form.user)
        return response
