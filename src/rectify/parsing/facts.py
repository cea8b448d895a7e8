"""Facts found in the text (figures, 《…》 titles, dates, contacts): plain JSON dicts, typed."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class ParsedFigure(TypedDict):
    """A number with its unit ("68宗"), the clause around it and the finding it belongs to."""

    text: str
    value: int | float
    unit: str
    context: str
    finding_path: list[str] | None
    min: NotRequired[int | float]  # "3至5个": the lower end
    approximate: NotRequired[bool]  # "100余人"


class ParsedInstitution(TypedDict):
    """A rule or document named in 《…》 and what was done to it (制定, 修订 …)."""

    title: str
    action: str | None
    finding_path: list[str] | None


class ParsedDate(TypedDict):
    """A date phrase; ``date`` is ISO or None when the text lost digits ("2023年X月")."""

    text: str
    date: str | None
    precision: str | None  # a DatePrecision value; None for a table cell without a date
    finding_path: list[str] | None
    kind: NotRequired[str]  # "report": the rectification report due after the feedback


class ParsedContacts(TypedDict, total=False):
    """Contacts of the closing lines (all four keys once a notice is parsed)."""

    phone: str | None
    address: str | None
    postcode: str | None
    email: str | None
