"""Deadlines: every change is a DeadlineExtension row with who and why, shown in the ledger."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ValidationFailed
from rectify.core.locking import update_versioned
from rectify.orgs.models import User

from ..enums import ExtensionStatus, MeasureKind, MeasureStatus
from ..events import extension_changed
from ..models import DeadlineExtension, Measure
from ..policy import Action, require
from .approval import plan_revision_record


@transaction.atomic
def deadline_set(
    *,
    measure: Measure,
    actor: User,
    new_deadline: dt.date | None,
    reason: str,
    expected_version: int,
) -> DeadlineExtension:
    """The office sets a deadline directly (planning); still recorded with who and why."""
    require(actor, Action.SET_DEADLINE, measure)
    if not reason.strip():
        raise ValidationFailed(_("Give a reason for changing the deadline."))
    if new_deadline is None and measure.kind != MeasureKind.LONG_TERM:
        raise ValidationFailed(_("Only a long-term measure may have no deadline."))
    if measure.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationFailed(_("Decide the pending extension request first."))
    old = measure.deadline
    update_versioned(measure, expected_version=expected_version, deadline=new_deadline)
    record = DeadlineExtension.objects.create(
        measure=measure,
        old_deadline=old,
        new_deadline=new_deadline,
        reason=reason,
        requested_by=actor,
        status=ExtensionStatus.SET_DIRECTLY,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_log(
        actor=actor,
        code=AuditCode.MEASURE_DEADLINE_CHANGED,
        obj=measure,
        before={"deadline": old and old.isoformat()},
        after={"deadline": new_deadline and new_deadline.isoformat()},
        note=reason,
    )
    plan_revision_record(
        measure=measure, actor=actor, reason=reason, diff={"deadline": [old, new_deadline]}
    )
    return record


@transaction.atomic
def deadline_extension_request(
    *, measure: Measure, actor: User, new_deadline: dt.date, reason: str
) -> DeadlineExtension:
    require(actor, Action.REQUEST_EXTENSION, measure)
    if not reason.strip():
        raise ValidationFailed(_("Give a reason for the extension."))
    if measure.deadline and new_deadline <= measure.deadline:
        raise ValidationFailed(_("The new deadline must be later than the current one."))
    try:
        with transaction.atomic():
            record = DeadlineExtension.objects.create(
                measure=measure,
                old_deadline=measure.deadline,
                new_deadline=new_deadline,
                reason=reason,
                requested_by=actor,
            )
    except IntegrityError as exc:
        raise ValidationFailed(
            _("An extension request for this measure is already waiting for a decision.")
        ) from exc
    audit_log(
        actor=actor,
        code=AuditCode.EXTENSION_REQUESTED,
        obj=measure,
        after={"new_deadline": new_deadline.isoformat()},
        note=reason,
    )
    extension_changed.send(
        sender=Measure, measure=measure, extension=record, actor=actor, decided=None
    )
    return record


@transaction.atomic
def deadline_extension_decide(
    *, extension: DeadlineExtension, actor: User, approve: bool, note: str = ""
) -> DeadlineExtension:
    measure = extension.measure
    require(actor, Action.DECIDE_EXTENSION, measure)
    if approve and measure.status == MeasureStatus.SIGNED_OFF:
        raise ValidationFailed(_("The measure is already signed off; no extension is needed."))
    if approve and measure.deadline != extension.old_deadline:
        raise ValidationFailed(
            _("The deadline changed after this request was made; ask for a new request.")
        )
    changed = DeadlineExtension.objects.filter(
        pk=extension.pk, status=ExtensionStatus.PENDING
    ).update(
        status=ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    if changed != 1:
        raise ValidationFailed(_("This extension request has already been decided."))
    extension.refresh_from_db()
    if approve:
        old = measure.deadline
        update_versioned(measure, expected_version=measure.version, deadline=extension.new_deadline)
        audit_log(
            actor=actor,
            code=AuditCode.MEASURE_DEADLINE_CHANGED,
            obj=measure,
            before={"deadline": old and old.isoformat()},
            after={"deadline": extension.new_deadline and extension.new_deadline.isoformat()},
            note=extension.reason,
        )
        plan_revision_record(
            measure=measure,
            actor=actor,
            reason=extension.reason,
            diff={"deadline": [old, extension.new_deadline]},
        )
    audit_log(
        actor=actor,
        code=AuditCode.EXTENSION_APPROVED if approve else AuditCode.EXTENSION_REFUSED,
        obj=measure,
        note=note,
    )
    extension_changed.send(
        sender=Measure, measure=measure, extension=extension, actor=actor, decided=approve
    )
    return extension
