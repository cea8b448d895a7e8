"""Channels: e-mail through Django's mail backend, WeCom and DingTalk robots through a local
HTTP server standing in for them (DingTalk's signature checked), failures logged and retried."""

import base64
import hashlib
import hmac
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from rectify.jobs.models import Job
from rectify.supervision.channels import dingtalk_signed_url
from rectify.supervision.delivery import delivery_send
from rectify.supervision.models import Delivery
from rectify.supervision.notify import notify

pytestmark = pytest.mark.django_db


class Robot(BaseHTTPRequestHandler):
    received: list = []
    answer = {"errcode": 0, "errmsg": "ok"}

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.received.append((self.path, json.loads(body)))
        payload = json.dumps(Robot.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot():
    Robot.received, Robot.answer = [], {"errcode": 0, "errmsg": "ok"}
    server = HTTPServer(("127.0.0.1", 0), Robot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_email_goes_through_django_mail(settings, cast):
    settings.RECTIFY_NOTIFY_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.reporter.email = "wang@example.org"
    cast.reporter.save()
    notify(recipients=[cast.reporter], kind="reminder", title="整改措施即将到期", body="请按时完成")
    delivery = Delivery.objects.get(channel="email")
    assert Job.objects.filter(task_path__endswith="delivery_send_task").count() == 1
    assert delivery_send(delivery_id=delivery.pk) == "sent"
    assert mail.outbox[0].to == ["wang@example.org"]
    assert mail.outbox[0].subject == "整改措施即将到期"


def test_wecom_and_signed_dingtalk_robots(settings, cast, robot):
    settings.RECTIFY_WECOM_WEBHOOK = f"{robot}/cgi-bin/webhook/send?key=k"
    settings.RECTIFY_DINGTALK_WEBHOOK = f"{robot}/robot/send?access_token=t"
    settings.RECTIFY_DINGTALK_SECRET = "SECxyz"
    notify(recipients=[cast.reporter], kind="escalation", title="整改措施已逾期")
    for delivery in Delivery.objects.exclude(channel="inapp"):
        assert delivery_send(delivery_id=delivery.pk) == "sent"
    paths = {path.split("?")[0]: (path, body) for path, body in Robot.received}
    assert paths["/cgi-bin/webhook/send"][1]["text"]["content"].startswith("整改措施已逾期")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(paths["/robot/send"][0]).query)
    stamp, sign = query["timestamp"][0], query["sign"][0]
    expected = base64.b64encode(
        hmac.new(b"SECxyz", f"{stamp}\nSECxyz".encode(), hashlib.sha256).digest()
    ).decode()
    assert sign == expected


def test_a_refusing_robot_is_logged_as_failed_and_raises_for_a_retry(settings, cast, robot):
    settings.RECTIFY_WECOM_WEBHOOK = f"{robot}/cgi-bin/webhook/send?key=bad"
    Robot.answer = {"errcode": 93000, "errmsg": "invalid webhook url"}
    notify(recipients=[cast.reporter], kind="reminder", title="到期提醒")
    delivery = Delivery.objects.get(channel="wecom")
    with pytest.raises(Exception, match="93000"):
        delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "invalid webhook url" in delivery.error


def test_dingtalk_signature_is_the_documented_one():
    url = dingtalk_signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SEC1",
                              now_ms=1700000000000)  # fmt: skip
    digest = hmac.new(b"SEC1", b"1700000000000\nSEC1", hashlib.sha256).digest()
    assert url.endswith(
        "&timestamp=1700000000000&sign=" + urllib.parse.quote_plus(base64.b64encode(digest))
    )


def test_a_person_or_their_unit_may_turn_a_channel_off(settings, cast, units):
    from rectify.supervision.channels import channels_for
    from rectify.supervision.models import ChannelPreference
    from rectify.supervision.services import channel_preferences_set

    settings.RECTIFY_NOTIFY_EMAIL = True
    settings.RECTIFY_WECOM_WEBHOOK = "https://qyapi.example/send?key=k"
    cast.reporter.email = "wang@example.org"
    assert channels_for(cast.reporter) == ["inapp", "email", "wecom"]
    ChannelPreference.objects.create(unit=units.street, channel="wecom", enabled=False)
    assert channels_for(cast.reporter) == ["inapp", "email"]  # the street's choice, below it too
    channel_preferences_set(user=cast.reporter, enabled={"wecom": True, "email": False})
    assert channels_for(cast.reporter) == ["inapp", "wecom"]  # the person's own choice wins
