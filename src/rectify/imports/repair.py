"""Repairs of a kept parse before import: level, kind, place, split, merge, delete, add.

Each operation takes the parse and a node's path ("0.1.2": the third child of the second
child of the first root, as `drafts.draft_paths` names them), changes the parse in place and
returns the path of the node to focus next. A refused operation raises `RepairError`.
Plain functions on `ParsedNotice`: the service `import_draft_repair` keeps the result and
the undo; nothing here reads or writes the database.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from rectify.parsing import (
    ParsedFinding,
    ParsedFindingKind,
    ParsedMeasure,
    ParsedNotice,
    ParsedSection,
    SectionRole,
)

ASPECT, PROBLEM, ITEM = ParsedFindingKind.ASPECT, ParsedFindingKind.PROBLEM, ParsedFindingKind.ITEM
KINDS = ("aspect", "problem", "item", "measure", "section")


class RepairError(ValueError):
    """An operation that cannot be done on this node (the message says why)."""


def _parse_path(path: str) -> list[int]:
    try:
        return [int(x) for x in path.split(".")] if path != "" else []
    except ValueError as exc:
        raise RepairError(_("The node's path is not valid.")) from exc


def _siblings(parsed: ParsedNotice, path: list[int]) -> tuple[list[ParsedFinding], int]:
    """The list holding the node at ``path`` and its index in it."""
    if not path:
        raise RepairError(_("The node's path is not valid."))
    level = parsed.findings
    for i in path[:-1]:
        if not 0 <= i < len(level):
            raise RepairError(_("There is no such node."))
        level = level[i].children
    if not 0 <= path[-1] < len(level):
        raise RepairError(_("There is no such node."))
    return level, path[-1]


def _node(parsed: ParsedNotice, path: list[int]) -> ParsedFinding:
    level, i = _siblings(parsed, path)
    return level[i]


def _dotted(path: list[int]) -> str:
    return ".".join(str(i) for i in path)


def _child_kind(kind: ParsedFindingKind | None) -> ParsedFindingKind:
    if kind is None:
        return PROBLEM
    return PROBLEM if kind == ASPECT else ITEM


def _rekind(node: ParsedFinding, kind: ParsedFindingKind) -> None:
    """The node at its new level, its subtree one level below each time."""
    node.kind = kind
    for c in node.children:
        _rekind(c, _child_kind(kind))


def _root_kind(node: ParsedFinding) -> ParsedFindingKind:
    return PROBLEM if node.kind == ITEM else node.kind


def promote(parsed: ParsedNotice, path: str) -> str:
    """One level up: the node follows its parent, as the parent's sibling and of its kind."""
    p = _parse_path(path)
    if len(p) < 2:
        raise RepairError(_("This node is already at the top level and cannot move up a level."))
    level, i = _siblings(parsed, p)
    node = level.pop(i)
    parent_level, j = _siblings(parsed, p[:-1])
    parent_level.insert(j + 1, node)
    _rekind(node, parent_level[j].kind)
    return _dotted([*p[:-2], j + 1])


def demote(parsed: ParsedNotice, path: str) -> str:
    """One level down: the node becomes the last child of the sibling before it."""
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    if i == 0:
        raise RepairError(
            _("There is no node of the same level before it, so it cannot move down a level.")
        )
    node = level.pop(i)
    new_parent = level[i - 1]
    new_parent.children.append(node)
    _rekind(node, _child_kind(new_parent.kind))
    return _dotted([*p[:-1], i - 1, len(new_parent.children) - 1])


def move(parsed: ParsedNotice, path: str, direction: str) -> str:
    """Up or down among its siblings."""
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(level):
        raise RepairError(_("The node is already first (or last) and cannot move further."))
    level[i], level[j] = level[j], level[i]
    return _dotted([*p[:-1], j])


def reparent(parsed: ParsedNotice, path: str, target: str) -> str:
    """To the end of another node's children ("" for the top level)."""
    p, t = _parse_path(path), _parse_path(target)
    if t[: len(p)] == p:
        raise RepairError(_("A node cannot be moved under itself or one of its own children."))
    node = _node(parsed, p)
    if t:
        _node(parsed, t)  # the target exists
    level, i = _siblings(parsed, p)
    level.pop(i)
    if len(t) >= len(p) and t[: len(p) - 1] == p[:-1] and t[len(p) - 1] > i:
        t[len(p) - 1] -= 1  # the target came after the removed node among its siblings
    new_parent = _node(parsed, t) if t else None
    children = new_parent.children if new_parent else parsed.findings
    children.append(node)
    _rekind(node, _child_kind(new_parent.kind) if new_parent else _root_kind(node))
    return _dotted([*t, len(children) - 1])


def _measure_text(node: ParsedFinding) -> str:
    return "".join(x for x in (node.title if not node.lead else node.lead, node.body) if x)


