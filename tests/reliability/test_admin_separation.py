"""三员分立 holds: no administrator takes over another administrator role's account; the
lockout counts failures per account across addresses, with a growing delay, lifted by the
security administrator; passwords built on the person are refused; the audit pages are
read-only (405 to writes)."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from rectify.audit.models import AuditEntry
from rectify.orgs.lockout import ACCOUNT_LIMIT, delay_after, lock_state
from rectify.orgs.models import Membership, User
from tests.conftest import PASSWORD

NEW = "Xq7!vRt9#mK2"


@pytest.mark.parametrize("target", ["secadmin", "auditadmin"])
def test_the_system_administrator_cannot_reset_another_administrators_password(
    client, cast, target
):
    victim = getattr(cast, target)
    client.force_login(cast.sysadmin)
    response = client.post(reverse("manage:user_password", args=[victim.pk]), {"password": NEW})
    assert response.status_code == 403
    assert "三员分立" in response.content.decode()
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD) and not victim.check_password(NEW)
    assert client.login(username=victim.username, password=NEW) is False
    # A business account is still the system administrator's to reset.
    ok = client.post(reverse("manage:user_password", args=[cast.reporter.pk]), {"password": NEW})
    assert ok.status_code == 302
    cast.reporter.refresh_from_db()
    assert cast.reporter.check_password(NEW)


@pytest.mark.parametrize("target", ["sysadmin", "auditadmin"])
def test_the_security_administrator_cannot_change_another_administrators_roles(
    client, cast, units, target
):
    victim = getattr(cast, target)
    client.force_login(cast.secadmin)
    membership = Membership.objects.get(user=victim)
    revoke = client.post(reverse("manage:role_revoke", args=[membership.pk]))
    assert revoke.status_code == 403 and Membership.objects.filter(pk=membership.pk).exists()
    grant = client.post(
        reverse("manage:roles"),
        {"user": victim.pk, "org_unit": units.street.pk, "role": victim.memberships.get().role},
    )
    assert grant.status_code == 403
    assert Membership.objects.filter(user=victim).count() == 1


def _fail(client, username, n, ip):
    client.post("/accounts/login/", {"username": username, "password": "wrong!"}, REMOTE_ADDR=ip)


@override_settings(AXES_ENABLED=True)
def test_many_addresses_lock_the_account_with_a_growing_delay_until_the_secadmin_unlocks(
    client, cast
):
    for n in range(ACCOUNT_LIMIT):  # one guess from each address: axes alone never locks
        _fail(client, "office", n, f"10.1.0.{n}")
    response = client.post(
        "/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.2.0.1"
    )
    assert response.status_code == 200  # the right password, and still refused
    assert "该账户因多次登录失败已被锁定" in response.content.decode()
    first = lock_state("office")
    assert first.locked and first.failures == ACCOUNT_LIMIT + 1
    _fail(client, "office", 0, "10.3.0.1")
    later = lock_state("office")
    assert later.until - first.until >= dt.timedelta(minutes=1)  # the delay grows
    assert delay_after(ACCOUNT_LIMIT + 5) == 2 * delay_after(ACCOUNT_LIMIT + 4)
    assert not lock_state("office", now=timezone.now() + dt.timedelta(days=2)).locked

    client.force_login(cast.secadmin)
    page = client.get(reverse("manage:roles")).content.decode()
    assert "office" in page and reverse("manage:user_unlock", args=[cast.office.pk]) in page
    assert client.post(reverse("manage:user_unlock", args=[cast.office.pk])).status_code == 302
    assert AuditEntry.objects.filter(code="user.unlocked", object_id=str(cast.office.pk)).exists()
    client.logout()
    ok = client.post(
        "/accounts/login/", {"username": "office", "password": PASSWORD}, REMOTE_ADDR="10.2.0.1"
    )
    assert ok.status_code == 302


@override_settings(AXES_ENABLED=True)
def test_the_secadmin_cannot_unlock_another_administrator_role(client, cast):
    for n in range(ACCOUNT_LIMIT):
        _fail(client, "auditadmin", n, f"10.4.0.{n}")
    assert lock_state("auditadmin").locked
    client.force_login(cast.secadmin)
    response = client.post(reverse("manage:user_unlock", args=[cast.auditadmin.pk]))
    assert response.status_code == 403 and lock_state("auditadmin").locked
    client.force_login(cast.sysadmin)  # nor can anyone but the security administrator
    assert client.post(reverse("manage:user_unlock", args=[cast.office.pk])).status_code == 403


@pytest.mark.parametrize(
    "password",
    ["Zhangwei2024!", "2024!iewgnahZ", "Pw!13800138000x", "Ab!张伟2024x", "Mail!zw.work9"],
)
def test_passwords_built_on_the_person_are_refused(db, password):
    user = User(
        username="zhangwei", display_name="张伟", phone="138 0013 8000", email="zw.work@x.cn"
    )
    with pytest.raises(ValidationError):
        validate_password(password, user)
    validate_password("Qm7!rT2#kLp9", user)


@pytest.mark.parametrize("url", ["audit:entries", "audit:export"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_the_audit_pages_answer_405_to_writes(client, cast, url, method):
    client.force_login(cast.auditadmin)
    response = getattr(client, method)(reverse(url))
    assert response.status_code == 405
    assert client.get(reverse(url)).status_code == 200


ADMINS = ["sysadmin", "secadmin", "auditadmin"]
PAIRS = [(actor, target) for actor in ADMINS for target in ADMINS if actor != target]


@pytest.mark.parametrize("active", [False, True], ids=["deactivate", "reactivate"])
@pytest.mark.parametrize(("actor", "target"), PAIRS)
def test_no_administrator_deactivates_or_reactivates_another_administrator_role(
    client, cast, actor, target, active
):
    """三员分立 for the account's state like for its password, lock and roles: refused for
    every pair of administrator roles, through the service and the page, nothing written."""
    from rectify.core.errors import PermissionRefused
    from rectify.orgs import services

    victim = getattr(cast, target)
    User.objects.filter(pk=victim.pk).update(is_active=not active)
    victim.refresh_from_db()
    with pytest.raises(PermissionRefused) as refused:
        services.user_set_active(actor=getattr(cast, actor), user=victim, active=active)
    if actor == "sysadmin":  # the one who may manage accounts at all is told why
        assert "三员分立" in str(refused.value)
    client.force_login(getattr(cast, actor))
    response = client.post(
        reverse("manage:user_active", args=[victim.pk]), {"active": "1" if active else "0"}
    )
    assert response.status_code == 403
    victim.refresh_from_db()
    assert victim.is_active is (not active)
    assert not AuditEntry.objects.filter(code__startswith="user.").exists(), list(
        AuditEntry.objects.values_list("code", flat=True)
    )


@pytest.mark.parametrize("active", [False, True])
def test_the_system_administrator_still_deactivates_and_reactivates_business_accounts(cast, active):
    from rectify.orgs import services

    User.objects.filter(pk=cast.reporter.pk).update(is_active=not active)
    services.user_set_active(actor=cast.sysadmin, user=cast.reporter, active=active)
    cast.reporter.refresh_from_db()
    assert cast.reporter.is_active is active
