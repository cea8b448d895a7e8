"""Reads of inspections and finding trees, scoped to what the user may see."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from rectify.orgs.enums import Role
from rectify.orgs.models import User
from rectify.orgs.selectors import DEPARTMENT_ROLES, UNIT_READERS, subtree_q, units_with_role

from .models import Finding, Inspection


def inspection_scope_q(user: User) -> Q:
    """Inspections the user may read: their unit's, ones they review, ones they work on."""
    readers = units_with_role(user, *UNIT_READERS)
    reviewers = units_with_role(user, Role.REVIEWER)
    departments = units_with_role(user, *DEPARTMENT_ROLES)
    query = Q(pk__in=[])
    if readers:
        query |= subtree_q("inspected_unit", readers)
    if reviewers:
        query |= subtree_q("inspected_unit", reviewers) | subtree_q("inspecting_unit", reviewers)
    if departments:
        # Reverse lookups by name: inspections does not import measures (dependency direction).
        query |= subtree_q("findings__measures__lead_department", departments)
        query |= subtree_q("findings__measures__co_departments", departments)
    return query


def inspection_list_for(*, user: User) -> QuerySet[Inspection]:
    return (
        Inspection.objects.filter(inspection_scope_q(user))
        .select_related("inspected_unit", "inspecting_unit")
        .distinct()
    )


def inspection_get_for(*, user: User, pk: int) -> Inspection:
    """One inspection, or 404 when it does not exist or is out of the user's reach."""
    return get_object_or_404(inspection_list_for(user=user), pk=pk)


def finding_tree(*, inspection: Inspection) -> list[Finding]:
    """All findings in tree order, each with `.children` filled (one query)."""
    nodes = list(inspection.findings.in_tree_order())
    by_id = {node.pk: node for node in nodes}
    roots: list[Finding] = []
    for node in nodes:
        node.child_nodes = []
    for node in nodes:
        if node.parent_id and node.parent_id in by_id:
            by_id[node.parent_id].child_nodes.append(node)
        else:
            roots.append(node)
    return roots
