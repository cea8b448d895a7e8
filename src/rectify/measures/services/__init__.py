"""Writes on measures, one module per task; every one atomic, audited, checked by the policy.

- plan: create, edit, indicators, long-term, the importer's suggestions, reposition, delete
- progress: progress reports with evidence
- deadlines: deadlines set by the office, extensions requested and decided
- signoff: 销号 — request, approve, return, withdraw; reopen after a re-check (回头看)
"""

from .approval import plan_approve, plan_return, plan_revision_record, plan_submit
from .deadlines import deadline_extension_decide, deadline_extension_request, deadline_set
from .plan import (
    EDITABLE_FIELDS,
    finding_remove,
    indicator_set,
    measure_confirm_suggestion,
    measure_create,
    measure_delete,
    measure_mark_long_term,
    measure_reposition,
    measure_update,
    measure_update_from_import,
)
from .progress import evidence_add, evidence_attach_checked, progress_report_submit
from .signoff import (
    measure_reopen,
    signoff_approve,
    signoff_request,
    signoff_return,
    signoff_withdraw,
)
from .tree import finding_discard, finding_move, measure_discard, measure_move

__all__ = [
    "EDITABLE_FIELDS",
    "deadline_extension_decide",
    "deadline_extension_request",
    "deadline_set",
    "evidence_add",
    "evidence_attach_checked",
    "finding_discard",
    "finding_move",
    "finding_remove",
    "indicator_set",
    "measure_confirm_suggestion",
    "measure_create",
    "measure_delete",
    "measure_discard",
    "measure_mark_long_term",
    "measure_move",
    "measure_reopen",
    "measure_reposition",
    "measure_update",
    "measure_update_from_import",
    "plan_approve",
    "plan_return",
    "plan_revision_record",
    "plan_submit",
    "progress_report_submit",
    "signoff_approve",
    "signoff_request",
    "signoff_return",
    "signoff_withdraw",
]
