"""Reads of inspections and finding trees, scoped to what the user may see."""

from django.db.models import Q, QuerySet

from rectify.orgs.enums import OrgUnitKind, Role
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import UNIT_READERS, subtree_q, units_with_role

from .models import Finding, Inspection


def inspection_unit_scope_q(user: User) -> Q:
    """Rounds the user reads by their place in the units: their unit's, ones they review.

    Departments reach rounds through their measures: `measures.selectors.inspection_list_for`
    adds those and is the scope the pages use.
    """
    readers = units_with_role(user, *UNIT_READERS)
    reviewers = units_with_role(user, Role.REVIEWER)
    query = Q(pk__in=[])
    if readers:
        query |= subtree_q("inspected_unit", readers)
    if reviewers:
        query |= subtree_q("inspected_unit", reviewers) | subtree_q("inspecting_unit", reviewers)
    return query


def inspecting_units() -> QuerySet[OrgUnit]:
    """The units a round may name as its inspecting unit: the inspecting bodies (巡察办) of
    the tree, whose reviewers sign off the round's measures."""
    return OrgUnit.objects.filter(kind=OrgUnitKind.INSPECTING_BODY).order_by("path")


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
