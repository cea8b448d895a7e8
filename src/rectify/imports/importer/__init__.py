"""Import a notice into the ledger: parse → plan (read-only) → apply (atomic, audited).

`import_plan(parsed, …)` compares the parsed document with what the inspection already holds
and says what would be created, updated, kept or removed; the review page and `--dry-run`
show it. `import_apply(plan, …)` writes it in one transaction. `notice_import` does both.

Matching on re-import: findings on (parent, normalised title), then on label, then position;
measures within a finding on normalised text, then label, then position. Nothing is
duplicated; measures with progress (reports, or a status other than 未开始) are never deleted,
only reported. The same file (SHA-256) imported twice into one inspection changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from rectify.inspections.models import Inspection
from rectify.orgs.models import OrgUnit, User
from rectify.parsing import ParsedNotice

from .apply import import_apply
from .data import ImportPlan, ImportResult, PlannedFinding, PlannedMeasure
from .plan import (
    import_plan,
    parse_document,
    read_source,
    resolve_unit,
    sha256_of,
)

__all__ = [
    "ImportPlan",
    "ImportResult",
    "PlannedFinding",
    "PlannedMeasure",
    "import_apply",
    "import_plan",
    "notice_import",
    "parse_document",
    "read_source",
    "resolve_unit",
    "sha256_of",
]


def notice_import(
    *,
    path_or_bytes: bytes | str | Path,
    filename: str | None = None,
    actor: User | None,
    inspection: Inspection | None = None,
    dry_run: bool = False,
    inspected_unit: OrgUnit | None = None,
    inspecting_unit: OrgUnit | None = None,
    parsed: ParsedNotice | None = None,
) -> ImportResult:
    """Import a notice file into an inspection (creating it from the preamble if none is given).

    Raises ParseError for unreadable files, PermissionRefused when the actor is not the
    rectification office of the inspected unit. ``dry_run`` plans without writing.
    ``parsed`` (a reviewed, corrected parse of the same file) replaces parsing.
    """
    data, name = read_source(path_or_bytes, filename)
    sha = sha256_of(data)
    if parsed is None:
        parsed = parse_document(data, name)
    plan = import_plan(
        parsed=parsed,
        sha256=sha,
        filename=name,
        actor=actor,
        inspection=inspection,
        inspected_unit=inspected_unit,
        inspecting_unit=inspecting_unit,
    )
    if dry_run:
        return ImportResult(
            inspection=plan.inspection,
            plan=plan,
            created=plan.inspection is None,
            noop=not plan.changes_anything,
            dry_run=True,
            counts=plan.counts(),
            warnings=plan.warnings,
        )
    return import_apply(plan, actor=actor)
