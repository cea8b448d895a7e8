"""三员分立: system, security and audit administrators, each alone, none over themselves."""

import pytest

from rectify.audit.models import AuditEntry
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.orgs import services
from rectify.orgs.enums import OrgUnitKind, Role
from rectify.orgs.models import Membership, User

STRONG = "Zhenggai#2026"


def test_sysadmin_creates_account_with_forced_change(cast):
    user = services.user_create(
        actor=cast.sysadmin, username="newbie", display_name="新人", password=STRONG
    )
    assert user.must_change_password
    assert user.check_password(STRONG)
    assert AuditEntry.objects.filter(code="user.created", object_id=str(user.pk)).exists()


def test_weak_initial_password_refused(cast):
    with pytest.raises(ValidationFailed):
        services.user_create(
            actor=cast.sysadmin, username="weak", display_name="x", password="password"
        )
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.parametrize("who", ["secadmin", "auditadmin", "office", "leader"])
def test_only_sysadmin_manages_accounts(cast, who):
    with pytest.raises(PermissionRefused):
        services.user_create(
            actor=getattr(cast, who), username="x", display_name="x", password=STRONG
        )


def test_secadmin_grants_and_revokes(cast, units):
    membership = services.membership_grant(
        actor=cast.secadmin,
        user=cast.party_reporter,
        org_unit=units.enforcement,
        role=Role.REPORTER,
    )
    assert AuditEntry.objects.filter(code="role.granted").exists()
    services.membership_revoke(actor=cast.secadmin, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_nobody_grants_themselves(cast, units):
    with pytest.raises(ValidationFailed):
        services.membership_grant(
            actor=cast.secadmin, user=cast.secadmin, org_unit=units.street, role=Role.OFFICE
        )
    own = cast.secadmin.memberships.get()
    with pytest.raises(ValidationFailed):
        services.membership_revoke(actor=cast.secadmin, membership=own)


@pytest.mark.parametrize("who", ["sysadmin", "auditadmin", "office", "leader"])
def test_only_secadmin_grants(cast, units, who):
    with pytest.raises(PermissionRefused):
        services.membership_grant(
            actor=getattr(cast, who), user=cast.reporter, org_unit=units.street, role=Role.LEADER
        )


def test_admin_roles_do_no_business_work(cast, units):
    with pytest.raises(ValidationFailed, match=r"administrator|管理员"):
        services.membership_grant(
            actor=cast.secadmin, user=cast.sysadmin, org_unit=units.street, role=Role.OFFICE
        )
    with pytest.raises(ValidationFailed, match=r"administrator|管理员"):
        services.membership_grant(
            actor=cast.secadmin, user=cast.office, org_unit=units.district, role=Role.AUDITADMIN
        )


def test_sysadmin_creates_units_and_cannot_deactivate_self(cast, units):
    unit = services.org_unit_create(
        actor=cast.sysadmin, name="信访办", kind=OrgUnitKind.DEPARTMENT, parent=units.street
    )
    assert unit.path.startswith(units.street.path)
    with pytest.raises(ValidationFailed):
        services.org_unit_create(
            actor=cast.sysadmin, name="信访办", kind=OrgUnitKind.DEPARTMENT, parent=units.street
        )
    with pytest.raises(ValidationFailed):
        services.user_set_active(actor=cast.sysadmin, user=cast.sysadmin, active=False)
    services.user_set_active(actor=cast.sysadmin, user=cast.reporter, active=False)
    cast.reporter.refresh_from_db()
    assert not cast.reporter.is_active


def test_manage_pages_per_role(client, cast):
    pages = {
        "/manage/users/": "sysadmin",
        "/manage/units/": "sysadmin",
        "/manage/roles/": "secadmin",
        "/audit/": "auditadmin",
        "/audit/export.csv": "auditadmin",
    }
    for url, owner in pages.items():
        for who in ["sysadmin", "secadmin", "auditadmin", "office", "leader", "reporter"]:
            client.force_login(getattr(cast, who))
            status = client.get(url).status_code
            assert status == (200 if who == owner else 403), (url, who, status)


def test_grant_through_page(client, cast, units):
    client.force_login(cast.secadmin)
    response = client.post(
        "/manage/roles/",
        {"user": cast.party_reporter.pk, "org_unit": units.enforcement.pk, "role": Role.DEPT_HEAD},
        follow=True,
    )
    assert response.status_code == 200
    assert Membership.objects.filter(user=cast.party_reporter, role=Role.DEPT_HEAD).exists()
    response = client.post(
        "/manage/roles/",
        {"user": cast.secadmin.pk, "org_unit": units.street.pk, "role": Role.OFFICE},
        follow=True,
    )
    assert "themselves" in response.content.decode() or "自己" in response.content.decode()


def test_audit_export_is_itself_audited(client, cast):
    client.force_login(cast.auditadmin)
    response = client.get("/audit/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("seq,time,actor,code")
    assert AuditEntry.objects.filter(code="audit.exported").exists()


def test_logins_and_failures_are_audited(client, cast):
    client.post("/accounts/login/", {"username": "office", "password": "wrong"})
    assert AuditEntry.objects.filter(code="auth.login_failed", note="office").exists()
    client.post("/accounts/login/", {"username": "office", "password": "Passw0rd!x"})
    assert AuditEntry.objects.filter(code="auth.login", actor=cast.office).exists()


def test_each_administrator_lands_on_their_pages_and_sees_only_their_menu(client, cast):
    for who, start in [
        ("sysadmin", "/manage/users/"),
        ("secadmin", "/manage/roles/"),
        ("auditadmin", "/audit/"),
        ("office", "/inspections/"),
    ]:
        client.force_login(getattr(cast, who))
        response = client.get("/")
        assert response["Location"] == start, who
        page = client.get(start).content.decode()
        assert ('href="/measures/"' in page) is (who == "office"), who
        assert ('href="/manage/users/"' in page) is (who == "sysadmin"), who
        assert ('href="/audit/"' in page) is (who == "auditadmin"), who
