"""Publishing a round's notice: draft → checks pass → approved by the leader → published.

A draft freezes the masked public version of the notice as the ledger stands; the checks are
the notices app's (`check_draft`); a correction is a new version whose ``change_note`` says what
changed, and publishing it marks the version before as superseded; withdrawing keeps the row.
Each step is a conditional UPDATE on the status it starts from, so two clicks publish once.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import ConflictError, TransitionNotAllowed, ValidationFailed
from rectify.inspections.models import Inspection
from rectify.notices.checks import ERROR, check_draft
from rectify.orgs.models import User

from ..enums import OPEN_STATUSES, PublicationStatus
from ..models import Publication
from ..policy import Action, require
from ..rendering import public_version


def _step(publication: Publication, *, frm: set[str], to: str, **fields) -> None:
    """Move from one of ``frm`` to ``to`` with a conditional UPDATE; refuse anything else."""
    if publication.status not in frm:
        raise TransitionNotAllowed(
            _("This publication is “%(status)s”: that step is not possible now."),
            status=publication.get_status_display(),
        )
    fields["updated_at"] = timezone.now()
    changed = Publication.objects.filter(pk=publication.pk, status=publication.status).update(
        status=PublicationStatus(to), **fields
    )
    if changed != 1:
        raise ConflictError()
    publication.status = PublicationStatus(to)
    for name, value in fields.items():
        setattr(publication, name, value)


@transaction.atomic
def publication_draft(
    *, inspection: Inspection, actor: User | None, change_note: str = "", today: dt.date
) -> Publication:
    """A new version of the round's public notice from the ledger; a correction needs a note."""
    unit = inspection.inspected_unit
    require(actor, Action.DRAFT, unit)
    existing = Publication.objects.select_for_update().filter(inspection=inspection)
    if existing.filter(status=PublicationStatus.APPROVED).exists():
        raise ValidationFailed(_("An approved version is waiting to be published."))
    # A draft not yet approved is made again from the ledger as it stands now.
    existing.filter(status__in=OPEN_STATUSES).delete()
    published = existing.filter(status=PublicationStatus.PUBLISHED).exists()
    if published and not change_note.strip():
        raise ValidationFailed(_("A correction needs a note saying what changed."))
    version = (existing.aggregate(v=Max("version"))["v"] or 0) + 1
    public = public_version(inspection=inspection, today=today)
    publication = Publication.objects.create(
        inspection=inspection,
        unit=unit,
        version=version,
        title=public.title,
        body_html=public.html,
        body_text=public.text,
        references=public.references,
        progress=public.progress,
        change_note=change_note.strip(),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        code=AuditCode.PUBLICATION_DRAFTED,
        obj=publication,
        after={"inspection": inspection.pk, "version": version, "change_note": change_note},
    )
    return publication


@transaction.atomic
def publication_check(*, publication: Publication, actor: User | None, today: dt.date) -> list:
    """The notices app's checks on the frozen text; with no error the draft is checked."""
    require(actor, Action.CHECK, publication)
    issues = check_draft(publication.body_text, inspection=publication.inspection, today=today)
    errors = [{"code": i.code, "message": i.message} for i in issues if i.severity == ERROR]
    if errors:
        Publication.objects.filter(pk=publication.pk).update(check_errors=errors)
        publication.check_errors = errors
    else:
        _step(
            publication,
            frm={PublicationStatus.DRAFT},
            to=PublicationStatus.CHECKED,
            check_errors=[],
        )
    audit_log(
        actor=actor,
        code=AuditCode.PUBLICATION_CHECKED,
        obj=publication,
        after={"errors": len(errors), "passed": not errors},
    )
    return errors


@transaction.atomic
def publication_approve(*, publication: Publication, actor: User | None) -> None:
    require(actor, Action.APPROVE, publication)
    _step(
        publication,
        frm={PublicationStatus.CHECKED},
        to=PublicationStatus.APPROVED,
        approved_by=actor,
        approved_at=timezone.now(),
    )
    audit_log(actor=actor, code=AuditCode.PUBLICATION_APPROVED, obj=publication)


@transaction.atomic
def publication_publish(*, publication: Publication, actor: User | None) -> None:
    """Published now; the version it corrects (if any) is marked superseded."""
    require(actor, Action.PUBLISH, publication)
    now = timezone.now()
    superseded = list(
        Publication.objects.filter(
            inspection=publication.inspection, status=PublicationStatus.PUBLISHED
        )
        .exclude(pk=publication.pk)
        .values_list("version", flat=True)
    )
    Publication.objects.filter(
        inspection=publication.inspection,
        status=PublicationStatus.PUBLISHED,
        version__in=superseded,
    ).update(status=PublicationStatus.SUPERSEDED, updated_at=now)
    _step(
        publication,
        frm={PublicationStatus.APPROVED},
        to=PublicationStatus.PUBLISHED,
        published_at=now,
    )
    audit_log(
        actor=actor,
        code=AuditCode.PUBLICATION_PUBLISHED,
        obj=publication,
        after={"version": publication.version, "supersedes": superseded},
    )


@transaction.atomic
def publication_withdraw(*, publication: Publication, actor: User | None, reason: str) -> None:
    """Off the public site's lists; its page stays and says it was withdrawn, and why."""
    require(actor, Action.WITHDRAW, publication)
    if not reason.strip():
        raise ValidationFailed(_("Say why the notice is withdrawn."))
    _step(
        publication,
        frm={PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED},
        to=PublicationStatus.WITHDRAWN,
        withdrawn_at=timezone.now(),
        withdraw_reason=reason.strip(),
    )
    audit_log(
        actor=actor,
        code=AuditCode.PUBLICATION_WITHDRAWN,
        obj=publication,
        after={"reason": reason.strip()},
    )
