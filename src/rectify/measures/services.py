"""Writes on measures: planning, progress with evidence, deadlines. Atomic and audited."""

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.errors import PermissionRefused, ValidationFailed
from rectify.core.files import check_evidence_file
from rectify.core.locking import update_versioned
from rectify.inspections.models import Finding
from rectify.orgs.models import OrgUnit, User

from . import selectors
from .enums import ExtensionStatus, MeasureKind, MeasureStatus
from .models import (
    DeadlineExtension,
    Evidence,
    Indicator,
    IndicatorValue,
    Measure,
    ProgressReport,
)
from .workflow import transition

EDITABLE_FIELDS = (
    "text",
    "kind",
    "target",
    "responsible_leader",
    "lead_department",
    "responsible_person",
)


def _snapshot(measure: Measure, fields) -> dict:
    out = {}
    for name in fields:
        value = getattr(measure, name)
        out[name] = value.pk if hasattr(value, "pk") else value
        if isinstance(out[name], dt.date):
            out[name] = out[name].isoformat()
    return out


@transaction.atomic
def measure_create(
    *,
    finding: Finding,
    text: str,
    actor: User | None,
    label: str = "",
    kind: str = MeasureKind.TIME_BOUND,
    deadline: dt.date | None = None,
    lead_department: OrgUnit | None = None,
    position: int | None = None,
    **fields,
) -> Measure:
    if position is None:
        position = finding.measures.count() + 1
    measure = Measure.objects.create(
        finding=finding,
        text=text,
        label=label,
        kind=kind,
        deadline=deadline,
        lead_department=lead_department,
        position=position,
        **fields,
    )
    audit_log(actor=actor, code=AuditCode.MEASURE_CREATED, obj=measure, after={"text": text})
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    actor: User,
    expected_version: int,
    co_departments: list[OrgUnit] | None = None,
    **changes,
) -> Measure:
    """Edit a measure's plan (not its status or deadline). Refuses stale edits."""
    if not selectors.can_manage(actor, measure):
        raise PermissionRefused()
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("These fields cannot be edited here: %(f)s"), f=", ".join(unknown))
    if "kind" in changes and (changes["kind"] == MeasureKind.LONG_TERM) != (
        measure.kind == MeasureKind.LONG_TERM
    ):
        raise ValidationFailed(
            _("Use “Mark as long-term” to make a measure long-term; it changes its status too.")
        )
    before = _snapshot(measure, changes)
    update_versioned(measure, expected_version=expected_version, **changes)
    if co_departments is not None:
        before["co_departments"] = sorted(measure.co_departments.values_list("pk", flat=True))
        measure.co_departments.set(co_departments)
    after = _snapshot(measure, changes)
    if co_departments is not None:
        after["co_departments"] = sorted(unit.pk for unit in co_departments)
    audit_log(actor=actor, code=AuditCode.MEASURE_UPDATED, obj=measure, before=before, after=after)
    return measure


@transaction.atomic
def progress_report_submit(
    *,
    measure: Measure,
    actor: User,
    text: str,
    report_date: dt.date | None = None,
    files: list[UploadedFile] = (),
    indicator_values: dict[int, Decimal] | None = None,
) -> ProgressReport:
    """Record dated progress with evidence; the first report starts the measure."""
    if not selectors.can_report(actor, measure):
        raise PermissionRefused()
    if measure.status == MeasureStatus.SIGNED_OFF:
        raise ValidationFailed(_("This measure is signed off; reopen it before reporting."))
    if measure.status == MeasureStatus.SIGNOFF_REQUESTED:
        raise ValidationFailed(
            _("A sign-off request is under review; withdraw it before adding progress.")
        )
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("Describe the progress made."))
    today = timezone.localdate()
    report_date = report_date or today
    if report_date > today:
        raise ValidationFailed(_("The report date cannot be in the future."))
    checked = [(upload, check_evidence_file(upload)) for upload in files]
    indicators = {i.pk: i for i in measure.indicators.all()}
    if set(indicator_values or {}) - set(indicators):
        raise ValidationFailed(_("An indicator does not belong to this measure."))
    report = ProgressReport.objects.create(
        measure=measure, report_date=report_date, text=text, author=actor
    )
    for upload, info in checked:
        evidence_attach_checked(report=report, upload=upload, info=info, actor=actor)
    changed_indicators = {}
    for indicator_id, value in (indicator_values or {}).items():
        indicator = indicators[indicator_id]
        IndicatorValue.objects.create(report=report, indicator=indicator, value=value)
        changed_indicators[indicator.name] = [str(indicator.current_value), str(value)]
        indicator.current_value = value
        indicator.save(update_fields=["current_value", "updated_at"])
    audit_log(
        actor=actor,
        code=AuditCode.PROGRESS_REPORT_SUBMITTED,
        obj=report,
        after={
            "measure": measure.pk,
            "text": text,
            "files": [i.name for _, i in checked],
            "indicators": changed_indicators,  # name: [before, after]
        },
    )
    if measure.status in {MeasureStatus.NOT_STARTED, MeasureStatus.RETURNED}:
        transition(measure=measure, name="start", actor=actor)
    return report


