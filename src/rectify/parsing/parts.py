"""Top-level parts → the finding tree and the general sections around it."""

from __future__ import annotations

import re

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.builder import FindingBuilder
from rectify.parsing.context import Ctx, check_sequence
from rectify.parsing.enums import ParsedFindingKind, SectionRole
from rectify.parsing.feedback import container_title, is_general, problem_like
from rectify.parsing.inline import lists_inline
from rectify.parsing.model import Para, ParsedFinding, ParsedSection
from rectify.parsing.tree import RawNode, heads_restart, is_aspect, is_container, is_problem, score


def node_sections(node: RawNode, parent: str | None, out: list[ParsedSection]) -> None:
    """A part without findings, and its sub-parts, as general sections."""
    lead, rest = ms.split_lead(node.head)
    if node.label.kind == nb.ASPECT_DI:
        lead, rest = node.head, ""
    body = "\n".join(x for x in [rest, *(p.text for p in node.paras)] if x)
    out.append(ParsedSection(node.label.canonical, ms.clean_title(lead), body, parent))
    for c in node.children:
        node_sections(c, node.label.canonical, out)


def _lists_problems(r: RawNode) -> bool:
    """A part whose every child is titled as a problem ("（一）关于…的问题")."""
    return bool(r.children) and all(is_problem(c) for c in r.children)


def _titled_problem(r: RawNode) -> bool:
    """A part titled as one problem ("一、关于…的问题") over its labelled manifestations."""
    title = match_view(ms.clean_title(ms.split_lead(r.head)[0]))
    return bool(r.children) and bool(_ABOUT_PROBLEM.search(title))


def _findings_heading(r: RawNode) -> ParsedSection:
    """The heading (and introduction) of a part whose children are the findings."""
    title = ms.split_lead(r.head)[0]
    intro = "\n".join(p.text for p in r.paras)
    return ParsedSection(
        r.label.canonical, ms.clean_title(title), intro, None, SectionRole.FINDINGS
    )


_ASPECT = ParsedFindingKind.ASPECT
_ABOUT_PROBLEM = re.compile(r"^(?:关于|针对|对于).{2,60}问题$")


def _depth(node: RawNode) -> int:
    return 1 + max((_depth(c) for c in node.children), default=0)


def _feedback_kind(node: RawNode) -> ParsedFindingKind:
    """In a feedback document: 一、 over （一） over 1. reads aspect → problem → item.

    A "…方面" part with nothing under it ("1. 资产管理方面：账实不符…") is a problem.
    """
    depth = _depth(node) + (1 if lists_inline(node.head) else 0)
    top = node.label.kind in (nb.PART, nb.PART_DI, nb.ASPECT_DI)
    if (is_aspect(node) and depth >= 2) or depth >= 3 or (top and depth >= 2):
        return ParsedFindingKind.ASPECT
    if node.children and not problem_like(ms.split_lead(node.head)[0]):
        return ParsedFindingKind.ASPECT  # "1．门诊党支部" over its problems: a group
    return ParsedFindingKind.PROBLEM


def _general(r: RawNode, title: str) -> bool:
    if is_general(title) and not problem_like(title) and not is_aspect(r):
        return True
    return not r.children and not problem_like(r.all_text())


def _feedback_roots(
    roots: list[RawNode], sections: list[ParsedSection]
) -> list[tuple[RawNode, ParsedFindingKind]]:
    """Every part of a feedback document holds findings but 基本情况, 意见建议 and the like."""
    chosen: list[tuple[RawNode, ParsedFindingKind]] = []
    for r in roots:
        title = ms.clean_title(ms.split_lead(r.head)[0])
        if is_container(r) or (r.children and container_title(title)):
            sections.append(_findings_heading(r))
            chosen += [(c, _feedback_kind(c)) for c in r.children]
        elif _general(r, title):
            node_sections(r, None, sections)
        else:
            chosen.append((r, _feedback_kind(r)))
    return chosen


def findings_from_roots(
    roots: list[RawNode], ctx: Ctx, sections: list[ParsedSection]
) -> list[ParsedFinding]:
    """Choose which top-level parts hold findings, build the tree, put the rest in sections."""
    if not ctx.rectification:
        picked = _feedback_roots(roots, sections)
        return _built([r for r, _ in picked], [k for _, k in picked], ctx)
    scores = [score(r) for r in roots]
    top = max(scores, default=0)
    chosen: list[RawNode] = []
    parts = any(r.label.kind in (nb.PART, nb.PART_DI) for r in roots)
    for i, (r, s) in enumerate(zip(roots, scores, strict=True)):
        finding_part = (s >= 3 and s >= 0.25 * top) or _lists_problems(r) or _titled_problem(r)
        if finding_part and is_container(r):
            sections.append(_findings_heading(r))
            chosen.extend(r.children)
        elif is_aspect(r) or (is_problem(r) and finding_part):
            chosen.append(r)
        elif finding_part and r.children and (parts or not is_problem(r)):
            sections.append(_findings_heading(r))
            chosen.extend(r.children)
        elif finding_part and ctx.rectification:
            chosen.append(r)
        elif heads_restart(roots, i):
            sections.append(_findings_heading(r))
        else:
            node_sections(r, None, sections)
    kinds = [_root_kind(r) for r in chosen]
    aspect_labels = {r.label.kind for r, k in zip(chosen, kinds, strict=True) if k == _ASPECT}
    kinds = [  # siblings numbered alike are alike: "一、关于…的问题" beside "二、关于…方面的问题"
        _ASPECT if r.children and r.label.kind in aspect_labels else k
        for r, k in zip(chosen, kinds, strict=True)
    ]
    return _built(chosen, kinds, ctx)


def _built(
    chosen: list[RawNode], kinds_of: list[ParsedFindingKind], ctx: Ctx
) -> list[ParsedFinding]:
    builder = FindingBuilder(ctx)
    out = [builder.build(r, [], k) for r, k in zip(chosen, kinds_of, strict=True)]
    kinds: dict[str, list[nb.Label]] = {}
    for r in chosen:
        kinds.setdefault(r.label.kind, []).append(r.label)
    for group in kinds.values():
        check_sequence(
            [k.ordinal for k in group], [k.canonical for k in group], [], "", ctx, "root"
        )
    return out


def _root_kind(r: RawNode) -> ParsedFindingKind:
    return ParsedFindingKind.ASPECT if is_aspect(r) else ParsedFindingKind.PROBLEM


def loose_findings(paras: list[Para], ctx: Ctx) -> list[ParsedFinding]:
    """No numbered headings: paragraphs that carry 一是… measures become unnumbered problems."""
    builder = FindingBuilder(ctx)
    out: list[ParsedFinding] = []
    for p in paras:
        chain = ms.find_chain(p.text)
        if chain and len(chain.ordinals) >= 2:
            root = ParsedFinding(label="", label_raw="", path=[])
            out.append(builder.unnumbered(p.text, root, ParsedFindingKind.PROBLEM))
    return out
