"""Authentication hardening: lockout, timeouts, forced change, policies, single admin session."""

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from rectify.orgs.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT
from rectify.orgs.models import User
from rectify.orgs.passwords import validators_for

PASSWORD = "Passw0rd!x"


@override_settings(AXES_ENABLED=True)
def test_lockout_after_five_failures_keyed_on_user_and_address(client, cast):
    for _ in range(5):
        client.post(
            "/accounts/login/", {"username": "office", "password": "nope"}, REMOTE_ADDR="10.0.0.9"
        )
    locked = client.post(
        "/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    # The same account from another address is not locked out (user + address).
    other = client.post(
        "/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.0.0.10"
    )
    assert other.status_code == 302


def test_lockout_bounds(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 0.5
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def _age_session(client, *, login_ago=0, seen_ago=0):
    session = client.session
    now = time.time()
    session[SESSION_LOGIN_AT] = now - login_ago
    session[SESSION_SEEN_AT] = now - seen_ago
    session.save()


def test_idle_timeout(client, cast):
    client.force_login(cast.office)
    assert client.get("/inspections/").status_code == 200
    _age_session(client, seen_ago=31 * 60)
    response = client.get("/inspections/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def _session_writes(client, path="/inspections/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_the_session_is_written_at_most_once_a_minute(client, cast, settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    client.force_login(cast.office)
    client.get("/inspections/")  # stamps the log-in time and activity
    assert _session_writes(client) == 0  # a second request within the minute writes nothing
    _age_session(client, seen_ago=61)
    before = client.session[SESSION_SEEN_AT]
    assert _session_writes(client) == 1  # the stamp is a minute old: written again
    assert client.session[SESSION_SEEN_AT] > before + 60
    _age_session(client, seen_ago=29 * 60)  # idle 29 minutes: still logged in
    assert client.get("/inspections/").status_code == 200


def test_absolute_timeout(client, cast):
    client.force_login(cast.office)
    client.get("/inspections/")
    _age_session(client, login_ago=12 * 3600 + 1)
    response = client.get("/inspections/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_initial_password_must_be_changed(client, cast):
    User.objects.filter(pk=cast.office.pk).update(must_change_password=True)
    client.force_login(User.objects.get(pk=cast.office.pk))
    response = client.get("/inspections/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/password/")
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xunchazg#2026",
            "new_password2": "Xunchazg#2026",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=cast.office.pk)
    assert not user.must_change_password and user.password_changed_at
    assert client.get("/inspections/").status_code == 200


def test_expired_password_must_be_changed(client, cast, settings):
    import datetime as dt

    from django.utils import timezone

    settings.RECTIFY_PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=cast.office.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=91)
    )
    client.force_login(User.objects.get(pk=cast.office.pk))
    assert client.get("/inspections/")["Location"].endswith("/accounts/password/")


def _check(profile: str, password: str, user=None) -> list[str]:
    try:
        validate_password(password, user, password_validators=_validators(profile))
    except ValidationError as exc:
        return [e.code for e in exc.error_list]
    return []


def _validators(profile):
    from django.contrib.auth.password_validation import get_password_validators

    return get_password_validators(validators_for(profile))


@pytest.mark.parametrize(
    ("password", "ok"),
    [("Zhenggai2026", True), ("zhenggai#2026", True), ("zhenggai2026", False), ("Ab1!", False)],
)
def test_dengbao_profile(password, ok, db):
    assert (_check("dengbao", password) == []) is ok


def test_asvs_profile_is_length_only(db):
    assert _check("asvs", "correct horse battery") == []
    assert "password_too_short" in _check("asvs", "Ab1!Ab1!")
    assert _check("asvs", "password1234")  # common/breached list


def test_dengbao_no_reuse_of_last_five(db, cast):
    from rectify.orgs.passwords import HistoryValidator

    user = User.objects.get(pk=cast.office.pk)
    history = HistoryValidator(5)
    used = [f"Zhenggai#{n}x2026" for n in range(6)]
    for password in used:
        user.set_password(password)
        user.save()  # Django calls the configured validators' password_changed hooks
    for recent in used[1:]:
        with pytest.raises(ValidationError):
            history.validate(recent, user)
    history.validate(used[0], user)  # the sixth-last may be used again


def test_one_session_for_administrators(cast):
    from django.test import Client

    first, second = Client(), Client()
    assert (
        first.post("/accounts/login/", {"username": "sysadmin", "password": PASSWORD}).status_code
        == 302
    )
    assert first.get("/manage/users/").status_code == 200
    assert (
        second.post("/accounts/login/", {"username": "sysadmin", "password": PASSWORD}).status_code
        == 302
    )
    assert second.get("/manage/users/").status_code == 200
    response = first.get("/manage/users/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_business_users_may_hold_several_sessions(cast):
    from django.test import Client

    first, second = Client(), Client()
    first.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    second.post("/accounts/login/", {"username": "office", "password": PASSWORD})
    assert first.get("/inspections/").status_code == 200


def test_security_headers(client, cast):
    client.force_login(cast.office)
    response = client.get("/inspections/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"


def _totp(device) -> str:
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_level3_admin_must_enrol_and_verify_totp(client, cast, settings):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.RECTIFY_SECURITY_LEVEL = 3
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code below would otherwise delay the next
    client.force_login(cast.sysadmin)
    response = client.get("/manage/users/")
    assert response.status_code == 302 and "/accounts/otp/verify/" in response["Location"]
    setup = client.get("/accounts/otp/setup/?next=/manage/users/")
    assert setup.status_code == 200 and b"data:image/svg+xml;base64," in setup.content
    device = TOTPDevice.objects.get(user=cast.sysadmin)
    assert client.post("/accounts/otp/setup/", {"token": "000000"}).status_code == 200
    done = client.post("/accounts/otp/setup/", {"token": _totp(device), "next": "/manage/users/"})
    assert done.status_code == 302 and done["Location"] == "/manage/users/"
    assert client.get("/manage/users/").status_code == 200


def test_level3_does_not_burden_business_users(client, cast, settings):
    settings.RECTIFY_SECURITY_LEVEL = 3
    client.force_login(cast.office)
    assert client.get("/inspections/").status_code == 200


def test_level2_admin_needs_no_totp(client, cast, settings):
    settings.RECTIFY_SECURITY_LEVEL = 2
    client.force_login(cast.sysadmin)
    assert client.get("/manage/users/").status_code == 200
