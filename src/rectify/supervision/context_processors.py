"""The unread count and the inbox's address for the page header (core's base template
names neither supervision's URLs nor its models)."""

from django.urls import reverse

from .selectors import unread_count_for


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_url": reverse("supervision:inbox"), "unread_count": unread_count_for(user=user)}
