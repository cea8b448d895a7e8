"""Paths into a kept parse: how the review form names each finding of a draft."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from rectify.imports.repair_rows import target_options, tree_rows
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


def _texts() -> dict[str, str]:
    """The repair tools' words, translated once per page (not once per node)."""
    return {
        "top": gettext("(top level)"),
        "title": gettext("Title (place the cursor to split)"),
        "promote": gettext("One level up"),
        "demote": gettext("One level down"),
        "up": gettext("Move up"),
        "down": gettext("Move down"),
        "kind": gettext("Kind"),
        "set_kind": gettext("Set kind"),
        "split": gettext("Split at cursor"),
        "merge": gettext("Merge with next"),
        "delete": gettext("Delete"),
        "move_under": gettext("Move under…"),
        "more": gettext("More"),
        "move_path": gettext("Move under node (path, empty for top level)"),
        "move": gettext("Move"),
        "add_after": gettext("New node after this one"),
        "add": gettext("Add"),
    }


def _kind_options() -> dict[str, str]:
    """The kind select's options for a node of each kind (the node's own selected)."""
    choices = [
        *KIND_LABELS.items(),
        ("measure", _("measure")),
        ("section", _("general text (notice section)")),
    ]
    return {
        kind: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((value, " selected" if value == kind else "", label) for value, label in choices),
        )
        for kind in KIND_LABELS
    }


def repair_context(draft: Any, focus: str | None, csrf: str) -> dict[str, Any]:
    """The repairable tree of a draft: each node with its path, depth and kind's label."""
    parsed = ParsedNotice.from_dict(draft.parsed)
    options = _kind_options()
    labels = {kind: str(label) for kind, label in KIND_LABELS.items()}
    nodes = []
    for path, node in draft_paths(parsed):
        depth = path.count(".")
        n = len(node.measures)
        nodes.append(
            {
                "path": path,
                "depth": depth,
                "kind": str(node.kind),
                "kind_label": labels[str(node.kind)],
                "kind_options": options[str(node.kind)],
                "label": node.label_raw or node.label,
                "title": node.title or node.lead,
                "measures": n,
                "measures_label": ngettext("%(n)s measure", "%(n)s measures", n) % {"n": n},
            }
        )
    texts, url = _texts(), reverse("imports:import_repair", args=[draft.pk])
    return {
        "repair_nodes": nodes,
        "repair_rows": tree_rows(nodes, texts, url=url, csrf=csrf, focus=focus),
        "repair_picker": target_options(nodes, texts["top"], indent=True),
        "repair_targets": target_options(nodes, texts["top"], indent=False),
        "repair_totals": parsed.totals(),
        "repair_focus": focus,
        "repair_can_undo": bool(draft.undo),
        "repair_text": texts,
        "repair_url": url,
    }
