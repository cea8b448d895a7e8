"""Paragraphs → title, preamble, sections and the finding tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectify.documents.parser import measures as ms
from rectify.documents.parser.clean import STRUCT_KINDS
from rectify.documents.parser.model import Finding, Measure, Para, Section, Warning_
from rectify.lib import numbering as nb
from rectify.lib.dates import find_dates
from rectify.lib.text import match_view

_TITLE_KW = re.compile(r"通报|报告|情况|意见|方案|公告|公示|通知|清单|台账|说明|决定|纪要")
_CLOSING = re.compile(
    r"欢迎.{0,30}(?:监督|批评|意见|建议)|联系方式|联系电话|举报电话|来信来访|特此(?:通报|报告|公告|说明)|"
    r"邮政编码|电子邮箱|监督电话|^附件[:：]|^抄送[:：]|^[(（]此件"
)
_ASPECT_TITLE = re.compile(
    r"方面(?:存在的|的|主要)?(?:问题)?[)）]?\s*[。.:：]?$|^关于.{0,40}方面|方面问题"
)
_PROBLEM_TITLE = re.compile(r"^(?:针对|关于|对于)|问题[)）]?\s*[。.:：]?$")
_CONTAINER_TITLE = re.compile(r"整改|落实|推进|进展|情况|措施|成效|问题")
_SHI = re.compile(r"(?:^|[。；;，,:：\s])[一二三四五六七八九十]{1,2}是(?![非否])")
_ZHENDUI = re.compile(r"针对(?!上述|以上|这些|前述|存在的|所有)[^。]{0,80}?问题")
_FEEDBACK_TITLE = re.compile(
    r"反馈意见|反馈.{0,10}问题|巡视.{0,4}意见|巡察.{0,4}意见|审计报告|督察报告"
)
_RECTIFY_TITLE = re.compile(r"整改|落实情况|进展|办理情况|问题清单|任务清单")


@dataclass
class RawNode:
    label: nb.Label
    head: str
    text: str
    loc: str
    paras: list[Para] = field(default_factory=list)
    children: list[RawNode] = field(default_factory=list)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Layout:
    title: str | None = None
    title_date: str | None = None
    issuer: str | None = None
    sig_date: str | None = None
    preamble: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    closing: list[Para] = field(default_factory=list)


@dataclass
class Ctx:
    rectification: bool = True
    warnings: list[Warning_] = field(default_factory=list)
    last_ordinal: dict[str, int] = field(default_factory=dict)

    def warn(self, code: str, zh: str, en: str, path: list[str] | None) -> None:
        self.warnings.append(Warning_(code, zh, en, list(path) if path is not None else None))


def _label(text: str) -> nb.Label | None:
    return nb.parse_label(text, STRUCT_KINDS)


_DATE_LINE = re.compile(
    r"^[(（]?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日\s*[)）]?$|^\d{4}-\d{1,2}-\d{1,2}$"
)


def layout(paras: list[Para]) -> Layout:
    """Find the title, signature (issuer, date) and closing lines around the body."""
    lay = Layout()
    start = 0
    for i, p in enumerate(paras[:8]):
        text = p.text
        if _label(text) or len(text) > 100 or text.endswith(("。", "；")):
            continue
        if _TITLE_KW.search(text) and len(text) >= 6:
            lay.title = text
            if i > 0 and text.startswith("关于") and len(paras[i - 1].text) <= 40:
                prev = paras[i - 1].text
                if not _label(prev) and not prev.endswith("。"):
                    lay.title = prev + text
            start = i + 1
            break
    else:
        first = paras[0].text if paras else ""
        if first and len(first) <= 60 and not first.endswith("。") and not _label(first):
            lay.title, start = first, 1
    while start < len(paras) and _DATE_LINE.match(match_view(paras[start].text).replace(" ", "")):
        lay.title_date = lay.title_date or paras[start].text
        start += 1
    end = len(paras)
    i = end - 1
    while i >= start and end - i <= 6:
        view = match_view(paras[i].text).replace(" ", "")
        if _DATE_LINE.match(view) and lay.sig_date is None:
            lay.sig_date = paras[i].text.strip()
            end = i
            prev = paras[i - 1].text if i - 1 >= start else ""
            short = prev and len(prev) <= 50 and not prev.endswith(("。", "；"))
            if short and not _label(prev) and not _CLOSING.search(match_view(prev)):
                lay.issuer = prev.strip()
                end = i - 1
            break
        m = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)$", view)
        if m and len(view) <= 60 and not view.endswith("。"):
            head = view[: m.start()].strip()
            if head and not _label(head):
                lay.issuer, lay.sig_date, end = head, m.group(1), i
                break
        i -= 1
    tail_after = paras[end + (2 if lay.issuer else 1) :] if lay.sig_date else []
    closing_start = end
    j = end - 1
    while j >= start and end - j <= 4:
        text = paras[j].text
        if _label(text) or not _CLOSING.search(match_view(text)):
            break
        closing_start = j
        j -= 1
    lay.closing = paras[closing_start:end] + list(tail_after)
    body = paras[start:closing_start]
    k = 0
    while k < len(body) and not _label(body[k].text) and not ms.find_chain(body[k].text):
        k += 1
    if k == len(body):
        k = min(len(body), 1 if len(body) > 1 else 0)
    lay.preamble, lay.body = body[:k], body[k:]
    return lay


def build_tree(paras: list[Para]) -> tuple[list[RawNode], list[Para]]:
    """Nest labelled paragraphs by the order in which label kinds appear."""
    roots: list[RawNode] = []
    stack: list[RawNode] = []
    loose: list[Para] = []
    for p in paras:
        lab = _label(p.text)
        if lab is None:
            (stack[-1].paras if stack else loose).append(p)
            continue
        head = p.text if lab.kind == nb.ASPECT_DI else p.text[lab.end :].strip()
        node = RawNode(lab, head, p.text, p.loc_zh)
        for idx in range(len(stack) - 1, -1, -1):
            if stack[idx].label.kind == lab.kind:
                del stack[idx:]
                break
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    return roots, loose


def _all_text(node: RawNode) -> str:
    return "\n".join([node.text] + [p.text for p in node.paras])


def score(node: RawNode) -> int:
    """How much a part looks like a list of findings with measures."""
    s = 0
    for n in node.walk():
        view = match_view(_all_text(n))
        s += 5 if n.label.kind == nb.ASPECT_DI else 0
        s += 3 * len(_ZHENDUI.findall(view))
        s += len(_SHI.findall(view))
        s += 2 * len(ms.MARKER.findall(view))
        s += 2 if _PROBLEM_TITLE.search(match_view(ms.split_lead(n.head)[0])) else 0
        s += 3 if n.label.kind == nb.WENTI else 0
    return s


def is_aspect(node: RawNode) -> bool:
    if node.label.kind == nb.ASPECT_DI:
        return True
    title = match_view(ms.clean_title(ms.split_lead(node.head)[0]))
    return bool(_ASPECT_TITLE.search(title)) and not title.startswith("针对")


def is_problem(node: RawNode) -> bool:
    title = match_view(ms.split_lead(node.head)[0])
    return bool(_PROBLEM_TITLE.search(title)) or node.label.kind == nb.WENTI


def doc_is_feedback(title: str | None, preamble: str) -> bool:
    t = match_view(title or "")
    if _RECTIFY_TITLE.search(t):
        return False
    if _FEEDBACK_TITLE.search(t):
        return True
    return not t and bool(re.search(r"反馈(?:意见|如下)", preamble)) and "整改" not in preamble


# ------------------------------------------------------------------ sections
def node_sections(node: RawNode, parent: str | None, out: list[Section]) -> None:
    lead, rest = ms.split_lead(node.head)
    if node.label.kind == nb.ASPECT_DI:
        lead, rest = node.head, ""
    body = "\n".join(x for x in [rest, *(p.text for p in node.paras)] if x)
    out.append(Section(node.label.canonical, ms.clean_title(lead), body, parent))
    for c in node.children:
        node_sections(c, node.label.canonical, out)


# ------------------------------------------------------------------ findings
def _check_sequence(
    ordinals: list[int], labels: list[str], path: list[str], what: str, ctx: Ctx, kind: str = ""
) -> None:
    seen: set[int] = set()
    for n, lab in zip(ordinals, labels, strict=True):
        if n in seen:
            ctx.warn(
                "repeated_label",
                f"{what}编号“{lab}”重复出现",
                f"{(what and 'measure') or 'item'} label '{lab}' is repeated",
                path,
            )
        seen.add(n)
    uniq = sorted(seen)
    first = 1
    if what != "措施" and uniq and uniq[0] != 1 and ctx.last_ordinal.get(kind) == uniq[0] - 1:
        first = uniq[0]  # numbering continues across parents (问题1…问题5 under several aspects)
    if uniq and kind:
        ctx.last_ordinal[kind] = uniq[-1]
    if uniq and uniq != list(range(first, first + len(uniq))):
        missing = sorted(set(range(first, max(uniq) + 1)) - seen)
        if what == "措施":
            gap = "、".join(nb.canonical_label(nb.SHI, x) for x in missing) or "?"
        else:
            gap = "、".join(str(x) for x in missing) or "?"
        ctx.warn(
            "numbering_gap",
            f"{what}编号不连续（{'、'.join(labels)}），缺少{gap}",
            f"{'measure' if what == '措施' else 'item'} numbering has a gap "
            f"({', '.join(labels)}); missing {gap}",
            path,
        )


def _measures_from(
    text: str, path: list[str], ctx: Ctx, *, lines: bool = False
) -> tuple[str, list[Measure]]:
    chain = ms.find_chain(text, lines=lines)
    if not chain:
        return text.strip(), []
    before, found = ms.split_chain(text, chain)
    _check_sequence(chain.ordinals, [m.label or "" for m in found], path, "措施", ctx)
    if chain.rejected:
        ctx.warn(
            "repeated_label",
            "措施编号出现重复或倒序，已并入前一条措施",
            "measure labels repeat or go backwards; kept inside the previous measure",
            path,
        )
    return before, found


class FindingBuilder:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def unnumbered(self, text: str, parent: Finding, kind: str) -> Finding:
        f = Finding(
            label="", label_raw="", kind=kind, numbered=False, text=text, path=list(parent.path)
        )
        self._fill(f, text, [], leaf=True)
        return f

    def _fill(self, f: Finding, head: str, paras: list[Para], *, leaf: bool) -> None:
        ctx = self.ctx
        lead, found = _measures_from(head, f.path, ctx)
        rest = ""
        if not found:
            marker = ms.split_marker(head)
            if marker:
                lead, after = marker
                _, found = _measures_from(after, f.path, ctx)
                if not found and after:
                    found = [Measure(None, after)]
            else:
                lead, rest = ms.split_lead(head)
        elif not lead:
            lead = ""
        f.lead = lead
        f.title = f.title or ms.clean_title(lead)
        body: list[str] = []
        items: list[Finding] = []
        for p in paras:
            t = p.text
            marker = ms.split_marker(t)
            lab = nb.parse_label(t, (nb.SHI, nb.DI_ENUM))
            if marker and not marker[0]:
                _, more = _measures_from(marker[1], f.path, ctx)
                found += more or ([Measure(None, marker[1])] if marker[1] else [])
                continue
            if lab is not None:
                _, more = _measures_from(t, f.path, ctx)
                if more:
                    found += more
                    continue
            if (
                not found
                and ctx.rectification
                and leaf
                and not rest
                and ms.LEAD_LIKE.search(match_view(ms.split_lead(t)[0]))
                and ms.split_lead(t)[1]
            ):
                items.append(self.unnumbered(t, f, "problem" if f.kind == "aspect" else "item"))
                continue
            if items and items[-1].measures:
                items[-1].measures[-1].text += t
                items[-1].text += "\n" + t
            elif found and ctx.rectification:
                found[-1].text += t
            else:
                body.append(t)
        if ctx.rectification:
            f.measures = found
            if not found and leaf and not items:
                extra = [x for x in [rest, *body] if x]
                f.measures = [Measure(None, x) for x in extra]
                rest, body = "", []
        else:
            f.points = found
        f.body = "\n".join(x for x in [rest, *body] if x)
        f.children = items + f.children

    def build(self, node: RawNode, parent_path: list[str], kind: str) -> Finding:
        lab = node.label
        f = Finding(
            label=lab.canonical,
            label_raw=lab.raw,
            kind=kind,
            text=_all_text(node),
            path=[*parent_path, lab.canonical],
            label_kind=lab.kind,
            ordinal=lab.ordinal,
        )
        if lab.kind == nb.ASPECT_DI:
            f.title = ms.clean_title(node.head) if "。" not in node.head else ""
        child_kind = "problem" if kind == "aspect" else "item"
        f.children = [self.build(c, f.path, child_kind) for c in node.children]
        self._fill(f, node.head, node.paras, leaf=not node.children)
        if lab.kind == nb.ASPECT_DI and not f.title:
            f.title = ms.clean_title(f.lead)
        if node.children:
            kids = [c.label for c in node.children]
            by_kind: dict[str, list[nb.Label]] = {}
            for k in kids:
                by_kind.setdefault(k.kind, []).append(k)
            for group in by_kind.values():
                _check_sequence(
                    [k.ordinal for k in group],
                    [k.canonical for k in group],
                    f.path,
                    "",
                    self.ctx,
                    group[0].kind,
                )
        if self.ctx.rectification and not f.children and not f.measures:
            self.ctx.warn(
                "no_measures",
                f"问题“{f.title[:30]}”没有列出整改措施",
                f"finding '{f.label or f.title[:20]}' has no measures",
                f.path,
            )
        return f


def findings_from_roots(roots: list[RawNode], ctx: Ctx, sections: list[Section]) -> list[Finding]:
    """Choose which top-level parts hold findings, build the tree, put the rest in sections."""
    builder = FindingBuilder(ctx)
    scores = [score(r) for r in roots]
    top = max(scores, default=0)
    chosen: list[RawNode] = []
    parts = any(r.label.kind in (nb.PART, nb.PART_DI) for r in roots)
    for r, s in zip(roots, scores, strict=True):
        finding_part = s >= 3 and s >= 0.25 * top
        if is_aspect(r) or (is_problem(r) and finding_part):
            chosen.append(r)
        elif finding_part and r.children and (parts or not is_problem(r)):
            title = ms.split_lead(r.head)[0]
            intro = "\n".join(p.text for p in r.paras)
            sections.append(
                Section(r.label.canonical, ms.clean_title(title), intro, None, "findings")
            )
            chosen.extend(r.children)
        elif finding_part and ctx.rectification:
            chosen.append(r)
        else:
            node_sections(r, None, sections)
    out: list[Finding] = []
    for r in chosen:
        kind = "aspect" if is_aspect(r) else "problem"
        out.append(builder.build(r, [], kind))
    kinds = {}
    for r in chosen:
        kinds.setdefault(r.label.kind, []).append(r.label)
    for group in kinds.values():
        _check_sequence(
            [k.ordinal for k in group], [k.canonical for k in group], [], "", ctx, "root"
        )
    return out


def loose_findings(paras: list[Para], ctx: Ctx) -> list[Finding]:
    """No numbered headings: paragraphs that carry 一是… measures become unnumbered problems."""
    builder = FindingBuilder(ctx)
    out: list[Finding] = []
    for p in paras:
        chain = ms.find_chain(p.text)
        if chain and len(chain.ordinals) >= 2:
            root = Finding(label="", label_raw="", path=[])
            out.append(builder.unnumbered(p.text, root, "problem"))
    return out


def date_year(text: str | None) -> int | None:
    if not text:
        return None
    found = find_dates(text)
    return found[0].date.year if found and found[0].date else None
