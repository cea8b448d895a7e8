"""The unread count and supervision's pages for the page header: core's base template names
neither supervision's URLs nor its models, it prints what this gives it."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rectify.orgs.enums import ADMIN_ROLES
from rectify.orgs.selectors import roles_of

from .policy import may_keep_register
from .selectors import unread_count_for


def inbox(request):
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_authenticated
        or (roles_of(user) and roles_of(user) <= ADMIN_ROLES)
    ):
        return {}
    pages = [
        ("notices", reverse("supervision:notices"), _("Supervision")),
        ("rechecks", reverse("supervision:rechecks"), _("Re-checks")),
        ("meetings", reverse("supervision:meetings"), _("Meetings")),
    ]
    if may_keep_register(user):
        pages.append(("register", reverse("supervision:register"), _("Register")))
    return {
        "inbox_url": reverse("supervision:inbox"),
        "unread_count": unread_count_for(user=user),
        "supervision_pages": pages,
    }
