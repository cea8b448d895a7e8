"""The public's opinions (意见建议): received with a reference number, then triaged by the office
— linked to a finding or measure, a new finding opened from it, forwarded, or closed."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import TransitionNotAllowed, ValidationFailed
from rectify.core.files import check_evidence_file
from rectify.inspections.models import Finding
from rectify.inspections.services import finding_create
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit, User

from ..enums import OpinionStatus
from ..models import Opinion, OpinionSequence, Publication, query_hash
from ..policy import Action, require

MAX_TEXT = 5000
_CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _next_reference(year: int) -> str:
    OpinionSequence.objects.get_or_create(year=year)
    OpinionSequence.objects.filter(year=year).update(last=F("last") + 1)
    last = OpinionSequence.objects.get(year=year).last
    return f"YJ-{year}-{last:06d}"


@transaction.atomic
def opinion_submit(
    *,
    unit: OrgUnit,
    publication: Publication | None,
    category: str,
    text: str,
    name: str = "",
    contact: str = "",
    about: str = "",
    attachment: UploadedFile | None = None,
    today: dt.date,
) -> Opinion:
    """A message from the public (no account); the attachment passes the evidence checks."""
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Write your opinion."))
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            _("Your opinion is too long (at most %(n)s characters)."), n=MAX_TEXT
        )
    checked = check_evidence_file(attachment) if attachment else None
    code = "".join(secrets.choice(_CODE_CHARS) for _ in range(6))
    opinion = Opinion(
        reference=_next_reference(today.year),
        query_hash=query_hash(code),
        unit=unit,
        publication=publication,
        inspection=publication.inspection if publication else None,
        about=about[:20],
        category=category,
        text=text,
        name=name.strip()[:100],
        contact=contact.strip()[:100],
    )
    if checked is not None and attachment is not None:
        opinion.attachment_name = checked.name
        opinion.attachment_type = checked.content_type
        opinion.attachment_sha256 = checked.sha256
        storage = Opinion._meta.get_field("attachment").storage
        path = f"evidence/{checked.sha256[:2]}/{checked.sha256}"
        if storage.exists(path):
            opinion.attachment.name = path  # identical content already stored once
        else:
            opinion.attachment.save(checked.name, attachment, save=False)
    opinion.save()
    opinion.query_code = code  # type: ignore[attr-defined]  # shown once, never stored
    audit_log(
        actor=None,
        code=AuditCode.OPINION_RECEIVED,
        obj=opinion,
        after={"unit": unit.pk, "category": category, "attachment": bool(checked)},
    )
    return opinion


def _in_unit(opinion: Opinion, unit: OrgUnit) -> bool:
    return unit.path.startswith(opinion.unit.path)


def _open(opinion: Opinion) -> None:
    if opinion.status == OpinionStatus.CLOSED:
        raise TransitionNotAllowed(_("This opinion is closed."))


@transaction.atomic
def opinion_link(
    *, opinion: Opinion, actor: User | None, finding: Finding | None, measure: Measure | None
) -> None:
    """Tie the opinion to the finding or measure it is about; it is being handled."""
    require(actor, Action.TRIAGE, opinion)
    _open(opinion)
    if finding is None and measure is None:
        raise ValidationFailed(_("Choose a problem or a measure."))
    for target in (finding, measure):
        if target is not None and not _in_unit(opinion, target.inspection.inspected_unit):
            raise ValidationFailed(_("That problem or measure belongs to another unit."))
    opinion.finding, opinion.measure = finding or opinion.finding, measure or opinion.measure
    opinion.status = OpinionStatus.HANDLING
    opinion.save(update_fields=["finding", "measure", "status", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.OPINION_LINKED,
        obj=opinion,
        after={"finding": opinion.finding_id, "measure": opinion.measure_id},
    )


@transaction.atomic
def opinion_finding_open(*, opinion: Opinion, actor: User | None, title: str) -> Finding:
    """A new problem in the opinion's round, opened from it and linked to it."""
    require(actor, Action.TRIAGE, opinion)
    _open(opinion)
    if opinion.inspection is None:
        raise ValidationFailed(_("This opinion is not about a round: link it instead."))
    if not title.strip():
        raise ValidationFailed(_("Give the new problem a title."))
    finding = finding_create(
        inspection=opinion.inspection, actor=actor, title=f"{title.strip()}（{opinion.reference}）"
    )
    opinion.finding = finding
    opinion.status = OpinionStatus.HANDLING
    opinion.save(update_fields=["finding", "status", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.OPINION_FINDING_OPENED,
        obj=opinion,
        after={"finding": finding.pk},
    )
    return finding


@transaction.atomic
def opinion_forward(*, opinion: Opinion, actor: User | None, to: OrgUnit, note: str) -> None:
    """Sent on to a department of the unit (or the unit above) to handle."""
    require(actor, Action.TRIAGE, opinion)
    _open(opinion)
    if not _in_unit(opinion, to):
        raise ValidationFailed(_("Forward it within the unit the opinion is about."))
    opinion.forwarded_to = to
    opinion.handling_note = note.strip()
    opinion.status = OpinionStatus.HANDLING
    opinion.save(update_fields=["forwarded_to", "handling_note", "status", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.OPINION_FORWARDED,
        obj=opinion,
        after={"to": to.pk, "note": opinion.handling_note},
    )


@transaction.atomic
def opinion_close(*, opinion: Opinion, actor: User | None, reason: str) -> None:
    """办结: closed with a reason, which the sender reads with the reference number."""
    require(actor, Action.TRIAGE, opinion)
    _open(opinion)
    if not reason.strip():
        raise ValidationFailed(_("Say how the opinion was handled."))
    opinion.reply = reason.strip()
    opinion.status = OpinionStatus.CLOSED
    opinion.closed_at = timezone.now()
    opinion.save(update_fields=["reply", "status", "closed_at", "updated_at"])
    audit_log(
        actor=actor, code=AuditCode.OPINION_CLOSED, obj=opinion, after={"reply": opinion.reply}
    )