def evidence_attach_checked(
    *, report: ProgressReport, upload: UploadedFile, info, actor: User
) -> Evidence:
    evidence = Evidence(
        report=report,
        original_name=info.name,
        content_type=info.content_type,
        size=info.size,
        sha256=info.sha256,
        uploaded_by=actor,
    )
    storage = Evidence._meta.get_field("file").storage
    path = f"evidence/{info.sha256[:2]}/{info.sha256}"
    if storage.exists(path):
        evidence.file.name = path  # identical content already stored once
    else:
        evidence.file.save(info.name, upload, save=False)
    evidence.save()
    audit_log(
        actor=actor,
        code=AuditCode.EVIDENCE_UPLOADED,
        obj=evidence,
        after={"name": info.name, "sha256": info.sha256, "size": info.size},
    )
    return evidence


@transaction.atomic
def evidence_add(*, report: ProgressReport, actor: User, files: list[UploadedFile]) -> list:
    measure = report.measure
    if not selectors.can_report(actor, measure):
        raise PermissionRefused()
    if measure.status in {MeasureStatus.SIGNED_OFF, MeasureStatus.SIGNOFF_REQUESTED}:
        raise ValidationFailed(_("Evidence cannot be added while sign-off is requested or done."))
    checked = [(upload, check_evidence_file(upload)) for upload in files]
    return [
        evidence_attach_checked(report=report, upload=u, info=i, actor=actor) for u, i in checked
    ]


@transaction.atomic
def indicator_set(
    *,
    measure: Measure,
    actor: User | None,
    name: str,
    unit: str = "",
    target_value: Decimal | None = None,
    current_value: Decimal | None = None,
) -> Indicator:
    if actor is not None and not selectors.can_manage(actor, measure):
        raise PermissionRefused()
    values = {"unit": unit, "target_value": target_value, "current_value": current_value}
    indicator, created = Indicator.objects.update_or_create(
        measure=measure,
        name=name,
        defaults=values,
        # An update keeps the indicator's place; only a new one goes last.
        create_defaults={**values, "position": measure.indicators.count() + 1},
    )
    audit_log(
        actor=actor,
        code=AuditCode.INDICATOR_CREATED if created else AuditCode.INDICATOR_UPDATED,
        obj=indicator,
        after={
            "name": name,
            "unit": unit,
            "target": str(target_value),
            "current": str(current_value),
        },
    )
    return indicator


# Deadlines: every change is a DeadlineExtension row, visible in the ledger.


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
    if not selectors.can_manage(actor, measure):
        raise PermissionRefused()
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
    return record


@transaction.atomic
def deadline_extension_request(
    *, measure: Measure, actor: User, new_deadline: dt.date, reason: str
) -> DeadlineExtension:
    if not selectors.can_report(actor, measure):
        raise PermissionRefused()
    if not reason.strip():
        raise ValidationFailed(_("Give a reason for the extension."))
    if measure.status == MeasureStatus.SIGNED_OFF:
        raise ValidationFailed(_("A signed-off measure needs no extension."))
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
    return record


@transaction.atomic
def deadline_extension_decide(
    *, extension: DeadlineExtension, actor: User, approve: bool, note: str = ""
) -> DeadlineExtension:
    measure = extension.measure
    if not selectors.can_decide_extension(actor, measure):
        raise PermissionRefused()
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
            after={"deadline": extension.new_deadline.isoformat()},
            note=extension.reason,
        )
    audit_log(
        actor=actor,
        code=AuditCode.EXTENSION_APPROVED if approve else AuditCode.EXTENSION_REFUSED,
        obj=measure,
        note=note,
    )
    return extension


@transaction.atomic
def measure_mark_long_term(*, measure: Measure, actor: User, note: str = "") -> Measure:
    if not selectors.can_manage(actor, measure):
        raise PermissionRefused()
    transition(
        measure=measure, name="mark_long_term", actor=actor, note=note, kind=MeasureKind.LONG_TERM
    )
    return measure


@transaction.atomic
def measure_confirm_suggestion(*, measure: Measure, actor: User, accept: bool) -> Measure:
    """Confirm or dismiss the importer's suggested status (a person decides, never the parser)."""
    if not selectors.can_manage(actor, measure):
        raise PermissionRefused()
    suggested = measure.suggested_status
    if not suggested:
        return measure
    update_versioned(
        measure, expected_version=measure.version, suggested_status="", suggestion_reason=""
    )
    audit_log(
        actor=actor,
        code=(
            AuditCode.MEASURE_SUGGESTION_ACCEPTED
            if accept
            else AuditCode.MEASURE_SUGGESTION_DISMISSED
        ),
        obj=measure,
        after={"suggested_status": suggested},
    )
    if accept and suggested == MeasureStatus.LONG_TERM:
        transition(
            measure=measure,
            name="mark_long_term",
            actor=actor,
            note=str(_("Suggested by the import")),
            kind=MeasureKind.LONG_TERM,
        )
    elif (
        accept
        and suggested == MeasureStatus.IN_PROGRESS
        and (measure.status == MeasureStatus.NOT_STARTED)
    ):
        transition(
            measure=measure, name="start", actor=actor, note=str(_("Suggested by the import"))
        )
    return measure
