"""Reads of the public site: what the public may see (published versions), and the office's
and discipline office's scoped views of publishing and of the public's opinions."""

from __future__ import annotations

import hmac

from django.db.models import Count, Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from rectify.inspections.models import Finding, Inspection
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit, User
from rectify.orgs.selectors import subtree_q, units_with_role

from .enums import PUBLIC_STATUSES, OpinionStatus, PublicationStatus
from .models import Opinion, Publication, query_hash
from .policy import ROLES, Action, opinion_units

# ------------------------------------------------------------------------- the public


def public_publications() -> QuerySet[Publication]:
    return Publication.objects.filter(status__in=PUBLIC_STATUSES).select_related(
        "unit", "inspection"
    )


def public_units() -> list[OrgUnit]:
    """Units with at least one notice on the public site, with how many rounds."""
    rows = (
        Publication.objects.filter(status=PublicationStatus.PUBLISHED)
        .values("unit_id")
        .annotate(rounds=Count("inspection_id", distinct=True), last=Max("published_at"))
        .order_by()
    )
    figures = {row["unit_id"]: row for row in rows}
    units = list(OrgUnit.objects.filter(pk__in=figures).order_by("path"))
    for unit in units:
        unit.rounds = figures[unit.pk]["rounds"]
        unit.last_published = figures[unit.pk]["last"]
    return units


def public_unit_get(pk: int) -> OrgUnit:
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not Publication.objects.filter(unit=unit, status__in=PUBLIC_STATUSES).exists():
        raise Http404
    return unit


def unit_rounds(unit: OrgUnit) -> list[Publication]:
    """The current version of each round of the unit (withdrawn ones said so), newest first."""
    rows = list(public_publications().filter(unit=unit).order_by("inspection_id", "-version"))
    current: dict[int, Publication] = {}
    for row in rows:
        best = current.get(row.inspection_id)
        published = row.status == PublicationStatus.PUBLISHED
        if best is None or (published and best.status != PublicationStatus.PUBLISHED):
            current[row.inspection_id] = row
    return sorted(current.values(), key=lambda p: p.published_at or p.created_at, reverse=True)


def public_publication_get(pk: int) -> Publication:
    return get_object_or_404(public_publications(), pk=pk)


def public_publication_inspection(pk: int) -> int:
    """The round of a public version (404 for a draft or none): one indexed lookup."""
    found = (
        Publication.objects.filter(pk=pk, status__in=PUBLIC_STATUSES)
        .values_list("inspection_id", flat=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


VERSION_FIELDS = ("pk", "inspection_id", "unit_id", "version", "status", "updated_at",
                  "published_at", "withdrawn_at", "change_note")  # fmt: skip


def versions_of(*, inspection_id: int) -> list[Publication]:
    """The public versions of a round, newest first, without their (large) texts."""
    return list(
        Publication.objects.filter(inspection_id=inspection_id, status__in=PUBLIC_STATUSES)
        .only(*VERSION_FIELDS)
        .order_by("-version")
    )


def reference_resolve(code: str) -> tuple[Publication, str]:
    """The current published notice holding a problem (P<id>) or measure (M<id>)."""
    kind, number = code[:1].upper(), code[1:]
    if kind not in {"P", "M"} or not number.isdigit():
        raise Http404
    model = Finding if kind == "P" else Measure
    inspection_id = (
        model.objects.filter(pk=int(number)).values_list("inspection_id", flat=True).first()
    )
    if inspection_id is None:
        raise Http404
    anchor = f"{kind}{int(number)}"
    for publication in public_publications().filter(
        inspection_id=inspection_id, status=PublicationStatus.PUBLISHED
    ):
        if any(ref["code"] == anchor for ref in publication.references):
            return publication, anchor
    raise Http404


def opinion_by_reference(reference: str, code: str) -> Opinion | None:
    """The opinion with this reference number, if the query code matches."""
    opinion = Opinion.objects.filter(reference=reference.strip().upper()).first()
    if opinion is None or not hmac.compare_digest(opinion.query_hash, query_hash(code)):
        return None
    return opinion


def opinion_counts(*, inspection: Inspection | int) -> tuple[int, int]:
    """Opinions received about a round, and how many are closed (办结)."""
    figures = Opinion.objects.filter(inspection=inspection).aggregate(
        received=Count("pk"), closed=Count("pk", filter=Q(status=OpinionStatus.CLOSED))
    )
    return figures["received"], figures["closed"]


# ------------------------------------------------------------------------- the office


def publications_of(*, inspection: Inspection) -> list[Publication]:
    """Every version of a round, for its publishing page (the caller checked access)."""
    return list(
        inspection.publications.select_related("created_by", "approved_by").order_by("-version")
    )


def opinion_list_for(*, user: User, status: str = "") -> QuerySet[Opinion]:
    units = opinion_units(user)
    rows = Opinion.objects.filter(subtree_q("unit", units) if units else Q(pk__in=[]))
    if status:
        rows = rows.filter(status=status)
    return rows.select_related("unit", "inspection", "finding", "measure", "forwarded_to")


def opinion_get_for(*, user: User, pk: int) -> Opinion:
    """One opinion, or 404 when out of the user's reach."""
    return get_object_or_404(opinion_list_for(user=user), pk=pk)


def triage_targets(
    opinion: Opinion,
) -> tuple[QuerySet[Finding], QuerySet[Measure], QuerySet[OrgUnit]]:
    """What an opinion may be linked or forwarded to: the problems, measures and units of
    the unit it is about (the triage form's choices and the API's)."""
    path = opinion.unit.path
    return (
        Finding.objects.filter(inspection__inspected_unit__path__startswith=path),
        Measure.objects.filter(inspection__inspected_unit__path__startswith=path),
        OrgUnit.objects.filter(path__startswith=path),
    )


def inspection_for_publishing(*, user: User, pk: int) -> Inspection:
    """A round whose publishing page the user may see (404 otherwise)."""
    units = units_with_role(user, *ROLES[Action.VIEW_PUBLISHING])
    rows = Inspection.objects.filter(
        subtree_q("inspected_unit", units) if units else Q(pk__in=[])
    ).select_related("inspected_unit")
    return get_object_or_404(rows, pk=pk)
