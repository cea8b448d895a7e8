"""Labelled paragraphs nested into a raw tree, and how its parts read (aspect, problem …)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.clean import STRUCT_KINDS
from rectify.parsing.feedback import problem_like
from rectify.parsing.model import Para

ASPECT_TITLE = re.compile(
    r"方面(?:存在的|的|主要)?(?:问题)?[)）]?\s*[。.:：]?$|^关于.{0,40}方面|方面问题"
)
_PROBLEM_TITLE = re.compile(r"^(?:针对|关于|对于)|问题[)）]?\s*[。.:：]?$")
_SHI = re.compile(r"(?:^|[。；;，,:：\s])[一二三四五六七八九十]{1,2}是(?![非否])")
_ZHENDUI = re.compile(r"针对(?!上述|以上|这些|前述|存在的|所有)[^。]{0,80}?问题")
_FEEDBACK_WORDS = re.compile(r"反馈(?:意见|如下)|(?:存在|发现|指出)的?主要问题|问题清单如下")
_RECTIFY_WORDS = re.compile(r"整改(?:进展|情况|工作进展|落实情况的?通报)|整改成效")
_FEEDBACK_TITLE = re.compile(
    r"反馈意见|反馈.{0,8}情况$|反馈情况|审计结果|反馈.{0,10}问题|巡视.{0,4}意见|巡察.{0,4}意见|审计报告|督察报告"
)
_FEEDBACK_LIST = re.compile(r"(?:发现|反馈)(?:的)?(?:主要)?问题清单")
# The inspecting body's own demand: "…审计发现问题的整改通知", "…财务收支审计的意见".
_FEEDBACK_DEMAND = re.compile(r"发现(?:的)?问题的?(?:整改)?通知$|(?:审计|检查|督察)[^整]{0,4}意见$")
_RECTIFY_TITLE = re.compile(r"整改|落实情况|进展|办理情况|问题清单|任务清单")
_CONTAINER_PART = re.compile(
    r"(?:巡视|巡察|督察|审计|检查)?(?:发现|反馈|指出)的?(?:主要|突出)?问题$"
)


@dataclass
class RawNode:
    """A labelled paragraph, the unlabelled paragraphs after it and the parts nested in it."""

    label: nb.Label
    head: str
    text: str
    loc: str
    paras: list[Para] = field(default_factory=list)
    children: list[RawNode] = field(default_factory=list)

    def walk(self) -> Iterator[RawNode]:
        yield self
        for c in self.children:
            yield from c.walk()

    def all_text(self) -> str:
        return "\n".join([self.text] + [p.text for p in self.paras])


def label(text: str) -> nb.Label | None:
    """The structural label (一、 （一） 1. 第一方面 …) at the start of ``text``."""
    return nb.parse_label(text, STRUCT_KINDS)


def build_tree(paras: list[Para]) -> tuple[list[RawNode], list[Para]]:
    """Nest labelled paragraphs by the order in which label kinds appear."""
    roots: list[RawNode] = []
    stack: list[RawNode] = []
    loose: list[Para] = []
    for p in paras:
        lab = label(p.text) or _point_label(p.text, stack)
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


_POINT = re.compile(r"(\d{1,2})\.(?=\d{1,4}(?:\.\d+)?[^\d.%])")


def _point_label(text: str, stack: list[RawNode]) -> nb.Label | None:
    """ "1.2个片区…" under a heading: the next arabic label, not the decimal 1.2."""
    m = _POINT.match(text)
    if m is None or not stack:
        return None
    n = int(m.group(1))
    arabic = [x for x in stack if x.label.kind == nb.ARABIC]
    last = arabic[-1] if arabic else None
    expected = last.label.ordinal + 1 if last else 1
    if n != expected or (last is None and stack[-1].label.kind == nb.ARABIC):
        return None
    return nb.Label(nb.ARABIC, n, m.group(0), m.end())


def score(node: RawNode) -> int:
    """How much a part looks like a list of findings with measures."""
    s = 0
    for n in node.walk():
        view = match_view(n.all_text())
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
    return bool(ASPECT_TITLE.search(title)) and not title.startswith("针对")


def is_problem(node: RawNode) -> bool:
    title = match_view(ms.split_lead(node.head)[0])
    return bool(_PROBLEM_TITLE.search(title)) or node.label.kind == nb.WENTI


def is_container(node: RawNode) -> bool:
    """A part that only groups aspects ("一、巡察发现的主要问题" over （一）…方面)."""
    if not node.children or is_aspect(node):
        return False
    title = match_view(ms.clean_title(ms.split_lead(node.head)[0]))
    return any(is_aspect(c) for c in node.children) or (
        bool(_CONTAINER_PART.search(title))
        and not title.startswith(("针对", "关于", "对于"))
        and all(c.children for c in node.children)
    )


def heads_restart(roots: list[RawNode], i: int) -> bool:
    """A part like "二、整改落实情况" before "一、关于…方面的问题": the numbering restarts."""
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


def doc_is_feedback(title: str | None, preamble: str, body: list[Para] | None = None) -> bool:
    """The inspecting body's feedback, not the unit's progress notice: by its wording, and
    where the wording says neither, by its structure (problems with no measures under them)."""
    verdict = _by_wording(title, preamble)
    if verdict is not None:
        return verdict
    return body is not None and problems_only(build_tree(body)[0])


def _by_wording(title: str | None, preamble: str) -> bool | None:
    t = match_view(title or "")
    if (_FEEDBACK_LIST.search(t) and "整改" not in t) or _FEEDBACK_DEMAND.search(t):
        return True
    if _RECTIFY_TITLE.search(t):
        return False
    if _FEEDBACK_TITLE.search(t):
        return True
    view = match_view(preamble)
    if _RECTIFY_WORDS.search(view):
        return False
    return True if _FEEDBACK_WORDS.search(view) else None


# What only a unit's own report holds: measures (一是…, 整改措施：) and work done (已完成…).
_DONE = re.compile(
    r"已(?:完成|整改|建立|制定|召开|清理|追回|收回|修订|开展|印发|出台|对|按|将|全部|新|组织)|"
    r"整改(?:措施|情况|进展|成效|结果)|立行立改|长期坚持|正在推进|持续推进"
)


def problems_only(roots: list[RawNode]) -> bool:
    """A tree of two or more findings that state shortcomings, with no measure or work done."""
    nodes = [n for r in roots for n in r.walk()]
    if len(nodes) < 2:
        return False
    texts = [match_view(n.all_text()) for n in nodes]
    if any(_SHI.search(t) or ms.MARKER.search(t) or _DONE.search(t) for t in texts):
        return False
    return 2 * sum(1 for t in texts if problem_like(t)) >= len(texts)
