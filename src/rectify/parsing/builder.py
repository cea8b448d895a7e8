"""Raw nodes → the finding tree: leads, measures (一是… across paragraphs), labelled lines."""

from __future__ import annotations

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.context import MEASURES, Ctx, check_sequence
from rectify.parsing.enums import ParsedFindingKind, WarningCode
from rectify.parsing.fields import is_field, read_field
from rectify.parsing.inline import announces_list
from rectify.parsing.listed import listed_measures
from rectify.parsing.model import Para, ParsedFinding, ParsedMeasure
from rectify.parsing.tree import RawNode

_CONTINUED = (nb.SHI, nb.DI_ENUM)


def child_kind(kind: ParsedFindingKind) -> ParsedFindingKind:
    """Under an aspect come problems; under anything else, items."""
    return ParsedFindingKind.PROBLEM if kind == ParsedFindingKind.ASPECT else ParsedFindingKind.ITEM


def _numbered(label: str | None) -> bool:
    """An inline label of a list of items (1. （1） ①), not of points (一是 第一)."""
    return bool(label) and not str(label).endswith("是") and not str(label).startswith("第")


class _Runs:
    """Measure chains of one finding; a chain may run on over paragraphs (一是… ¶ 二是…).

    Each run is checked once for gaps and repeats when it ends.
    """

    def __init__(self, ctx: Ctx, path: list[str]) -> None:
        self.ctx, self.path = ctx, path
        self.kind: nb.LabelKind | None = None
        self.ordinals: list[int] = []
        self.labels: list[str] = []

    def last(self) -> tuple[nb.LabelKind | None, int]:
        return self.kind, (self.ordinals[-1] if self.ordinals else 0)

    def add(self, chain: ms.Chain, found: list[ParsedMeasure], *, continues: bool) -> None:
        if not continues:
            self.close()
            self.kind = chain.kind
        self.ordinals += chain.ordinals
        self.labels += [m.label or "" for m in found]
        if chain.rejected:
            self.ctx.warn(
                WarningCode.REPEATED_LABEL,
                "措施编号出现重复或倒序，已并入前一条措施",
                "measure labels repeat or go backwards; kept inside the previous measure",
                self.path,
            )

    def close(self) -> None:
        if self.ordinals:
            check_sequence(self.ordinals, self.labels, self.path, MEASURES, self.ctx)
        self.kind, self.ordinals, self.labels = None, [], []


class _Filler:
    """One finding's text, read paragraph by paragraph: lead, measures, items, body."""

    def __init__(self, builder: FindingBuilder, f: ParsedFinding, *, leaf: bool) -> None:
        self.builder, self.ctx, self.f, self.leaf = builder, builder.ctx, f, leaf
        self.runs = _Runs(self.ctx, f.path)
        self.found: list[ParsedMeasure] = []
        self.rest = ""  # the head's text after its lead sentence
        self.body: list[str] = []
        self.fields: list[str] = []
        self.items: list[ParsedFinding] = []

    def head(self, head: str) -> None:
        """The labelled paragraph: its lead, then measures inline (一是…) or after 整改情况："""
        chain = ms.find_chain(head)
        lead = head.strip()
        if chain:
            lead, self.found = ms.split_chain(head, chain)
            self.runs.add(chain, self.found, continues=False)
        if not self.found:
            marker = ms.split_marker(head)
            if marker:
                lead = marker[0]
                self._marked(marker[1])
            else:
                lead, self.rest = ms.split_lead(head)
        elif lead:
            lead = ms.strip_marker_tail(lead)
        self.f.lead = lead
        self.f.title = self.f.title or ms.clean_title(lead)

    def para(self, t: str) -> None:
        """One paragraph after the head."""
        fm = is_field(t)
        after = read_field(self.ctx, self.f, t, fm, self.fields) if fm else None
        if after == "":
            return
        marker = ("", after) if after else ms.split_marker(t)
        if marker and not marker[0]:
            self._marked(marker[1])
        elif not self._chained(t):
            if self._opens_item(t):
                kind = child_kind(self.f.kind)
                self.items.append(self.builder.unnumbered(t, self.f, kind))
            else:
                self._append(t)

    def finish(self, listed: list[ParsedMeasure] | None) -> None:
        self.runs.close()
        f, found = self.f, self.found
        if listed:
            found += listed
        rest, body = self.rest, self.body
        if self.ctx.rectification:
            f.measures = found
            if not found and self.leaf and not self.items:
                f.measures = [ParsedMeasure(None, x) for x in [rest, *body] if x]
                rest, body = "", []
        elif found and (all(_numbered(m.label) for m in found) or announces_list(f.lead)):
            # "（一）…。1．…。2．…" or "…不力。主要存在以下问题：一是…；二是…" in feedback
            self.items += [self._item(m) for m in found]
            if announces_list(f.lead):
                f.title = ms.clean_title(ms.split_lead(f.lead)[0])
        else:
            f.points = found
        f.body = "\n".join(x for x in [rest, *body, *self.fields] if x)
        f.children = self.items + f.children

    def _item(self, m: ParsedMeasure) -> ParsedFinding:
        label = m.label or ""
        return ParsedFinding(
            label=label,
            label_raw=label,
            kind=child_kind(self.f.kind),
            title=ms.clean_title(ms.split_lead(m.text)[0]),
            lead=m.text,
            text=label + m.text,
            path=[*self.f.path, label],
        )

    def _marked(self, text: str) -> None:
        """Text after 整改情况： (or after a status): one chain of measures, or one measure."""
        chain = ms.find_chain(text)
        if chain:
            more = ms.split_chain(text, chain)[1]
            self.runs.add(chain, more, continues=False)
            self.found += more
        elif text:
            self.found.append(ParsedMeasure(None, text))

    def _chained(self, t: str) -> bool:
        """A paragraph that starts with 二是… (continuing the run) or opens a new chain."""
        lab = nb.parse_label(t, _CONTINUED)
        if lab is None:
            return False
        kind, last = self.runs.last()
        chain = None
        if self.found and last and kind in _CONTINUED and lab.ordinal > last:
            chain = ms.find_chain(t, after=last, kind=kind)
            if chain and chain.starts[0] > lab.end:
                chain = None
        continues = chain is not None
        chain = chain or ms.find_chain(t, kind=lab.kind, opens=lab.ordinal == 1)
        if not chain:
            return False
        before, more = ms.split_chain(t, chain)
        if before:
            return False
        self.runs.add(chain, more, continues=continues)
        self.found += more
        return True

    def _opens_item(self, t: str) -> bool:
        """An unnumbered "针对…的问题。…" paragraph under a leaf of a progress notice."""
        if self.found or not self.ctx.rectification or not self.leaf or self.rest:
            return False
        lead, more = ms.split_lead(t)
        return bool(ms.LEAD_LIKE.search(match_view(lead))) and bool(more)

    def _append(self, t: str) -> None:
        """Plain text runs on the last measure (of the last item), else joins the body."""
        if self.items and self.items[-1].measures:
            self.items[-1].measures[-1].text += t
            self.items[-1].text += "\n" + t
        elif self.found and self.ctx.rectification:
            self.found[-1].text += t
        else:
            self.body.append(t)