def set_kind(parsed: ParsedNotice, path: str, kind: str) -> str:
    """Aspect, problem or item in place; a leaf may become a measure or general text."""
    if kind not in KINDS:
        raise RepairError(_("Unknown kind of node."))
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    node = level[i]
    if kind in ("aspect", "problem", "item"):
        _rekind(node, ParsedFindingKind(kind))
        return path
    if node.children:
        raise RepairError(
            _("This node has children: move them away before making it a measure or body text.")
        )
    if kind == "measure" and len(p) < 2:
        raise RepairError(_("A top-level node cannot become a measure."))
    level.pop(i)
    if kind == "measure":
        parent = _node(parsed, p[:-1])
        label = node.label_raw or node.label or None
        parent.measures += [ParsedMeasure(label, _measure_text(node)), *node.measures]
        return _dotted(p[:-1])
    text = "\n".join(x for x in (node.lead if node.lead != node.title else "", node.body) if x)
    parsed.sections.append(
        ParsedSection(node.label or None, node.title, text, None, SectionRole.SECTION)
    )
    return _dotted(p[:-1]) if len(p) > 1 else ""


def split(parsed: ParsedNotice, path: str, at: int) -> str:
    """Two nodes at the cursor in the title: the second follows the first, same kind."""
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    node = level[i]
    text = node.title
    if not 0 < at < len(text):
        raise RepairError(_("Put the cursor inside the title where it should be split."))
    first, second = text[:at].strip(), text[at:].strip()
    if not first or not second:
        raise RepairError(_("Neither part of the split may be empty."))
    node.title = node.lead = first
    node.text = first
    new = ParsedFinding(
        label="", label_raw="", kind=node.kind, numbered=False, title=second, lead=second,
        text=second, path=list(node.path),
    )  # fmt: skip
    new.children, node.children = node.children, []
    new.measures, node.measures = node.measures, []
    level.insert(i + 1, new)
    return _dotted([*p[:-1], i + 1])


def merge_next(parsed: ParsedNotice, path: str) -> str:
    """The next sibling joins this node: its title, text, measures and children."""
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    if i + 1 >= len(level):
        raise RepairError(_("There is no node of the same level after it to merge with."))
    node, nxt = level[i], level.pop(i + 1)
    node.title = f"{node.title}{nxt.title}"
    node.lead = f"{node.lead}{nxt.lead}"
    node.text = "\n".join(x for x in (node.text, nxt.text) if x)
    node.body = "\n".join(x for x in (node.body, nxt.body) if x)
    node.measures += nxt.measures
    node.points += nxt.points
    for c in nxt.children:
        _rekind(c, _child_kind(node.kind))
    node.children += nxt.children
    return path


def delete(parsed: ParsedNotice, path: str) -> str:
    """The node and everything under it."""
    p = _parse_path(path)
    level, i = _siblings(parsed, p)
    level.pop(i)
    if level:
        return _dotted([*p[:-1], min(i, len(level) - 1)])
    return _dotted(p[:-1])


def add(parsed: ParsedNotice, path: str, title: str, kind: str = "") -> str:
    """A new node after ``path`` (at the end of the top level when ``path`` is "")."""
    title = title.strip()
    if not title:
        raise RepairError(_("The new node needs a title."))
    p = _parse_path(path)
    if p:
        level, i = _siblings(parsed, p)
        base = level[i].kind
    else:
        level, i = parsed.findings, len(parsed.findings) - 1
        base = ASPECT if any(f.kind == ASPECT for f in level) else PROBLEM
    new_kind = ParsedFindingKind(kind) if kind in ("aspect", "problem", "item") else base
    new = ParsedFinding(
        label="", label_raw="", kind=new_kind, numbered=False, title=title, lead=title,
        text=title,
    )  # fmt: skip
    level.insert(i + 1, new)
    return _dotted([*p[:-1], i + 1])


OPERATIONS: dict[str, Callable[..., str]] = {
    "promote": promote,
    "demote": demote,
    "up": lambda parsed, path: move(parsed, path, "up"),
    "down": lambda parsed, path: move(parsed, path, "down"),
    "reparent": reparent,
    "kind": set_kind,
    "split": split,
    "merge": merge_next,
    "delete": delete,
    "add": add,
}


def apply_operation(parsed: ParsedNotice, op: str, path: str, arg: str = "") -> str:
    """One repair by name; ``arg`` is the kind, the target path, the cursor or the title."""
    if op not in OPERATIONS:
        raise RepairError(_("Unknown operation."))
    if op in ("kind", "reparent", "add"):
        return OPERATIONS[op](parsed, path, arg)
    if op == "split":
        try:
            at = int(arg)
        except ValueError as exc:
            raise RepairError(
                _("Put the cursor inside the title where it should be split.")
            ) from exc
        return split(parsed, path, at)
    return OPERATIONS[op](parsed, path)
