"""The 销号 workflow: request, approve, return, withdraw, reopen. Nothing closes otherwise."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ValidationFailed
from rectify.core.locking import update_versioned
from rectify.orgs.models import User

from ..checks import missing_for_signoff
from ..enums import Decision
from ..models import Evidence, Measure, SignOff
from ..policy import Action, require
from ..workflow import transition


@transaction.atomic
def signoff_request(
    *, measure: Measure, actor: User, note: str = "", expected_version: int | None = None
) -> SignOff:
    """Ask for 销号. Refused unless progress was reported with at least one evidence file."""
    require(actor, Action.REQUEST_SIGNOFF, measure)
    if not measure.reports.exists():
        raise ValidationFailed(
            _("Sign-off refused: no progress has been reported on this measure yet.")
        )
    if not Evidence.objects.filter(report__measure=measure).exists():
        raise ValidationFailed(
            _("Sign-off refused: attach evidence (佐证材料) to a progress report first.")
        )
    setback = (
        measure.events.filter(transition__in=["return_signoff", "reopen"])
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    missing = missing_for_signoff(measure)
    if missing:
        raise ValidationFailed(
            _("Sign-off refused, still missing: %(missing)s") % {"missing": "；".join(missing)}
        )
    if setback and not measure.reports.filter(created_at__gt=setback).exists():
        raise ValidationFailed(
            _(
                "Sign-off refused: report the progress made since the measure was returned or "
                "reopened first."
            )
        )
    transition(
        measure=measure,
        name="request_signoff",
        actor=actor,
        note=note,
        expected_version=expected_version,
    )
    try:
        with transaction.atomic():
            signoff = SignOff.objects.create(measure=measure, requested_by=actor, request_note=note)
    except IntegrityError as exc:
        raise ValidationFailed(_("A sign-off request is already open for this measure.")) from exc
    return signoff


def _open_signoff(measure: Measure) -> SignOff:
    signoff = measure.signoffs.filter(decision=Decision.PENDING).first()
    if signoff is None:
        raise ValidationFailed(_("There is no open sign-off request for this measure."))
    return signoff


def _decide(signoff: SignOff, *, actor: User, decision: str, opinion: str) -> None:
    update_versioned(
        signoff,
        expected_version=signoff.version,
        decision=decision,
        reviewer=actor,
        opinion=opinion,
        decided_at=timezone.now(),
    )


@transaction.atomic
def signoff_approve(*, measure: Measure, actor: User, opinion: str = "") -> SignOff:
    require(actor, Action.APPROVE_SIGNOFF, measure)
    signoff = _open_signoff(measure)
    if signoff.requested_by_id == actor.pk:
        raise ValidationFailed(_("You cannot approve a sign-off you requested yourself."))
    transition(
        measure=measure,
        name="approve_signoff",
        actor=actor,
        note=opinion,
        signed_off_at=timezone.now(),
    )
    _decide(signoff, actor=actor, decision=Decision.APPROVED, opinion=opinion)
    audit_log(actor=actor, code=AuditCode.SIGNOFF_APPROVED, obj=measure, note=opinion)
    return signoff


@transaction.atomic
def signoff_return(*, measure: Measure, actor: User, opinion: str) -> SignOff:
    require(actor, Action.RETURN_SIGNOFF, measure)
    if not opinion.strip():
        raise ValidationFailed(_("Say why the sign-off is returned."))
    signoff = _open_signoff(measure)
    transition(measure=measure, name="return_signoff", actor=actor, note=opinion)
    _decide(signoff, actor=actor, decision=Decision.RETURNED, opinion=opinion)
    audit_log(actor=actor, code=AuditCode.SIGNOFF_RETURNED, obj=measure, note=opinion)
    return signoff


@transaction.atomic
def signoff_withdraw(*, measure: Measure, actor: User) -> SignOff:
    require(actor, Action.WITHDRAW_SIGNOFF, measure)
    signoff = _open_signoff(measure)
    transition(measure=measure, name="withdraw_signoff", actor=actor)
    _decide(signoff, actor=actor, decision=Decision.WITHDRAWN, opinion="")
    audit_log(actor=actor, code=AuditCode.SIGNOFF_WITHDRAWN, obj=measure)
    return signoff


@transaction.atomic
def measure_reopen(*, measure: Measure, actor: User, reason: str) -> Measure:
    """回头看: a re-check found the problem back (rebound); the measure reopens."""
    require(actor, Action.REOPEN, measure)
    if not reason.strip():
        raise ValidationFailed(_("Say what the re-check found."))
    transition(measure=measure, name="reopen", actor=actor, note=reason, signed_off_at=None)
    return measure