class FindingBuilder:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def unnumbered(
        self, text: str, parent: ParsedFinding, kind: ParsedFindingKind
    ) -> ParsedFinding:
        f = ParsedFinding(
            label="", label_raw="", kind=kind, numbered=False, text=text, path=list(parent.path)
        )
        self.fill(f, text, [], leaf=True)
        return f

    def fill(
        self,
        f: ParsedFinding,
        head: str,
        paras: list[Para],
        *,
        leaf: bool,
        listed: list[ParsedMeasure] | None = None,
    ) -> None:
        filler = _Filler(self, f, leaf=leaf)
        filler.head(head)
        for p in paras:
            filler.para(p.text)
        filler.finish(listed)

    def build(
        self, node: RawNode, parent_path: list[str], kind: ParsedFindingKind
    ) -> ParsedFinding:
        lab = node.label
        f = ParsedFinding(
            label=lab.canonical,
            label_raw=lab.raw,
            kind=kind,
            text=node.all_text(),
            path=[*parent_path, lab.canonical],
            label_kind=lab.kind,
            ordinal=lab.ordinal,
        )
        if lab.kind == nb.ASPECT_DI:
            f.title = ms.clean_title(node.head) if "。" not in node.head else ""
        listed = listed_measures(node, f.path, self.ctx)
        if listed is not None:
            f.text = "\n".join(
                [node.text, *(p.text for p in node.paras)]
                + [c.text + "".join("\n" + p.text for p in c.paras) for c in node.children]
            )
            self.fill(f, node.head, node.paras + listed[1], leaf=True, listed=listed[0])
            return f
        f.children = [self.build(c, f.path, child_kind(kind)) for c in node.children]
        self.fill(f, node.head, node.paras, leaf=not node.children)
        if lab.kind == nb.ASPECT_DI and not f.title:
            f.title = ms.clean_title(f.lead)
        self._check_children(f, node)
        if self.ctx.rectification and not f.children and not f.measures:
            self.ctx.warn(
                WarningCode.NO_MEASURES,
                f"问题“{f.title[:30]}”没有列出整改措施",
                f"finding '{f.label or f.title[:20]}' has no measures",
                f.path,
            )
        return f

    def _check_children(self, f: ParsedFinding, node: RawNode) -> None:
        """Gaps and repeats in the numbering of the children, per label kind."""
        by_kind: dict[str, list[nb.Label]] = {}
        for k in (c.label for c in node.children):
            by_kind.setdefault(k.kind, []).append(k)
        for group in by_kind.values():
            check_sequence(
                [k.ordinal for k in group],
                [k.canonical for k in group],
                f.path,
                "",
                self.ctx,
                group[0].kind,
            )
