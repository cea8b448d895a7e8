"""Who holds which role where. Business apps build their scoped querysets on these."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .enums import ADMIN_ROLES, Role
from .models import Membership, OrgUnit, OutsideUnit, User

# Read the whole inspected unit (and its subtree).
UNIT_READERS = {Role.OFFICE, Role.LEADER, Role.DISCIPLINE}
# Work on their own department's measures.
DEPARTMENT_ROLES = {Role.REPORTER, Role.DEPT_HEAD}


def memberships_of(user: User) -> list[Membership]:
    """The user's memberships, cached on the user object for the request."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_rectify_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("org_unit"))
        user.__dict__["_rectify_memberships"] = cached
    return cached


def roles_of(user: User) -> set[str]:
    return {m.role for m in memberships_of(user)}


def holders_of_other_admin_roles(actor: User) -> set[int]:
    """Ids of the accounts holding an administrator role `actor` does not hold: under 三员分立
    nobody may reset, unlock or change their roles (`services._not_another_admin_role`)."""
    others = ADMIN_ROLES - roles_of(actor)
    return set(Membership.objects.filter(role__in=others).values_list("user_id", flat=True))


def has_role(user: User, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def units_with_role(user: User, *roles: str) -> list[OrgUnit]:
    return [m.org_unit for m in memberships_of(user) if m.role in roles]


def subtree_q(field: str, units: list[OrgUnit]) -> Q:
    """Q matching rows whose `field` (an OrgUnit path) lies in any of the units' subtrees."""
    query = Q()
    for unit in units:
        query |= Q(**{f"{field}__path__startswith": unit.path})
    return query


def subtree_ids(user: User, *roles: str) -> list[int]:
    """Ids of every unit in the subtrees where the user holds one of `roles` (cached)."""
    cache: dict[frozenset[str], list[int]] = user.__dict__.setdefault("_rectify_subtree_ids", {})
    key = frozenset(roles)
    if key not in cache:
        roots = units_with_role(user, *roles)
        query = Q()
        for unit in roots:
            query |= Q(path__startswith=unit.path)
        cache[key] = (
            list(OrgUnit.objects.filter(query).values_list("pk", flat=True)) if roots else []
        )
    return cache[key]


def unit_in_subtree(unit: OrgUnit | None, roots: list[OrgUnit]) -> bool:
    return unit is not None and any(unit.path.startswith(root.path) for root in roots)


def department_choices_for(user: User):
    """Departments and communities a user may pick in filters (their readable subtree)."""
    roots = units_with_role(user, *UNIT_READERS, Role.REVIEWER, *DEPARTMENT_ROLES)
    query = Q()
    for unit in roots:
        query |= Q(path__startswith=unit.path)
    return OrgUnit.objects.filter(query or Q(pk__in=[]))


def users_in_subtree(*, unit: OrgUnit):
    """Users holding any role in `unit` or below it (choices for leader / person fields)."""
    return (
        User.objects.filter(memberships__org_unit__path__startswith=unit.path, is_active=True)
        .distinct()
        .order_by("display_name", "username")
    )


# 外单位: the register of outside units, kept by the rectification offices.


def may_keep_register(user: User | None) -> bool:
    """The rectification offices keep (and read) the register of outside units."""
    return user is None or has_role(user, Role.OFFICE)


def outside_unit_list_for(*, user: User) -> QuerySet[OutsideUnit]:
    """The register as the user may read it: all of it for an office, nothing otherwise."""
    if not may_keep_register(user):
        return OutsideUnit.objects.none()
    return OutsideUnit.objects.order_by("name")


def outside_unit_get_for(*, user: User, pk: int) -> OutsideUnit:
    return get_object_or_404(outside_unit_list_for(user=user), pk=pk)


def outside_units_by_name() -> dict[str, OutsideUnit]:
    """Every name the register knows (name, short name, merged names) → its unit."""
    table: dict[str, OutsideUnit] = {}
    for unit in OutsideUnit.objects.all():
        for name in unit.names():
            table.setdefault(name, unit)
    return table
