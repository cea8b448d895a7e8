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
from .tasks import deliveries_send_task, delivery_send_task


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


DIGEST_LINES = 20


def _digest(
    items: list[tuple[int, str, str, int | None]],
) -> list[tuple[int, str, str, str, int | None]]:
    """One message per person and kind: a single item as it is, several as a digest that
    lists them (nobody wants 300 messages from one morning's run)."""
    grouped: dict[tuple[int, str], list[tuple[str, int | None]]] = {}
    for uid, kind, title, mid in items:
        grouped.setdefault((uid, kind), []).append((title, mid))
    out = []
    for (uid, kind), entries in grouped.items():
        if len(entries) == 1:
            title, mid = entries[0]
            out.append((uid, kind, title, "", mid))
            continue
        head = entries[0][0].split("：")[0]
        lines = [title.split("：", 1)[-1] for title, _ in entries[:DIGEST_LINES]]
        more = len(entries) - DIGEST_LINES
        body = "\n".join(lines) + (f"\n……另有 {more} 项" if more > 0 else "")
        out.append((uid, kind, f"{head}：共 {len(entries)} 项", body, None))
    return out


def notify_many(items: list[tuple[int, str, str, int | None]]) -> int:
    """Many messages at once — (recipient id, kind, title, measure id) — for the daily run:
    one per person and kind (a digest when several), written in bulk, external deliveries
    queued in batches. Returns how many messages were written."""
    if not items:
        return 0
    users = {u.pk: u for u in User.objects.filter(pk__in={i[0] for i in items})}
    notes = Notification.objects.bulk_create(
        Notification(recipient_id=uid, kind=kind, title=title[:200], body=body, measure_id=mid)
        for uid, kind, title, body, mid in _digest(items)
        if uid in users
    )
    now = timezone.now()
    deliveries, external = [], []
    for note in notes:
        for channel in channels_for(users[note.recipient_id]):
            inapp = channel == Channel.INAPP
            delivery = Delivery(
                notification=note,
                channel=channel,
                status=DeliveryStatus.SENT if inapp else DeliveryStatus.PENDING,
                sent_at=now if inapp else None,
            )
            (deliveries if inapp else external).append(delivery)
    Delivery.objects.bulk_create(deliveries)
    queued = Delivery.objects.bulk_create(external)
    for start in range(0, len(queued), BATCH):
        batch = [d.pk for d in queued[start : start + BATCH]]
        job_enqueue(task=deliveries_send_task, args=[batch])
    return len(notes)


BATCH = 200
