"""Reads of the imports app, scoped to the user."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from rectify.inspections.models import Inspection
from rectify.inspections.policy import Action, may, office_units
from rectify.measures.selectors import inspection_get_for
from rectify.orgs.models import User
from rectify.parsing import ParsedNotice

from .importer import import_plan
from .importer.data import CREATE
from .models import ImportDraft


def import_draft_get_for(*, user: User, pk: int) -> ImportDraft:
    """The user's own, unexpired draft, or 404."""
    draft: ImportDraft = get_object_or_404(
        ImportDraft.objects.live().select_related("inspection__inspected_unit"),
        pk=pk,
        owner=user,
    )
    return draft


def import_target_for(*, user: User, pk: int | None) -> Inspection | None:
    """The inspection to import into (404 if out of reach, 403 if not its office), or None.

    Without an inspection, the user must be the rectification office of some unit.
    """
    if pk is None:
        if not office_units(user):
            raise PermissionDenied
        return None
    inspection = inspection_get_for(user=user, pk=pk)
    if not may(user, Action.IMPORT, inspection):
        raise PermissionDenied
    return inspection


def import_draft_plan(*, draft: ImportDraft, actor: User):
    """The import plan of a draft, for the review page (reads only), with the kind and
    category the person chose for each new measure."""
    plan = import_plan(
        parsed=ParsedNotice.from_dict(draft.parsed),
        sha256=draft.sha256,
        filename=draft.filename,
        actor=actor,
        inspection=draft.inspection,
    )
    choices = draft.choices or {}
    for item in plan.all_measures():
        chosen = choices.get(item.text.strip())
        if item.action == CREATE and chosen:
            item.kind = chosen.get("kind", "")
            item.category = chosen.get("category", "")
    return plan
