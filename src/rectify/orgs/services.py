"""Accounts, org units and roles, under 三员分立: the system administrator manages units and
accounts, the security administrator assigns roles, and nobody grants a role to themselves.
None of the three administrator roles may be combined with business work."""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_change, audit_log
from rectify.core.changes import model_update
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.core.text import checked_text

from .enums import ADMIN_ROLES, OrgUnitKind, OutsideUnitKind, Role
from .lockout import clear_failures, lock_state
from .models import Membership, OrgUnit, OutsideUnit, User
from .selectors import (
    has_role,
    may_keep_register,
    outside_units_by_name,
    roles_of,
    unit_in_subtree,
    units_with_role,
)


def _require(actor: User, role: str) -> None:
    if not has_role(actor, role):
        raise PermissionRefused()


def _not_another_admin_role(actor: User, user: User) -> None:
    """三员分立: no administrator resets, unlocks, (de)activates or changes the roles of an
    account holding another administrator role (the system administrator cannot take over,
    lock out or revive the security or audit administrator's account, nor the other way
    round). Refused; such an account is recovered on the server (`rectify changepassword`,
    `rectify axes_reset_username`, `rectify shell`)."""
    other = (roles_of(user) & ADMIN_ROLES) - roles_of(actor)
    if other:
        raise PermissionRefused(
            _(
                "Under 三员分立 no administrator may reset, unlock, deactivate, reactivate or "
                "change the roles of the account of another administrator role (%(role)s)."
            ),
            role="、".join(str(Role(r).label) for r in sorted(other)),
        )


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages)) from exc


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    display_name: str,
    password: str,
    phone: str = "",
    title: str = "",
) -> User:
    """A new account with an initial password that must be changed at first login."""
    _require(actor, Role.SYSADMIN)
    username = username.strip()
    if not username:
        raise ValidationFailed(_("A user name is required."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("The user name “%(u)s” is taken."), u=username)
    user = User(
        username=username,
        display_name=display_name,
        phone=phone,
        title=title,
        must_change_password=True,
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_log(
        actor=actor,
        code=AuditCode.USER_CREATED,
        obj=user,
        after={"username": username, "display_name": display_name},
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    _require(actor, Role.SYSADMIN)
    if user.pk == actor.pk:
        raise ValidationFailed(_("You cannot deactivate your own account."))
    _not_another_admin_role(actor, user)
    before = user.is_active
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    audit_log(
        actor=actor,
        code=AuditCode.USER_ACTIVATED if active else AuditCode.USER_DEACTIVATED,
        obj=user,
        before={"is_active": before},
        after={"is_active": active},
    )
    return user


@transaction.atomic
def user_reset_password(*, actor: User, user: User, password: str) -> User:
    """Set a new initial password; the user must change it at next login."""
    _require(actor, Role.SYSADMIN)
    if user.pk == actor.pk:
        raise ValidationFailed(_("Change your own password from your user menu."))
    _not_another_admin_role(actor, user)
    _check_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_log(actor=actor, code=AuditCode.USER_PASSWORD_RESET, obj=user)
    return user


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> None:
    """The security administrator lifts a lockout (per account and per address alike)."""
    _require(actor, Role.SECADMIN)
    if user.pk == actor.pk:
        raise ValidationFailed(_("Nobody can unlock their own account."))
    _not_another_admin_role(actor, user)
    state = lock_state(user.username)
    clear_failures(user.username)
    audit_log(
        actor=actor, code=AuditCode.USER_UNLOCKED, obj=user, before={"failures": state.failures}
    )


@transaction.atomic
def org_unit_create(*, actor: User, name: str, kind: str, parent: OrgUnit | None) -> OrgUnit:
    _require(actor, Role.SYSADMIN)
    name = name.strip()
    if not name:
        raise ValidationFailed(_("A unit name is required."))
    if kind not in OrgUnitKind.values:
        raise ValidationFailed(_("Unknown unit kind."))
    if OrgUnit.objects.filter(parent=parent, name=name).exists():
        raise ValidationFailed(_("“%(n)s” already exists there."), n=name)
    unit = OrgUnit.objects.create(name=name, kind=kind, parent=parent)
    audit_log(
        actor=actor,
        code=AuditCode.ORG_UNIT_CREATED,
        obj=unit,
        after={"name": name, "kind": kind, "parent": parent and parent.pk},
    )
    return unit


@transaction.atomic
def inspected_unit_get_or_create(
    *, actor: User | None, parent: OrgUnit | None, name: str, kind: str = OrgUnitKind.STREET
) -> OrgUnit:
    """The unit an inspection names, found or created under ``parent`` by its rectification
    office. Imports use it only for the first unit of an empty deployment (no tree yet): a
    unit named beside an existing tree goes to the register of outside units instead."""
    if actor is not None and not unit_in_subtree(parent, units_with_role(actor, Role.OFFICE)):
        raise PermissionRefused()
    unit, created = OrgUnit.objects.get_or_create(
        parent=parent, name=name.strip()[:200], defaults={"kind": kind}
    )
    if created:
        audit_log(
            actor=actor,
            code=AuditCode.ORG_UNIT_CREATED,
            obj=unit,
            after={"name": unit.name, "kind": kind, "parent": parent and parent.pk},
        )
    return unit


@transaction.atomic
def membership_grant(*, actor: User, user: User, org_unit: OrgUnit, role: str) -> Membership:
    """The security administrator gives a role in a unit; never to themselves."""
    _require(actor, Role.SECADMIN)
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."))
    if user.pk == actor.pk:
        raise ValidationFailed(_("Nobody can grant a role to themselves."))
    held = roles_of(user)
    if role in ADMIN_ROLES and (held - {role}):
        raise ValidationFailed(
            _("An administrator role cannot be combined with any other role (三员分立).")
        )
    if role not in ADMIN_ROLES and held & ADMIN_ROLES:
        raise ValidationFailed(
            _("This person holds an administrator role and cannot do business work.")
        )
    _not_another_admin_role(actor, user)
    membership, created = Membership.objects.get_or_create(user=user, org_unit=org_unit, role=role)
    if not created:
        raise ValidationFailed(_("This person already holds that role in that unit."))
    audit_log(
        actor=actor,
        code=AuditCode.ROLE_GRANTED,
        obj=user,
        after={"role": role, "org_unit": org_unit.pk, "org_unit_name": org_unit.name},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: User, membership: Membership) -> None:
    _require(actor, Role.SECADMIN)
    if membership.user_id == actor.pk:
        raise ValidationFailed(_("Nobody can change their own roles."))
    _not_another_admin_role(actor, membership.user)
    audit_log(
        actor=actor,
        code=AuditCode.ROLE_REVOKED,
        obj=membership.user,
        before={
            "role": membership.role,
            "org_unit": membership.org_unit_id,
            "org_unit_name": membership.org_unit.name,
        },
    )
    membership.delete()


@transaction.atomic
def user_password_changed(*, user: User, session_key: str | None = None) -> None:
    """The user set a new password themselves: clear the forced change, restart the clock.

    Django gives the session a new key on a password change; an administrator's single
    session follows it (else the next request would look like a second login)."""

    fields = {"must_change_password": False, "password_changed_at": timezone.now()}
    if user.current_session_key and session_key:
        fields["current_session_key"] = session_key
    User.objects.filter(pk=user.pk).update(**fields)
    audit_log(actor=user, code=AuditCode.USER_PASSWORD_CHANGED, obj=user)


# 外单位: the register of outside units (merging, which repoints what names them, is the
# measures app's `outside_unit_merge`; it ends here, in `outside_unit_absorb`).


def _require_register(actor: User | None) -> None:
    if not may_keep_register(actor):
        raise PermissionRefused(_("Only a rectification office keeps the register."))


def _tidy_name(name: str, *, limit: int = 200, label=None) -> str:
    """A unit's name through the boundary's cleaning, spaces collapsed; too long is refused."""
    label = label or _("Name")
    return checked_text(" ".join((name or "").split()), limit=limit, label=str(label))


def _clean_name(name: str, *, unit: OutsideUnit | None = None) -> str:
    """The name tidied, refused when it is a unit of the tree or another register entry's."""
    name = _tidy_name(name)
    if not name:
        raise ValidationFailed(_("A unit name is required."))
    if OrgUnit.objects.filter(name=name).exists():
        raise ValidationFailed(
            _("“%(n)s” is one of the units of the tree, not an outside unit."), n=name
        )
    others = OutsideUnit.objects.filter(name=name)
    if (others.exclude(pk=unit.pk) if unit is not None else others).exists():
        raise ValidationFailed(_("“%(n)s” is already in the register."), n=name)
    return name


@transaction.atomic
def outside_unit_create(
    *, actor: User | None, name: str, kind: str = OutsideUnitKind.PARTNER, short_name: str = ""
) -> OutsideUnit:
    """Add a unit to the register of outside units."""
    _require_register(actor)
    if kind not in OutsideUnitKind.values:
        raise ValidationFailed(_("Unknown unit kind."))
    unit = OutsideUnit.objects.create(
        name=_clean_name(name),
        kind=kind,
        short_name=_tidy_name(short_name, limit=100, label=_("Short name")),
    )
    audit_log(
        actor=actor,
        code=AuditCode.OUTSIDE_UNIT_CREATED,
        obj=unit,
        after={"name": unit.name, "kind": kind, "short_name": unit.short_name},
    )
    return unit


@transaction.atomic
def outside_unit_get_or_create(
    *, actor: User | None, name: str, kind: str = OutsideUnitKind.PARTNER
) -> OutsideUnit | None:
    """The register's unit of this name (or short or merged name), added when missing: what
    creating or importing an inspection does with the inspecting body it names. None for no
    name, or the name of a unit of the tree (that one is no outside unit)."""
    name = _tidy_name(name)
    if not name or OrgUnit.objects.filter(Q(name=name) | Q(short_name=name)).exists():
        return None
    found = outside_units_by_name().get(name)
    return found or outside_unit_create(actor=actor, name=name, kind=kind)


@transaction.atomic
def outside_unit_update(
    *, unit: OutsideUnit, actor: User | None, name: str, kind: str, short_name: str = ""
) -> dict:
    """Rename or re-kind an outside unit; returns the diff."""
    _require_register(actor)
    if kind not in OutsideUnitKind.values:
        raise ValidationFailed(_("Unknown unit kind."))
    changes = {"name": _clean_name(name, unit=unit), "kind": kind}
    changes["short_name"] = _tidy_name(short_name, limit=100, label=_("Short name"))
    diff = model_update(instance=unit, changes=changes)
    audit_change(actor=actor, code=AuditCode.OUTSIDE_UNIT_UPDATED, obj=unit, diff=diff)
    return diff


@transaction.atomic
def outside_unit_absorb(
    *, actor: User | None, kept: OutsideUnit, duplicate: OutsideUnit, moved: dict | None = None
) -> None:
    """The last step of a merge: ``duplicate``'s names become ``kept``'s other names and the
    duplicate leaves the register (whatever named it already names ``kept``)."""
    _require_register(actor)
    if kept.pk == duplicate.pk:
        raise ValidationFailed(_("Choose two different units to merge."))
    names = [n for n in duplicate.names() if n not in kept.names()]
    model_update(instance=kept, changes={"aliases": [*kept.aliases, *names]})
    audit_log(
        actor=actor,
        code=AuditCode.OUTSIDE_UNIT_MERGED,
        obj=kept,
        before={"duplicate": duplicate.name, "duplicate_id": duplicate.pk},
        after={"aliases": kept.aliases, **(moved or {})},
    )
    duplicate.delete()


@transaction.atomic
def user_language_set(*, user: User, language: str) -> None:
    """The user chose the interface language: kept on the account for the next log-in."""

    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(_("Unknown language: %(language)s") % {"language": language})
    if user.language == language:
        return
    before = user.language
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    audit_log(
        actor=user,
        code=AuditCode.USER_LANGUAGE_CHANGED,
        obj=user,
        before={"language": before},
        after={"language": language},
    )
