from django.contrib.auth import views as auth_views
from django.utils import timezone

from .models import User


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing one's own password clears the forced-change flag and restarts the clock."""

    def form_valid(self, form):
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(
            must_change_password=False, password_changed_at=timezone.now()
        )
        return response
