"""The parser's input blocks and its typed result, with the JSON shape (`to_dict`/`from_dict`).

`ParsedNotice.to_dict()` is what `rectify parse --format json` prints and what an upload
draft stores; `ParsedNotice.from_dict()` reads it back (a draft a reviewer corrected) so the
importer works on these types, never on the dict.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from rectify.lib.numbering import LabelKind
from rectify.parsing.enums import (
    DocKind,
    ParsedFindingKind,
    ParsedInspectionKind,
    SectionRole,
    WarningCode,
)
from rectify.parsing.facts import ParsedContacts, ParsedDate, ParsedFigure, ParsedInstitution

JSON = Mapping[str, Any]


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _path(value: list[str] | None) -> list[str] | None:
    return None if value is None else [str(x) for x in value]


@dataclass(slots=True)
class Para:
    """One paragraph of input; ``loc`` names where it came from ("第3行" / "line 3")."""

    text: str
    loc_zh: str = ""
    loc_en: str = ""


@dataclass(slots=True)
class Table:
    """A table: rows of cell texts (merged cells already de-duplicated)."""

    rows: list[list[str]]
    loc_zh: str = ""
    loc_en: str = ""


Block = Para | Table


@dataclass(slots=True)
class ParsedMeasure:
    """A measure (一是…) of a progress notice, or a point of a feedback document."""

    label: str | None  # canonical ("一是", "（1）"); None when unlabelled
    text: str  # without its label

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text}

    @classmethod
    def from_dict(cls, data: JSON) -> ParsedMeasure:
        return cls(label=data.get("label"), text=data.get("text") or "")


_OPTIONAL_TEXT = ("owner", "deadline", "progress")


@dataclass(slots=True)
class ParsedFinding:
    """A node of the finding tree: aspect → problem → item (any depth)."""

    label: str  # canonical, full-width ("（一）", "1.", "第二方面"); "" when unnumbered
    label_raw: str
    kind: ParsedFindingKind = ParsedFindingKind.PROBLEM
    numbered: bool = True
    title: str = ""
    lead: str = ""
    text: str = ""  # the original paragraph(s)
    body: str = ""  # description text that is neither lead nor measure
    measures: list[ParsedMeasure] = field(default_factory=list)
    points: list[ParsedMeasure] = field(default_factory=list)  # 一是… in feedback documents
    children: list[ParsedFinding] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    owner: str | None = None  # 责任单位：… (labelled lines, table columns)
    deadline: str | None = None  # 整改时限：… as written
    progress: str | None = None  # 整改进度：已完成
    # Not in the JSON (None after from_dict): the label's kind and number, for the parse itself.
    label_kind: LabelKind | None = None
    ordinal: int | None = None

    def walk(self) -> Iterator[ParsedFinding]:
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "label": self.label,
            "label_raw": self.label_raw,
            "kind": self.kind.value,
            "numbered": self.numbered,
            "title": self.title,
            "lead": self.lead,
            "text": self.text,
            "path": list(self.path),
            "measures": [m.to_dict() for m in self.measures],
            "children": [c.to_dict() for c in self.children],
        }
        if self.body:
            d["body"] = self.body
        if self.points:
            d["points"] = [p.to_dict() for p in self.points]
        for key in _OPTIONAL_TEXT:
            if getattr(self, key):
                d[key] = getattr(self, key)
        return d

    @classmethod
    def from_dict(cls, data: JSON) -> ParsedFinding:
        kind = data.get("kind")
        return cls(
            label=data.get("label") or "",
            label_raw=data.get("label_raw") or "",
            kind=ParsedFindingKind(kind) if kind else ParsedFindingKind.PROBLEM,
            numbered=bool(data.get("numbered", True)),
            title=data.get("title") or "",
            lead=data.get("lead") or "",
            text=data.get("text") or "",
            body=data.get("body") or "",
            measures=[ParsedMeasure.from_dict(m) for m in data.get("measures") or []],
            points=[ParsedMeasure.from_dict(m) for m in data.get("points") or []],
            children=[ParsedFinding.from_dict(c) for c in data.get("children") or []],
            path=_path(data.get("path")) or [],
            owner=data.get("owner") or None,
            deadline=data.get("deadline") or None,
            progress=data.get("progress") or None,
        )


@dataclass(slots=True)
class ParsedSection:
    """General text: the preamble, a numbered part without findings, the closing."""

    label: str | None
    title: str | None
    text: str
    parent: str | None = None
    role: SectionRole = SectionRole.SECTION

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "parent": self.parent,
            "role": self.role.value,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> ParsedSection:
        role = data.get("role")
        return cls(
            label=data.get("label"),
            title=data.get("title"),
            text=data.get("text") or "",
            parent=data.get("parent"),
            role=SectionRole(role) if role else SectionRole.SECTION,
        )


@dataclass(slots=True)
class ParseWarning:
    """Something a reviewer should look at (a numbering gap, a problem without measures)."""

    code: WarningCode
    message: str
    message_en: str
    finding_path: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code.value,
            "message": self.message,
            "message_en": self.message_en,
            "finding_path": self.finding_path,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> ParseWarning:
        return cls(
            code=WarningCode(data["code"]),
            message=data.get("message") or "",
            message_en=data.get("message_en") or "",
            finding_path=_path(data.get("finding_path")),
        )


@dataclass(slots=True)
class ParsedInspection:
    """The inspection the preamble describes: who inspected whom, when, and the feedback."""

    team: str | None = None
    target: str | None = None
    start: date | None = None
    end: date | None = None
    feedback_date: date | None = None
    kind: ParsedInspectionKind | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "target": self.target,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "feedback_date": _iso(self.feedback_date),
            "kind": self.kind.value if self.kind else None,
        }

    @classmethod
    def from_dict(cls, data: JSON) -> ParsedInspection:
        kind = data.get("kind")
        return cls(
            team=data.get("team"),
            target=data.get("target"),
            start=_date(data.get("start")),
            end=_date(data.get("end")),
            feedback_date=_date(data.get("feedback_date")),
            kind=ParsedInspectionKind(kind) if kind else None,
        )


@dataclass(slots=True)
class ParsedNotice:
    """The parsed document. ``to_dict()`` gives the JSON shape; ``outline()`` a readable tree."""

    title: str | None = None
    issuer: str | None = None
    date: date | None = None
    source: str | None = None
    doc_kind: DocKind = DocKind.RECTIFICATION
    inspection: ParsedInspection = field(default_factory=ParsedInspection)
    sections: list[ParsedSection] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)
    figures: list[ParsedFigure] = field(default_factory=list)
    institutions: list[ParsedInstitution] = field(default_factory=list)
    deadlines: list[ParsedDate] = field(default_factory=list)
    dates: list[ParsedDate] = field(default_factory=list)
    contacts: ParsedContacts = field(default_factory=lambda: ParsedContacts())
    warnings: list[ParseWarning] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)  # 意见建议; in the JSON when any
    meeting: dict[str, Any] = field(default_factory=dict)  # a news item's meeting, when any
    filename: str | None = None  # not in the JSON

    def all_findings(self) -> list[ParsedFinding]:
        return [n for root in self.findings for n in root.walk()]

    def totals(self) -> dict[str, int]:
        nodes = self.all_findings()
        return {
            "aspects": sum(1 for n in nodes if n.kind == ParsedFindingKind.ASPECT),
            "problems": sum(1 for n in nodes if n.kind == ParsedFindingKind.PROBLEM),
            "items": sum(1 for n in nodes if n.kind == ParsedFindingKind.ITEM),
            "findings_with_measures": sum(1 for n in nodes if n.measures),
            "measures": sum(len(n.measures) for n in nodes),
        }

    def report_due(self) -> _dt.date | None:
        """When the rectification report is due (a feedback document's "2个月内报送")."""
        due = next((d for d in self.deadlines if d.get("kind") == "report" and d["date"]), None)
        return _date(due["date"]) if due else None

    def to_dict(self) -> dict[str, Any]:
        d = self._dict()
        if self.recommendations:
            d["recommendations"] = list(self.recommendations)
        if self.meeting:
            d["meeting"] = dict(self.meeting)
        return d

    def _dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": _iso(self.date),
            "source": self.source,
            "doc_kind": self.doc_kind.value,
            "inspection": self.inspection.to_dict(),
            "sections": [s.to_dict() for s in self.sections],
            "findings": [f.to_dict() for f in self.findings],
            "figures": self.figures,
            "institutions": self.institutions,
            "deadlines": self.deadlines,
            "dates": self.dates,
            "contacts": dict(self.contacts),
            "warnings": [w.to_dict() for w in self.warnings],
            "totals": self.totals(),
        }

    @classmethod
    def from_dict(cls, data: JSON) -> ParsedNotice:
        """The notice back from `to_dict()` output; ``totals`` is recomputed, not read.

        Keys the JSON leaves out when empty may be missing; values of the closed vocabularies
        (kinds, roles, warning codes) must be known ones (ValueError otherwise).
        """
        doc_kind = data.get("doc_kind")
        return cls(
            title=data.get("title"),
            issuer=data.get("issuer"),
            date=_date(data.get("date")),
            source=data.get("source"),
            doc_kind=DocKind(doc_kind) if doc_kind else DocKind.RECTIFICATION,
            inspection=ParsedInspection.from_dict(data.get("inspection") or {}),
            sections=[ParsedSection.from_dict(s) for s in data.get("sections") or []],
            findings=[ParsedFinding.from_dict(f) for f in data.get("findings") or []],
            figures=[cast(ParsedFigure, dict(x)) for x in data.get("figures") or []],
            institutions=[cast(ParsedInstitution, dict(x)) for x in data.get("institutions") or []],
            deadlines=[cast(ParsedDate, dict(x)) for x in data.get("deadlines") or []],
            dates=[cast(ParsedDate, dict(x)) for x in data.get("dates") or []],
            contacts=cast(ParsedContacts, dict(data.get("contacts") or {})),
            warnings=[ParseWarning.from_dict(w) for w in data.get("warnings") or []],
            recommendations=[str(x) for x in data.get("recommendations") or []],
            meeting=dict(data.get("meeting") or {}),
        )
