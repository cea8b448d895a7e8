"""Paths into a kept parse: how the review form names each finding of a draft."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from rectify.parsing import ParsedFinding, ParsedNotice


def _walk(findings: list[ParsedFinding], prefix: str = "") -> Iterator[tuple[str, ParsedFinding]]:
    for i, node in enumerate(findings):
        path = f"{prefix}{i}"
        yield path, node
        yield from _walk(node.children, f"{path}.")


def draft_paths(parsed: ParsedNotice) -> Iterator[tuple[str, ParsedFinding]]:
    """(path, finding) in document order; paths like "0.1.2" name fields of the form."""
    return _walk(parsed.findings)


KIND_LABELS = {
    "aspect": _("aspect"),
    "problem": _("problem"),
    "item": _("specific item"),
}


def repair_context(draft: Any, focus: str | None) -> dict[str, Any]:
    """The repairable tree of a draft: each node with its path, depth and kind's label."""
    parsed = ParsedNotice.from_dict(draft.parsed)
    nodes = [
        {
            "path": path,
            "depth": path.count("."),
            "kind": str(node.kind),
            "kind_label": KIND_LABELS[str(node.kind)],
            "label": node.label_raw or node.label,
            "title": node.title or node.lead,
            "measures": len(node.measures),
        }
        for path, node in draft_paths(parsed)
    ]
    return {
        "repair_nodes": nodes,
        "repair_totals": parsed.totals(),
        "repair_focus": focus,
        "repair_can_undo": bool(draft.undo),
    }
