"""The closed vocabularies of the parser's results; their values are what the JSON holds."""

from __future__ import annotations

from enum import StrEnum


class ParsedFindingKind(StrEnum):
    """A node's level in the finding tree (the ledger's `inspections.enums.FindingKind`)."""

    ASPECT = "aspect"  # 第一方面 / 一、…方面的问题
    PROBLEM = "problem"  # （一）针对…的问题
    ITEM = "item"  # 1．… a specific manifestation under a problem


class ParsedInspectionKind(StrEnum):
    """What kind of inspection the preamble names (the ledger's `InspectionKind` values)."""

    XUNSHI = "xunshi"
    XUNCHA = "xuncha"
    AUDIT = "audit"
    ENVIRONMENTAL = "environmental"
    SPECIAL = "special"
    FOLLOW_UP = "follow_up"


class DocKind(StrEnum):
    """A progress notice (findings with measures) or the inspecting body's feedback."""

    RECTIFICATION = "rectification"
    FEEDBACK = "feedback"


class SectionRole(StrEnum):
    """Where a piece of general text stands in the document."""

    PREAMBLE = "preamble"  # before the numbered parts
    SECTION = "section"  # a numbered part that holds no findings
    FINDINGS = "findings"  # the heading (and introduction) of the part that holds the findings
    CLOSING = "closing"  # 特此通报, contacts, …
    RECOMMENDATIONS = "recommendations"  # a feedback document's 意见建议 and requirements


class WarningCode(StrEnum):
    """What a `ParseWarning` is about."""

    NUMBERING_GAP = "numbering_gap"  # 一是、二是、四是
    REPEATED_LABEL = "repeated_label"  # the same label twice, or labels going backwards
    NO_MEASURES = "no_measures"  # a problem of a progress notice lists no measure
    NO_FINDINGS = "no_findings"  # numbered parts, but none of them holds findings
    UNPARSED_DATE = "unparsed_date"  # 2023年X月: a date with lost digits
    NO_TREE = "no_tree"  # no finding tree: the facts only (a news item, a round summary)
    PROBLEMS_ONLY = "problems_only"  # a feedback document: problems, no measures yet
    INLINE_LIST = "inline_list"  # problems listed inside a paragraph (一是…；二是…)
    COUNT_MISMATCH = "count_mismatch"  # "存在5类问题" but another number of items


class SourceKind(StrEnum):
    """The reader a file went through (chosen by its name and sniffed content)."""

    TXT = "txt"
    DOCX = "docx"
    HTML = "html"


class ErrorCode(StrEnum):
    """Why a document cannot be parsed (`ParseError.code`)."""

    EMPTY = "empty"
    BINARY = "binary"
    TOO_LARGE = "too_large"
    ZIP_BOMB = "zip_bomb"
    CORRUPT = "corrupt"
    UNKNOWN_ENCODING = "unknown_encoding"
    NO_STRUCTURE = "no_structure"
    UNSUPPORTED_TYPE = "unsupported_type"
