"""The audit vocabulary: one namespaced code per act, with a translated label.

Every `audit_log` call names a member of `AuditCode`; a literal string is refused by
tests/audit/test_codes.py. The stored value (the dotted code) never changes once written:
rename the label, never the value. Add new acts at the end of their namespace.
"""

import enum

from django.db import models
from django.utils.translation import gettext_lazy as _


@enum.unique
class AuditCode(models.TextChoices):
    # Signing in and out, second factor
    AUTH_LOGIN = "auth.login", _("Logged in")
    AUTH_LOGOUT = "auth.logout", _("Logged out")
    AUTH_LOGIN_FAILED = "auth.login_failed", _("Failed log-in")
    AUTH_OTP_ENROLLED = "auth.otp_enrolled", _("Second factor enrolled")
    AUTH_OTP_VERIFIED = "auth.otp_verified", _("Second factor verified")
    AUTH_OTP_FAILED = "auth.otp_failed", _("Second factor failed")
    # Accounts, units, roles (三员)
    USER_CREATED = "user.created", _("Account created")
    USER_ACTIVATED = "user.activated", _("Account activated")
    USER_DEACTIVATED = "user.deactivated", _("Account deactivated")
    USER_PASSWORD_RESET = "user.password_reset", _("Password reset")
    USER_PASSWORD_CHANGED = "user.password_changed", _("Password changed")
    USER_UNLOCKED = "user.unlocked", _("Account unlocked")
    USER_LANGUAGE_CHANGED = "user.language_changed", _("Interface language changed")
    ORG_UNIT_CREATED = "org_unit.created", _("Unit created")
    ROLE_GRANTED = "role.granted", _("Role granted")
    ROLE_REVOKED = "role.revoked", _("Role revoked")
    # 外单位: the register of outside units
    OUTSIDE_UNIT_CREATED = "outside_unit.created", _("Outside unit added")
    OUTSIDE_UNIT_UPDATED = "outside_unit.updated", _("Outside unit edited")
    OUTSIDE_UNIT_MERGED = "outside_unit.merged", _("Outside units merged")
    # Inspections, findings, notice text
    INSPECTION_CREATED = "inspection.created", _("Inspection created")
    INSPECTION_UPDATED = "inspection.updated", _("Inspection updated")
    INSPECTION_INSPECTING_UNIT_SET = (
        "inspection.inspecting_unit_set",
        _("Inspecting unit of an inspection set"),
    )
    FINDING_CREATED = "finding.created", _("Finding created")
    FINDING_UPDATED = "finding.updated", _("Finding updated")
    FINDING_DELETED = "finding.deleted", _("Finding deleted")
    FINDING_WITHDRAWN = "finding.withdrawn", _("Finding withdrawn")
    NOTICE_SECTIONS_REPLACED = "notice.sections_replaced", _("Notice sections replaced")
    NOTICE_TEXT_UPDATED = "notice.text_updated", _("Notice text edited")
    NOTICE_IMPORTED = "notice.imported", _("Document imported")
    NOTICE_EXPORTED = "notice.exported", _("Notice exported")
    # Measures and their lifecycle
    MEASURE_CREATED = "measure.created", _("Measure created")
    MEASURE_UPDATED = "measure.updated", _("Measure updated")
    MEASURE_DELETED = "measure.deleted", _("Measure deleted")
    MEASURE_DEADLINE_CHANGED = "measure.deadline_changed", _("Deadline changed")
    MEASURE_SUGGESTION_ACCEPTED = "measure.suggestion_accepted", _("Suggested status accepted")
    MEASURE_SUGGESTION_DISMISSED = "measure.suggestion_dismissed", _("Suggested status dismissed")
    MEASURE_START = "measure.start", _("Progress reported: work under way")
    MEASURE_MARK_LONG_TERM = "measure.mark_long_term", _("Marked long-term")
    MEASURE_REQUEST_SIGNOFF = "measure.request_signoff", _("Status: sign-off requested")
    MEASURE_WITHDRAW_SIGNOFF = "measure.withdraw_signoff", _("Status: request withdrawn")
    MEASURE_APPROVE_SIGNOFF = "measure.approve_signoff", _("Status: signed off")
    MEASURE_RETURN_SIGNOFF = "measure.return_signoff", _("Status: returned")
    MEASURE_REOPEN = "measure.reopen", _("Reopened after re-check")
    MEASURE_WITHDRAW = "measure.withdraw", _("Measure withdrawn")
    INDICATOR_CREATED = "indicator.created", _("Indicator created")
    INDICATOR_UPDATED = "indicator.updated", _("Indicator updated")
    PROGRESS_REPORT_SUBMITTED = "progress_report.submitted", _("Progress reported")
    EVIDENCE_UPLOADED = "evidence.uploaded", _("Evidence uploaded")
    EVIDENCE_DOWNLOADED = "evidence.downloaded", _("Evidence downloaded")
    EXTENSION_REQUESTED = "extension.requested", _("Extension requested")
    EXTENSION_APPROVED = "extension.approved", _("Extension approved")
    EXTENSION_REFUSED = "extension.refused", _("Extension refused")
    # 整改方案: submitted, approved or returned, and every change after approval
    PLAN_SUBMITTED = "plan.submitted", _("Plan submitted for approval")
    PLAN_APPROVED = "plan.approved", _("Plan approved")
    PLAN_RETURNED = "plan.returned", _("Plan returned")
    PLAN_REVISED = "plan.revised", _("Approved plan changed")
    PLAN_GRID_SAVED = "plan.grid_saved", _("Plan grid saved")
    PLAN_EXPORTED = "plan.exported", _("Plan document exported")
    REPORT_EXPORTED = "report.exported", _("Rectification report exported")
    # 销号
    SIGNOFF_APPROVED = "signoff.approved", _("Sign-off approved")
    SIGNOFF_RETURNED = "signoff.returned", _("Sign-off returned")
    SIGNOFF_WITHDRAWN = "signoff.withdrawn", _("Sign-off request withdrawn")
    # Documents in and out
    IMPORT_DRAFT_CREATED = "import_draft.created", _("Import draft uploaded")
    IMPORT_DRAFT_CORRECTED = "import_draft.corrected", _("Import draft corrected")
    IMPORT_DRAFT_CONFIRMED = "import_draft.confirmed", _("Import draft confirmed")
    IMPORT_DRAFT_REPAIRED = "import_draft.repaired", _("Import draft tree repaired")
    IMPORT_DRAFT_UNDONE = "import_draft.undone", _("Import draft repair undone")
    LEDGER_EXPORTED = "ledger.exported", _("Ledger exported")
    LEDGER_EXPORT_QUEUED = "ledger.export_queued", _("Ledger export queued")
    LEDGER_DOWNLOADED = "ledger.downloaded", _("Ledger downloaded")
    LEDGER_IMPORTED = "ledger.imported", _("Ledger imported")
    AUDIT_EXPORTED = "audit.exported", _("Audit log exported")
    # Background jobs
    JOB_QUEUED = "job.queued", _("Job queued")
    JOB_FAILED = "job.failed", _("Job failed")
    JOB_LEASE_EXPIRED = "job.lease_expired", _("Job's worker lost (lease expired)")
    # Supervision
    SUPERVISION_RUN = "supervision.run", _("Daily supervision run")
    SUPERVISION_NOTICE_REPLIED = "supervision.notice_replied", _("Supervision notice answered")
    SUPERVISION_DISCIPLINE_RECORDED = (
        "supervision.discipline_recorded",
        _("Talk recorded in the register"),
    )
    SUPERVISION_DOCUMENT_EXPORTED = (
        "supervision.document_exported",
        _("Supervision letter exported"),
    )
    SUPERVISION_RECHECK_RECORDED = "supervision.recheck_recorded", _("Re-check recorded")
    SUPERVISION_MEETING_RECORDED = "supervision.meeting_recorded", _("Supervision meeting recorded")
    SUPERVISION_DECISION_DONE = "supervision.decision_done", _("Meeting decision done")
    SUPERVISION_CHANNELS_SET = "supervision.channels_set", _("Message channels chosen")
    # Running Rectify: backups and upgrades
    BACKUP_CREATED = "backup.created", _("Backup written")
    SYSTEM_UPGRADED = "system.upgraded", _("Rectify upgraded")
    INSIGHTS_GATES_SET = "insights.gates_set", _("Sign-off gates set")
    INSIGHTS_MATCHES_REFRESHED = "insights.matches_refreshed", _("Recurring findings matched again")
    INSIGHTS_FIGURES_KEPT = "insights.figures_kept", _("Dashboard figures computed again")
    INSIGHTS_ROUND_CHECKS_KEPT = (
        "insights.round_checks_kept",
        _("Round's copy and photo checks computed again"),
    )
    # The public site: publishing a round's notice, the public's opinions
    PUBLICATION_DRAFTED = "publication.drafted", _("Publication drafted")
    PUBLICATION_CHECKED = "publication.checked", _("Publication checked")
    PUBLICATION_APPROVED = "publication.approved", _("Publication approved")
    PUBLICATION_PUBLISHED = "publication.published", _("Notice published")
    PUBLICATION_WITHDRAWN = "publication.withdrawn", _("Notice withdrawn")
    OPINION_RECEIVED = "opinion.received", _("Public opinion received")
    OPINION_LINKED = "opinion.linked", _("Opinion linked to the ledger")
    OPINION_FINDING_OPENED = "opinion.finding_opened", _("Finding opened from an opinion")
    OPINION_FORWARDED = "opinion.forwarded", _("Opinion forwarded")
    OPINION_CLOSED = "opinion.closed", _("Opinion closed")
    OPINION_ATTACHMENT_DOWNLOADED = (
        "opinion.attachment_downloaded",
        _("Opinion attachment downloaded"),
    )
    # The REST API's bearer tokens
    API_TOKEN_CREATED = "api_token.created", _("API token created")
    API_TOKEN_REVOKED = "api_token.revoked", _("API token revoked")
    # Written by releases before 0.2 (read, never written again)
    LEGACY_ORGUNIT_CREATED = "orgunit.created", _("Unit created")


def label_of(code: str) -> str:
    """The translated label of a stored code; the code itself for one no longer declared."""
    try:
        return str(AuditCode(code).label)
    except ValueError:
        return code
