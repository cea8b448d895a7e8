"""Reads of supervision, scoped to the user: their inbox, the 督办单 they may open."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from rectify.measures.selectors import measure_list_for
from rectify.orgs.models import User

from .models import Notification, SupervisionNotice


def inbox_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("measure")


def unread_count_for(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notice_list_for(*, user: User) -> QuerySet[SupervisionNotice]:
    """督办单 of the measures the user may open."""
    return SupervisionNotice.objects.filter(
        measure__in=measure_list_for(user=user).values("pk")
    ).select_related("measure")


def notice_get_for(*, user: User, pk: int) -> SupervisionNotice:
    notice: SupervisionNotice = get_object_or_404(notice_list_for(user=user), pk=pk)
    return notice
