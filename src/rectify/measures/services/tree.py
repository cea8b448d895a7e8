"""Arranging the plan by hand: move measures and findings, delete what nothing hangs on, and
withdraw (撤销, with a reason) what has records: it stays, with its history, out of the counts."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rectify.core.errors import ValidationFailed
from rectify.core.text import NOTE_MAX, checked_text
from rectify.inspections import policy as inspection_policy
from rectify.inspections.models import Finding
from rectify.inspections.services import finding_set_withdrawn, finding_update
from rectify.orgs.models import User

from ..enums import ExtensionStatus, MeasureStatus, RevisionKind
from ..models import Measure
from ..policy import Action, require
from ..workflow import TRANSITIONS, transition
from .approval import plan_revision_record
from .plan import finding_remove, measure_delete, measure_reposition

UP, DOWN = "up", "down"


def _records_of(measure: Measure) -> list[str]:
    """What hangs on a measure: records that a deletion would lose (then withdraw it)."""
    found = []
    if measure.reports.exists():
        found.append(str(_("progress reports")))
    if measure.signoffs.exists():
        found.append(str(_("sign-off requests")))
    if measure.extensions.exists():
        found.append(str(_("deadline extensions")))
    if measure.events.exists():
        found.append(str(_("status changes")))
    return found


def _subtree_measures(finding: Finding):
    key = finding.sort_key
    return Measure.objects.filter(
        Q(sort_key__startswith=f"{key}:") | Q(sort_key__startswith=f"{key}."),
        inspection_id=finding.inspection_id,
    )


def _swapped(siblings: list, pk: int, direction: str) -> list:
    """The siblings in their new order: the one `pk` swapped with its neighbour above (``up``)
    or below; none to move at either end (an empty list)."""
    index = next(i for i, s in enumerate(siblings) if s.pk == pk)
    other = index - 1 if direction == UP else index + 1
    if not 0 <= other < len(siblings):
        return []
    order = list(siblings)
    order[index], order[other] = order[other], order[index]
    return order


@transaction.atomic
def measure_move(*, measure: Measure, actor: User | None, direction: str) -> None:
    """Swap a measure with its neighbour above (``up``) or below (``down``)."""
    require(actor, Action.EDIT_PLAN, measure)
    siblings = list(measure.finding.measures.order_by("position", "pk"))
    # Positions renumbered 1..n, so equal or gapped positions still swap cleanly.
    for position, sibling in enumerate(_swapped(siblings, measure.pk, direction), start=1):
        if sibling.position != position:
            measure_reposition(measure=sibling, actor=actor, position=position, note=direction)


@transaction.atomic
def measure_discard(*, measure: Measure, actor: User | None, note: str = "") -> None:
    """Delete a measure by hand: only while nothing hangs on it (no reports, no sign-off)."""
    require(actor, Action.EDIT_PLAN, measure)
    found = _records_of(measure)
    if found:
        raise ValidationFailed(
            _("This measure cannot be deleted: it has %(records)s."), records="、".join(found)
        )
    plan_revision_record(
        measure=measure, actor=actor, reason=note, diff={}, kind=RevisionKind.DROPPED
    )
    measure_delete(measure=measure, actor=actor, note=note)


@transaction.atomic
def finding_move(*, finding: Finding, actor: User | None, direction: str) -> None:
    """Swap a finding with its sibling above or below; its subtree and measures follow."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT_TREE, finding.inspection)
    siblings = list(
        Finding.objects.filter(inspection_id=finding.inspection_id, parent_id=finding.parent_id)
        .order_by("position", "pk")
        .select_related("parent")
    )
    for offset, sibling in enumerate(_swapped(siblings, finding.pk, direction), start=1):
        if sibling.position != offset:
            finding_update(finding=sibling, actor=actor, position=offset, note=direction)


@transaction.atomic
def finding_discard(*, finding: Finding, actor: User | None, note: str = "") -> None:
    """Delete a finding and its subtree by hand, only while no measure in it has records."""
    inspection_policy.require(actor, inspection_policy.Action.EDIT_TREE, finding.inspection)
    for measure in _subtree_measures(finding):
        if _records_of(measure):
            raise ValidationFailed(
                _("This finding cannot be deleted: its measure “%(m)s” has records."),
                m=str(measure)[:30],
            )
    finding_remove(finding=finding, actor=actor, note=note)


def _no_pending_extension(measure: Measure) -> None:
    if measure.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationFailed(
            _("An extension of “%(m)s” awaits a decision; decide it before withdrawing."),
            m=str(measure)[:30],
        )


def _reason(reason: str) -> str:
    reason = checked_text(reason, limit=NOTE_MAX, label=str(_("The reason")))
    if not reason:
        raise ValidationFailed(_("Say why it is withdrawn."))
    return reason


@transaction.atomic
def measure_withdraw(*, measure: Measure, actor: User | None, reason: str) -> Measure:
    """Take a measure out of the plan with a reason: its reports, evidence and history stay,
    its status becomes 已撤销 (an event in its history) and the counts leave it out. After the
    plan's approval this is a new version of the plan (measure dropped)."""
    reason = _reason(reason)
    require(actor, Action.WITHDRAW, measure)
    _no_pending_extension(measure)
    transition(measure=measure, name="withdraw", actor=actor, note=reason)
    plan_revision_record(
        measure=measure, actor=actor, reason=reason, diff={}, kind=RevisionKind.DROPPED
    )
    return measure


@transaction.atomic
def finding_withdraw(*, finding: Finding, actor: User | None, reason: str) -> int:
    """Withdraw a finding and its subtree with a reason: every open measure in it is withdrawn
    (signed-off ones stay signed off); a measure under sign-off review stops it. Returns the
    number of measures withdrawn."""
    reason = _reason(reason)
    inspection_policy.require(actor, inspection_policy.Action.EDIT_TREE, finding.inspection)
    measures = list(_subtree_measures(finding).select_related("finding__inspection"))
    for measure in measures:
        _no_pending_extension(measure)
        if measure.status == MeasureStatus.SIGNOFF_REQUESTED:
            raise ValidationFailed(
                _("Its measure “%(m)s” is under sign-off review; withdraw that request first."),
                m=str(measure)[:30],
            )
    sources = TRANSITIONS["withdraw"].sources
    withdrawn = [m for m in measures if m.status in sources]
    for measure in withdrawn:
        measure_withdraw(measure=measure, actor=actor, reason=reason)
    finding_set_withdrawn(finding=finding, actor=actor, reason=reason)
    return len(withdrawn)
