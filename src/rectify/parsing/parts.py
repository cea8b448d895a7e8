"""Top-level parts → the finding tree and the general sections around it."""

from __future__ import annotations

from rectify.lib import numbering as nb
from rectify.parsing import measures as ms
from rectify.parsing.builder import FindingBuilder
from rectify.parsing.context import Ctx, check_sequence
from rectify.parsing.enums import ParsedFindingKind, SectionRole
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


def _findings_heading(r: RawNode) -> ParsedSection:
    """The heading (and introduction) of a part whose children are the findings."""
    title = ms.split_lead(r.head)[0]
    intro = "\n".join(p.text for p in r.paras)
    return ParsedSection(
        r.label.canonical, ms.clean_title(title), intro, None, SectionRole.FINDINGS
    )


def findings_from_roots(
    roots: list[RawNode], ctx: Ctx, sections: list[ParsedSection]
) -> list[ParsedFinding]:
    """Choose which top-level parts hold findings, build the tree, put the rest in sections."""
    scores = [score(r) for r in roots]
    top = max(scores, default=0)
    chosen: list[RawNode] = []
    parts = any(r.label.kind in (nb.PART, nb.PART_DI) for r in roots)
    for i, (r, s) in enumerate(zip(roots, scores, strict=True)):
        finding_part = s >= 3 and s >= 0.25 * top
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
    builder = FindingBuilder(ctx)
    out = [builder.build(r, [], _root_kind(r)) for r in chosen]
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
