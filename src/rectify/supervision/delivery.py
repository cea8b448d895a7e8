"""Sending one delivery on its channel, recorded in the delivery log (who, what, channel,
status, attempts, error). A failure raises, so the job layer retries with back-off; the last
error stays on the delivery."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from .channels import DeliveryFailed, send
from .enums import DeliveryStatus
from .models import Delivery


def delivery_send(*, delivery_id: int) -> str:
    delivery = Delivery.objects.select_related("notification__recipient").get(pk=delivery_id)
    if delivery.status == DeliveryStatus.SENT:
        return delivery.status  # a retried job whose first attempt got through
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    try:
        send(delivery)
    except DeliveryFailed as exc:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.FAILED, error=str(exc)[:2000]
        )
        raise
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), error=""
    )
    return DeliveryStatus.SENT
