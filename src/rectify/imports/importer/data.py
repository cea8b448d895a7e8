"""What an import would do (the plan) and what it did (the result)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rectify.imports.models import ImportRecord
from rectify.inspections.enums import FindingKind
from rectify.inspections.models import Finding, Inspection
from rectify.measures.enums import MeasureCategory, MeasureKind
from rectify.measures.models import Measure
from rectify.orgs.models import OrgUnit
from rectify.parsing import ParsedFindingKind, ParsedNotice

KINDS = {
    ParsedFindingKind.ASPECT: FindingKind.ASPECT,
    ParsedFindingKind.PROBLEM: FindingKind.PROBLEM,
    ParsedFindingKind.ITEM: FindingKind.ITEM,
}
CREATE, UPDATE, KEEP = "create", "update", "keep"


@dataclass
class PlannedIndicator:
    name: str
    unit: str
    target: Decimal | None
    current: Decimal | None
    source: str = ""


@dataclass
class PlannedMeasure:
    label: str
    text: str
    position: int
    deadline: dt.date | None = None
    deadline_text: str = ""
    suggested_status: str = ""
    suggestion_reason: str = ""
    # Kind and category the wording suggests (rectify.lib.measure_wording) with their cues;
    # ``kind``/``category``: what the person chose on the review page ("" = the default).
    suggested_kind: str = ""
    kind_cue: str = ""
    suggested_category: str = ""
    category_cue: str = ""
    kind: str = ""
    category: str = ""
    indicators: list[PlannedIndicator] = field(default_factory=list)
    existing: Measure | None = None
    action: str = CREATE
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def chosen_kind(self) -> str:
        """What the review page pre-selects: the person's choice, else the suggestion."""
        return self.kind or self.suggested_kind or MeasureKind.TIME_BOUND

    @property
    def chosen_category(self) -> str:
        return self.category or self.suggested_category or MeasureCategory.GENERAL

    @property
    def suggested_kind_label(self) -> str:
        return str(MeasureKind(self.suggested_kind).label) if self.suggested_kind else ""

    @property
    def suggested_category_label(self) -> str:
        if not self.suggested_category:
            return ""
        return str(MeasureCategory(self.suggested_category).label)

    def open_suggestions(self) -> dict[str, tuple[str, str]]:
        """{"kind"/"category": (value, cue)} the wording decided for a new measure where no
        one chose: the default is written and the plan grid offers these (采用建议)."""
        if self.action != CREATE:
            return {}
        out = {}
        if not self.kind and self.kind_cue and self.suggested_kind != MeasureKind.TIME_BOUND:
            out["kind"] = (self.suggested_kind, self.kind_cue)
        if (
            not self.category
            and self.category_cue
            and (self.suggested_category != MeasureCategory.GENERAL)
        ):
            out["category"] = (self.suggested_category, self.category_cue)
        return out


@dataclass
class PlannedFinding:
    kind: str
    label: str
    title: str
    text: str
    numbered: bool
    position: int
    path: str
    measures: list[PlannedMeasure] = field(default_factory=list)
    children: list[PlannedFinding] = field(default_factory=list)
    existing: Finding | None = None
    action: str = CREATE
    changes: dict[str, Any] = field(default_factory=dict)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def kind_label(self) -> str:
        return str(FindingKind(self.kind).label)


@dataclass
class PlannedSection:
    placement: str
    position: int
    label: str
    title: str
    text: str

    def key(self) -> tuple:
        return (self.placement, self.position, self.label, self.title, self.text)


@dataclass
class ImportPlan:
    """What an import would do; built without writing anything."""

    filename: str
    sha256: str
    parsed: ParsedNotice
    inspection: Inspection | None
    inspection_fields: dict[str, Any]
    inspected_unit: OrgUnit | None
    unit_name: str
    unit_parent: OrgUnit | None
    sections: list[PlannedSection]
    sections_changed: bool
    findings: list[PlannedFinding]
    remove_findings: list[Finding] = field(default_factory=list)
    remove_measures: list[Measure] = field(default_factory=list)
    kept_measures: list[Measure] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    already_imported: ImportRecord | None = None
    inspecting_unit: OrgUnit | None = None

    def all_findings(self) -> list[PlannedFinding]:
        return [node for root in self.findings for node in root.walk()]

    def all_measures(self) -> list[PlannedMeasure]:
        return [m for node in self.all_findings() for m in node.measures]

    def counts(self) -> dict[str, int]:
        nodes, measures = self.all_findings(), self.all_measures()
        out = {
            "aspects": sum(1 for n in nodes if n.kind == FindingKind.ASPECT),
            "problems": sum(1 for n in nodes if n.kind == FindingKind.PROBLEM),
            "findings": len(nodes),
            "findings_with_measures": sum(1 for n in nodes if n.measures),
            "measures": len(measures),
            "indicators": sum(len(m.indicators) for m in measures),
            "deadlines": sum(1 for m in measures if m.deadline),
            "suggestions": sum(1 for m in measures if m.suggested_status),
            "kind_suggestions": sum(1 for m in measures if "kind" in m.open_suggestions()),
            "category_suggestions": sum(1 for m in measures if "category" in m.open_suggestions()),
            "sections": len(self.sections),
        }
        for what, items in (("findings", nodes), ("measures", measures)):
            for action in (CREATE, UPDATE, KEEP):
                out[f"{what}_{action}"] = sum(1 for x in items if x.action == action)
        out["findings_remove"] = len(self.remove_findings)
        out["measures_remove"] = len(self.remove_measures)
        out["measures_kept_with_progress"] = len(self.kept_measures)
        return out

    def suggestions(self) -> list[dict[str, str]]:
        """The kind and category suggestions left for a person to confirm, measure by measure."""
        out = []
        for measure in self.all_measures():
            for name, (value, cue) in measure.open_suggestions().items():
                out.append(
                    {"label": measure.label, "measure": measure.text, "field": name}
                    | {"value": value, "cue": cue}
                )
        return out

    @property
    def changes_anything(self) -> bool:
        if self.already_imported is not None:
            return False
        counts = self.counts()
        return bool(
            self.inspection is None
            or self.inspection_fields
            or self.sections_changed
            or counts["findings_create"]
            or counts["findings_update"]
            or counts["measures_create"]
            or counts["measures_update"]
            or counts["findings_remove"]
            or counts["measures_remove"]
        )


@dataclass
class ImportResult:
    inspection: Inspection | None
    plan: ImportPlan
    created: bool
    noop: bool
    dry_run: bool
    counts: dict[str, int]
    warnings: list[dict]
    record: ImportRecord | None = None
