"""Progress with evidence: reports, their files, and the first report starting the work."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rectify.audit.codes import AuditCode
from rectify.audit.services import audit_log
from rectify.core.dates import check_date
from rectify.core.errors import ValidationFailed
from rectify.core.files import check_evidence_file
from rectify.core.storage import store_content_addressed
from rectify.core.text import PROGRESS_TEXT_MAX, checked_text
from rectify.orgs.models import User

from ..enums import MeasureStatus
from ..events import progress_reported
from ..models import Evidence, IndicatorValue, Measure, ProgressReport
from ..policy import Action, require
from ..workflow import transition


@transaction.atomic
def progress_report_submit(
    *,
    measure: Measure,
    actor: User,
    text: str,
    report_date: dt.date | None = None,
    files: Sequence[UploadedFile] = (),
    indicator_values: dict[int, Decimal] | None = None,
) -> ProgressReport:
    """Record dated progress with evidence; the first report starts the measure."""
    require(actor, Action.REPORT_PROGRESS, measure)
    text = checked_text(text, limit=PROGRESS_TEXT_MAX, label=str(_("The progress report")))
    if not text:
        raise ValidationFailed(_("Describe the progress made."))
    today = timezone.localdate()
    report_date = check_date(report_date) or today
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
    progress_reported.send(sender=Measure, measure=measure, report=report)
    return report


@transaction.atomic
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
    evidence.file.name = store_content_addressed(
        storage=storage,
        name=f"evidence/{info.sha256[:2]}/{info.sha256}",
        upload=upload,
        sha256=info.sha256,
    )  # verified when already there (identical content is stored once)
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
    require(actor, Action.ADD_EVIDENCE, measure)
    checked = [(upload, check_evidence_file(upload)) for upload in files]
    added = [
        evidence_attach_checked(report=report, upload=u, info=i, actor=actor) for u, i in checked
    ]
    progress_reported.send(sender=Measure, measure=measure, report=report)
    return added
