"""Delivery channels behind one interface: `send(delivery)` raises on failure.

In-app needs no sending (the inbox reads the notification). E-mail uses Django's mail
backend (SMTP settings from the environment). WeCom (企业微信) and DingTalk (钉钉) group
robots take a JSON POST to their webhook; DingTalk's is signed (HMAC-SHA256 of
"timestamp\\nsecret", base64, URL-quoted), as its documentation describes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from .enums import Channel
from .models import ChannelPreference, Delivery

TIMEOUT_SECONDS = 10


class DeliveryFailed(Exception):
    """The channel refused or could not be reached; the task retries with back-off."""


def _text(delivery: Delivery) -> str:
    note = delivery.notification
    return f"{note.title}\n{note.body}".strip()


def _post_json(url: str, payload: dict) -> dict:
    if not url.startswith(("http://", "https://")):
        raise DeliveryFailed(f"not a web address: {url[:60]}")
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310  # nosec B310
            body = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, ValueError) as exc:
        raise DeliveryFailed(str(exc)[:500]) from exc
    if body.get("errcode", 0) != 0:
        raise DeliveryFailed(f"robot answered {body.get('errcode')}: {body.get('errmsg', '')}")
    return body


def dingtalk_signed_url(url: str, secret: str, *, now_ms: int | None = None) -> str:
    """The robot's webhook with `timestamp` and `sign` added (DingTalk's signing)."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256
    ).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


def send(delivery: Delivery) -> None:
    channel = delivery.channel
    if channel == Channel.INAPP:
        return
    if channel == Channel.EMAIL:
        address = delivery.notification.recipient.email
        if not address:
            raise DeliveryFailed("the recipient has no e-mail address")
        send_mail(delivery.notification.title, _text(delivery), None, [address])
        return
    if channel == Channel.WECOM:
        payload = {"msgtype": "text", "text": {"content": _text(delivery)}}
        _post_json(settings.RECTIFY_WECOM_WEBHOOK, payload)
        return
    if channel == Channel.DINGTALK:
        url = settings.RECTIFY_DINGTALK_WEBHOOK
        if settings.RECTIFY_DINGTALK_SECRET:
            url = dingtalk_signed_url(url, settings.RECTIFY_DINGTALK_SECRET)
        _post_json(url, {"msgtype": "text", "text": {"content": _text(delivery)}})
        return
    raise DeliveryFailed(f"unknown channel {channel}")


def configured(user) -> list[str]:
    """The channels this deployment can reach `user` on (beside the inbox)."""
    found = []
    if settings.RECTIFY_NOTIFY_EMAIL and user.email:
        found.append(Channel.EMAIL)
    if settings.RECTIFY_WECOM_WEBHOOK:
        found.append(Channel.WECOM)
    if settings.RECTIFY_DINGTALK_WEBHOOK:
        found.append(Channel.DINGTALK)
    return found


def _preferences(user) -> dict[str, bool]:
    """The person's choices, over their units' (a unit above counts for those below)."""
    unit_ids = [
        int(pk)
        for membership in user.memberships.select_related("org_unit")
        for pk in membership.org_unit.path.strip("/").split("/")
        if pk
    ]
    chosen: dict[str, bool] = {}
    for pref in ChannelPreference.objects.filter(unit_id__in=unit_ids):
        chosen[pref.channel] = chosen.get(pref.channel, True) and pref.enabled
    for pref in ChannelPreference.objects.filter(user=user):
        chosen[pref.channel] = pref.enabled
    return chosen


def channels_for(user) -> list[str]:
    """The channels a message to `user` takes: the inbox always, and those configured for
    this deployment that neither the person nor their unit has turned off (no query at all
    where only the inbox is configured)."""
    configured_here = configured(user)
    if not configured_here:
        return [Channel.INAPP]
    chosen = _preferences(user)
    return [Channel.INAPP, *(c for c in configured_here if chosen.get(c, True))]
