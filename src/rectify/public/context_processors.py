"""The public site's pages in the page header: core's base template names neither this app's
URLs nor its models, it prints what this gives it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .policy import publishing_units


def pages(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not publishing_units(user):
        return {}
    return {
        "public_pages": [
            ("publishing", reverse("publishing:index"), _("Publishing")),
        ]
    }
