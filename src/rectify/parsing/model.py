"""Result dataclasses of the parser and their JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


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


@dataclass(slots=True)
class Measure:
    label: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "text": self.text}


@dataclass(slots=True)
class Finding:
    """A node of the finding tree: aspect → problem → item (any depth)."""

    label: str  # canonical, full-width ("（一）", "1.", "第二方面"); "" when unnumbered
    label_raw: str
    kind: str = "problem"  # aspect | problem | item
    numbered: bool = True
    title: str = ""
    lead: str = ""
    text: str = ""  # the original paragraph(s)
    body: str = ""  # description text that is neither lead nor measure
    measures: list[Measure] = field(default_factory=list)
    points: list[Measure] = field(default_factory=list)  # 一是… in feedback documents
    children: list[Finding] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    owner: str | None = None
    deadline: str | None = None
    progress: str | None = None
    label_kind: str | None = None
    ordinal: int | None = None

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "label": self.label,
            "label_raw": self.label_raw,
            "kind": self.kind,
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
        for key in ("owner", "deadline", "progress"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        return d


@dataclass(slots=True)
class Section:
    label: str | None
    title: str | None
    text: str
    parent: str | None = None
    role: str = "section"  # preamble | section | findings | closing

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "title": self.title,
            "text": self.text,
            "parent": self.parent,
            "role": self.role,
        }


@dataclass(slots=True)
class Warning_:
    code: str
    message: str
    message_en: str
    finding_path: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "message_en": self.message_en,
            "finding_path": self.finding_path,
        }


@dataclass(slots=True)
class Inspection:
    team: str | None = None
    target: str | None = None
    start: date | None = None
    end: date | None = None
    feedback_date: date | None = None
    kind: str | None = None  # xunshi | xuncha | audit | environmental | special

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "target": self.target,
            "start": _iso(self.start),
            "end": _iso(self.end),
            "feedback_date": _iso(self.feedback_date),
            "kind": self.kind,
        }


@dataclass(slots=True)
class ParsedNotice:
    """The parsed document. ``to_dict()`` gives the JSON shape; ``outline()`` a readable tree."""

    title: str | None = None
    issuer: str | None = None
    date: date | None = None
    source: str | None = None
    doc_kind: str = "rectification"  # rectification | feedback
    inspection: Inspection = field(default_factory=Inspection)
    sections: list[Section] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    institutions: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)
    contacts: dict[str, str | None] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)
    filename: str | None = None

    def all_findings(self) -> list[Finding]:
        return [n for root in self.findings for n in root.walk()]

    def totals(self) -> dict[str, int]:
        nodes = self.all_findings()
        return {
            "aspects": sum(1 for n in nodes if n.kind == "aspect"),
            "problems": sum(1 for n in nodes if n.kind == "problem"),
            "items": sum(1 for n in nodes if n.kind == "item"),
            "findings_with_measures": sum(1 for n in nodes if n.measures),
            "measures": sum(len(n.measures) for n in nodes),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "date": _iso(self.date),
            "source": self.source,
            "doc_kind": self.doc_kind,
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

    def outline(self) -> str:
        from rectify.parsing.outline import render_outline

        return render_outline(self)
