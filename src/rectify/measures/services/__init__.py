"""Writes on measures, one module per task; every one atomic, audited, checked by the policy.

- plan: create, edit, indicators, long-term, the importer's suggestions, reposition, delete
- progress: progress reports with evidence
- deadlines: deadlines set by the office, extensions requested and decided
- tree: move, delete what nothing hangs on, withdraw (with a reason) what has records
- outside: merge two entries of the register of outside units (外单位)
- signoff: 销号 — request, approve, return, withdraw; reopen after a re-check (回头看)
"""

from .approval import plan_approve, plan_return, plan_revision_record, plan_submit
from .deadlines import deadline_extension_decide, deadline_extension_request, deadline_set
from .outside import outside_unit_merge
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
from .tree import (
    finding_discard,
    finding_move,
    finding_withdraw,
    measure_discard,
    measure_move,
    measure_withdraw,
)

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
    "finding_withdraw",
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
    "measure_withdraw",
    "outside_unit_merge",
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
