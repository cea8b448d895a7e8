"""Messages to people: one `Notification` per recipient (the inbox), one `Delivery` per
channel, the sending queued as worker tasks once the caller's transaction commits.

Mechanical writes of the inbox, not acts of anyone: the act that caused a message (a sign-off
request, a supervision notice, the daily run) is what the audit trail records."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from rectify.jobs.services import job_enqueue
from rectify.measures.models import Measure
from rectify.orgs.models import User

from .channels import channels_for
from .enums import Channel, DeliveryStatus
from .models import Delivery, Notification
from .tasks import delivery_send_task


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str = "",
    measure: Measure | None = None,
) -> list[Notification]:
    """Write the messages and queue their deliveries (in the caller's transaction)."""
    sent = []
    for user in {u.pk: u for u in recipients if u is not None}.values():
        note = Notification.objects.create(
            recipient=user, kind=kind, title=title[:200], body=body, measure=measure
        )
        for channel in channels_for(user):
            delivery = Delivery.objects.create(
                notification=note,
                channel=channel,
                status=DeliveryStatus.SENT if channel == Channel.INAPP else DeliveryStatus.PENDING,
                sent_at=timezone.now() if channel == Channel.INAPP else None,
            )
            if channel != Channel.INAPP:
                job_enqueue(task=delivery_send_task, args=[delivery.pk])
        sent.append(note)
    return sent


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    """Mark the user's messages read (the given ones, or all); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
