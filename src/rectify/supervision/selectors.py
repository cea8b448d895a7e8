"""Reads of supervision, scoped to the user: their inbox, the 督办单 they may open."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from rectify.measures.selectors import measure_list_for
from rectify.orgs.enums import Role
from rectify.orgs.models import User
from rectify.orgs.selectors import has_role, subtree_q, units_with_role

from .models import (
    Delivery,
    DisciplineRecord,
    Notification,
    Recheck,
    SupervisionMeeting,
    SupervisionNotice,
)
from .policy import discipline_units


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


def discipline_records_for(*, user: User) -> QuerySet[DisciplineRecord]:
    """The register of the units where the user is a discipline supervisor; empty otherwise."""
    units = discipline_units(user)
    if not units:
        return DisciplineRecord.objects.none()
    return DisciplineRecord.objects.filter(subtree_q("unit", units)).select_related(
        "subject", "recorded_by", "unit"
    )


def discipline_record_get_for(*, user: User, pk: int) -> DisciplineRecord:
    record: DisciplineRecord = get_object_or_404(discipline_records_for(user=user), pk=pk)
    return record


def discipline_count(*, unit, start, end) -> int:
    """人次 of the register of `unit` (and below) held between `start` and `end`."""
    return DisciplineRecord.objects.filter(
        subtree_q("unit", [unit]), held_on__gte=start, held_on__lte=end
    ).count()


def recheck_list_for(*, user: User) -> QuerySet[Recheck]:
    """回头看 of the measures the user may open."""
    return Recheck.objects.filter(
        measure__in=measure_list_for(user=user).values("pk")
    ).select_related("measure")


def recheck_get_for(*, user: User, pk: int) -> Recheck:
    recheck: Recheck = get_object_or_404(recheck_list_for(user=user), pk=pk)
    return recheck


def meeting_list_for(*, user: User) -> QuerySet[SupervisionMeeting]:
    """Meetings of the units where the user is the office or a leader, or that gave them a
    decision to carry out."""
    units = units_with_role(user, Role.OFFICE, Role.LEADER)
    query = Q(decisions__owner=user)
    if units:
        query |= subtree_q("unit", units)
    return SupervisionMeeting.objects.filter(query).distinct().prefetch_related("decisions__owner")


def meeting_get_for(*, user: User, pk: int) -> SupervisionMeeting:
    meeting: SupervisionMeeting = get_object_or_404(meeting_list_for(user=user), pk=pk)
    return meeting


def delivery_log_for(*, user: User, status: str = "") -> QuerySet[Delivery]:
    """投递记录 for the system administrator: who, what, channel, status, attempts, error."""
    if not has_role(user, Role.SYSADMIN):
        return Delivery.objects.none()
    rows = Delivery.objects.select_related("notification__recipient").order_by("-pk")
    return rows.filter(status=status) if status else rows
