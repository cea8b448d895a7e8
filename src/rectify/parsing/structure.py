"""Paragraphs → title, preamble, sections and the finding tree."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.clean import STRUCT_KINDS
from rectify.parsing.model import Finding, Measure, Para, Section, Warning_

_TITLE_KW = re.compile(r"通报|报告|情况|意见|方案|公告|公示|通知|清单|台账|说明|决定|纪要")
_CLOSING = re.compile(
    r"欢迎.{0,30}(?:监督|批评|意见|建议)|联系方式|联系电话|举报电话|来信来访|特此(?:通报|报告|公告|说明)|"
    r"邮政编码|电子邮箱|监督电话|^附件[:：]|^抄送[:：]|^[(（]此件|^(?:下一步|下步|今后)[，,]"
)
_ORG_NAME = re.compile(
    r"(?:委员会|党委|党组|党工委|工委|总支|支部|政府|办公室|办事处|局|厅|署|院|所|校|学|中心|公司|"
    r"集团|街道|镇|乡|委|会|组|部|处|站|办)$"
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
_CONTAINER_PART = re.compile(
    r"(?:巡视|巡察|督察|审计|检查)?(?:发现|反馈|指出)的?(?:主要|突出)?问题$"
)
# Labelled lines of text-form rectification lists: 责任单位：… 整改时限：… 整改进度：已完成
_FIELD = re.compile(
    r"^\s*(?P<key>整改进度|整改进展|进展情况|完成情况|整改状态|完成状态|整改成效|整改效果|整改目标|"
    r"责任单位|牵头单位|责任部门|责任科室|责任处室|配合单位|协办单位|责任领导|牵头领导|责任人|"
    r"整改时限|完成时限|整改期限|完成时间|时限要求)\s*[:：]\s*"
)
_OWNER_KEYS = frozenset(
    [
        *("责任单位", "牵头单位", "责任部门", "责任科室", "责任处室", "配合单位", "协办单位"),
        *("责任领导", "牵头领导", "责任人"),
    ]
)
_DEADLINE_KEYS = frozenset(["整改时限", "完成时限", "整改期限", "完成时间", "时限要求"])
_STATUS_KEYS = frozenset(["整改进度", "整改进展", "进展情况", "完成情况", "整改状态", "完成状态"])
_STATUS_VALUE = re.compile(
    r"^(?:已完成(?:整改)?|已整改(?:到位)?|已办结|已销号|正在(?:整改|推进|落实|办理)|"
    r"持续(?:整改|推进|落实)|长期坚持|基本完成|未完成|尚未完成|整改中|推进中|"
    r"按序时推进|(?:已)?达到序时进度|全部完成|完成)(?:\s*$|[，,。；;（(])"
)
# A numbered line that states a problem (not an action): "党组会议记录不规范。"
_PROBLEMISH = re.compile(
    r"不到位|不规范|不严|不力|不足|不够|不高|不强|不健全|不完善|不及时|不彻底|不明显|不实|"
    r"未能|未按|未经|未及时|没有|缺乏|缺失|滞后|薄弱|偏低|偏高|短板|差距|弱化|乏力|存在|问题"
)
_ACTION_START = re.compile(
    r"^(?:修订|修改|制定|开展|建立|组织|推行|落实|加强|完善|对|召开|印发|出台|选派|实施|清理|清退|"
    r"追缴|追回|补|约谈|成立|严格|明确|规范|健全|强化|督促|推进|完成|已|设立|开通|取缔|查处|排查|"
    r"核查|整治|编制|配备|新增|新建|举办|培训|通报|安装|上线|引入|划定|实行|将|由|针对性|深入|"
    r"全面|坚持|持续|定期|每|按照|根据|结合|把|围绕|聚焦|梳理|重新|及时|逐)"
)
_LIST_KINDS = (nb.ARABIC, nb.PAREN_ARABIC, nb.RPAREN_ARABIC, nb.CIRCLED_KIND)
_LIST_INTRO = re.compile(r"(?:措施|举措|情况|进展|如下)\s*[:：]\s*$")


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
    field_deadlines: list[dict] = field(default_factory=list)  # 整改时限：… lines

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
    if lay.sig_date is None and end - 1 > start:
        last = paras[end - 1].text.strip()
        view = match_view(last)
        if (
            len(last) <= 30
            and not _label(last)
            and not view.endswith(("。", "；", ";", "：", ":"))
            and _ORG_NAME.search(view)
            and not _CLOSING.search(view)
        ):
            lay.issuer, end = last, end - 1
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


class _Runs:
    """Measure chains of one finding; a chain may run on over paragraphs (一是… ¶ 二是…).

    Each run is checked once for gaps and repeats when it ends.
    """

    def __init__(self, ctx: Ctx, path: list[str]) -> None:
        self.ctx, self.path = ctx, path
        self.kind: str | None = None
        self.ordinals: list[int] = []
        self.labels: list[str] = []

    def last(self) -> tuple[str | None, int]:
        return self.kind, (self.ordinals[-1] if self.ordinals else 0)

    def add(self, chain: ms.Chain, found: list[Measure], *, continues: bool) -> None:
        if not continues:
            self.close()
            self.kind = chain.kind
        self.ordinals += chain.ordinals
        self.labels += [m.label or "" for m in found]
        if chain.rejected:
            self.ctx.warn(
                "repeated_label",
                "措施编号出现重复或倒序，已并入前一条措施",
                "measure labels repeat or go backwards; kept inside the previous measure",
                self.path,
            )

    def close(self) -> None:
        if self.ordinals:
            _check_sequence(self.ordinals, self.labels, self.path, "措施", self.ctx)
        self.kind, self.ordinals, self.labels = None, [], []


def _is_field(text: str) -> re.Match[str] | None:
    return _FIELD.match(match_view(text)) if "：" in text or ":" in text else None


class FindingBuilder:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx

    def unnumbered(self, text: str, parent: Finding, kind: str) -> Finding:
        f = Finding(
            label="", label_raw="", kind=kind, numbered=False, text=text, path=list(parent.path)
        )
        self._fill(f, text, [], leaf=True)
        return f

    def _field(self, f: Finding, text: str, m: re.Match[str], body: list[str]) -> str | None:
        """A labelled line (责任单位：… 整改时限：… 整改进度：已完成).

        Returns None when the line is not such a field (then it is read as measures), else the
        text after a status that describes work ("正在整改，计划于…完成…"), which is a measure.
        """
        key = m.group("key")
        value = text[m.end() :].strip()
        if not value:
            return None if key in _STATUS_KEYS else ""
        if key in _OWNER_KEYS:
            f.owner = "；".join(x for x in (f.owner, value.rstrip("。；;")) if x)
        elif key in _DEADLINE_KEYS:
            f.deadline = value.rstrip("。；;")
            self.ctx.field_deadlines.append({"text": f.deadline, "path": list(f.path)})
        elif key in _STATUS_KEYS:
            status = _STATUS_VALUE.match(match_view(value))
            if not status:
                return None
            f.progress = value[: status.end()].strip(" ，,。；;（(")
            return value[status.end() :].strip(" ，,。；;")
        else:
            body.append(text.strip())
        return ""

    def _fill(
        self,
        f: Finding,
        head: str,
        paras: list[Para],
        *,
        leaf: bool,
        listed: list[Measure] | None = None,
    ) -> None:
        ctx = self.ctx
        runs = _Runs(ctx, f.path)
        chain = ms.find_chain(head)
        lead, found = head.strip(), []
        if chain:
            lead, found = ms.split_chain(head, chain)
            runs.add(chain, found, continues=False)
        rest = ""
        if not found:
            marker = ms.split_marker(head)
            if marker:
                lead, after = marker
                chain = ms.find_chain(after)
                if chain:
                    _, found = ms.split_chain(after, chain)
                    runs.add(chain, found, continues=False)
                elif after:
                    found = [Measure(None, after)]
            else:
                lead, rest = ms.split_lead(head)
        elif lead:
            lead = ms.strip_marker_tail(lead)
        f.lead = lead
        f.title = f.title or ms.clean_title(lead)
        body: list[str] = []
        fields: list[str] = []
        items: list[Finding] = []
        for p in paras:
            t = p.text
            fm = _is_field(t)
            after = self._field(f, t, fm, fields) if fm else None
            if after == "":
                continue
            marker = ("", after) if after else ms.split_marker(t)
            if marker and not marker[0]:
                chain = ms.find_chain(marker[1])
                if chain:
                    _, more = ms.split_chain(marker[1], chain)
                    runs.add(chain, more, continues=False)
                    found += more
                elif marker[1]:
                    found.append(Measure(None, marker[1]))
                continue
            lab = nb.parse_label(t, (nb.SHI, nb.DI_ENUM))
            if lab is not None:
                kind, last = runs.last()
                chain = None
                if found and last and kind in (nb.SHI, nb.DI_ENUM) and lab.ordinal > last:
                    chain = ms.find_chain(t, after=last, kind=kind)
                    if chain and chain.starts[0] > lab.end:
                        chain = None
                continues = chain is not None
                chain = chain or ms.find_chain(t, kind=lab.kind, opens=lab.ordinal == 1)
                if chain:
                    before, more = ms.split_chain(t, chain)
                    if not before:
                        runs.add(chain, more, continues=continues)
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
        runs.close()
        if listed:
            found += listed
        if ctx.rectification:
            f.measures = found
            if not found and leaf and not items:
                extra = [x for x in [rest, *body] if x]
                f.measures = [Measure(None, x) for x in extra]
                rest, body = "", []
        else:
            f.points = found
        f.body = "\n".join(x for x in [rest, *body, *fields] if x)
        f.children = items + f.children

    def _listed_measures(
        self, node: RawNode, path: list[str]
    ) -> tuple[list[Measure], list[Para]] | None:
        """Numbered lines under a problem that are its measures, not sub-problems.

        "（一）针对…的问题 ¶ 整改措施： ¶ 1.修订… ¶ 2.开展…" (or （1）…, ①…): leaves that do not
        read as problems and carry no measures of their own. Returns the measures and the
        labelled lines (责任单位：…) found among them, which belong to the problem.
        """
        kids = node.children
        if not self.ctx.rectification or not kids:
            return None
        if len({c.label.kind for c in kids}) != 1 or kids[0].label.kind not in _LIST_KINDS:
            return None
        intro = node.paras[-1].text if node.paras else node.head
        says = bool(_LIST_INTRO.search(match_view(intro)))
        if not says and (len(kids) < 2 or not is_problem(node)):
            return None
        measures: list[Measure] = []
        fields: list[Para] = []
        for c in kids:
            if c.children:
                return None
            first, more = ms.split_lead(c.head)
            lead = match_view(ms.clean_title(first))
            if ms.LEAD_LIKE.search(lead) or _ASPECT_TITLE.search(lead):
                return None
            if _PROBLEMISH.search(lead) and (more or not _ACTION_START.match(lead)):
                return None  # a sub-problem, perhaps with a plain measure after it
            own = [p for p in c.paras if not _is_field(p.text)]
            fields += [p for p in c.paras if _is_field(p.text)]
            for t in [c.head, *(p.text for p in own)]:
                if ms.find_chain(t) or ms.MARKER.search(match_view(t)):
                    return None
            text = "".join([c.head, *(p.text for p in own)]).strip(" ；;，,")
            measures.append(Measure(c.label.canonical, text))
        _check_sequence(
            [c.label.ordinal for c in kids],
            [m.label or "" for m in measures],
            path,
            "措施",
            self.ctx,
        )
        return measures, fields

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
        listed = self._listed_measures(node, f.path)
        if listed is not None:
            f.text = "\n".join(
                [node.text, *(p.text for p in node.paras)]
                + [c.text + "".join("\n" + p.text for p in c.paras) for c in node.children]
            )
            self._fill(f, node.head, node.paras + listed[1], leaf=True, listed=listed[0])
            return f
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


def _is_container(node: RawNode) -> bool:
    """A part that only groups aspects ("一、巡察发现的主要问题" over （一）…方面)."""
    if not node.children or is_aspect(node):
        return False
    title = match_view(ms.clean_title(ms.split_lead(node.head)[0]))
    return any(is_aspect(c) for c in node.children) or (
        bool(_CONTAINER_PART.search(title))
        and not title.startswith(("针对", "关于", "对于"))
        and all(c.children for c in node.children)
    )


def findings_from_roots(roots: list[RawNode], ctx: Ctx, sections: list[Section]) -> list[Finding]:
    """Choose which top-level parts hold findings, build the tree, put the rest in sections."""
    builder = FindingBuilder(ctx)
    scores = [score(r) for r in roots]
    top = max(scores, default=0)
    chosen: list[RawNode] = []
    parts = any(r.label.kind in (nb.PART, nb.PART_DI) for r in roots)
    for i, (r, s) in enumerate(zip(roots, scores, strict=True)):
        finding_part = s >= 3 and s >= 0.25 * top
        if finding_part and _is_container(r):
            title = ms.split_lead(r.head)[0]
            intro = "\n".join(p.text for p in r.paras)
            sections.append(
                Section(r.label.canonical, ms.clean_title(title), intro, None, "findings")
            )
            chosen.extend(r.children)
        elif is_aspect(r) or (is_problem(r) and finding_part):
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
        elif _heads_restart(roots, i):
            # "二、整改落实情况" followed by "一、关于…方面的问题": numbering restarts below it
            title = ms.split_lead(r.head)[0]
            intro = "\n".join(p.text for p in r.paras)
            sections.append(
                Section(r.label.canonical, ms.clean_title(title), intro, None, "findings")
            )
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


def _heads_restart(roots: list[RawNode], i: int) -> bool:
    r = roots[i]
    nxt = roots[i + 1] if i + 1 < len(roots) else None
    return (
        nxt is not None
        and not r.children
        and r.label.ordinal > 1
        and nxt.label.kind == r.label.kind
        and nxt.label.ordinal == 1
        and (is_aspect(nxt) or is_problem(nxt))
    )


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
