"""Numbered lines under a problem that are its measures (1.修订… 2.开展…), not sub-problems."""

from __future__ import annotations

import re

from rectify.lib import numbering as nb
from rectify.lib.text import match_view
from rectify.parsing import measures as ms
from rectify.parsing.context import MEASURES, Ctx, check_sequence
from rectify.parsing.fields import is_field
from rectify.parsing.model import Para, ParsedMeasure
from rectify.parsing.tree import ASPECT_TITLE, RawNode, is_problem

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
# When or how the measure is done, written before the action: "立行立改，对…", "2024年6月底前完成…"
_WHEN_LEAD = re.compile(
    r"^(?:立行立改|长期坚持|持续推进|(?:\d{4}年)?\d{1,2}月(?:底|\d{1,2}日)?(?:前|之前)|年底前|年内|"
    r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})(?:个月|个工作日|日|天)内)\s*[，,]?\s*"
)
_LIST_KINDS = (nb.ARABIC, nb.PAREN_ARABIC, nb.RPAREN_ARABIC, nb.CIRCLED_KIND, nb.LETTER)
_LIST_INTRO = re.compile(r"(?:措施|举措|情况|进展|如下)\s*[:：]\s*$")


def listed_measures(
    node: RawNode, path: list[str], ctx: Ctx
) -> tuple[list[ParsedMeasure], list[Para]] | None:
    """The measures listed under ``node``, or None when its children are findings.

    "（一）针对…的问题 ¶ 整改措施： ¶ 1.修订… ¶ 2.开展…" (or （1）…, ①…): leaves that do not
    read as problems and carry no measures of their own. Returns the measures and the
    labelled lines (责任单位：…) found among them, which belong to the problem.
    """
    kids = node.children
    if not ctx.rectification or not kids:
        return None
    if len({c.label.kind for c in kids}) != 1 or kids[0].label.kind not in _LIST_KINDS:
        return None
    intro = node.paras[-1].text if node.paras else node.head
    says = bool(_LIST_INTRO.search(match_view(intro)))
    single = len(kids) == 1 and kids[0].label.kind == nb.PAREN_ARABIC  # "（1）…" alone
    if not says and not single and (len(kids) < 2 or not is_problem(node)):
        return None
    measures: list[ParsedMeasure] = []
    fields: list[Para] = []
    for c in kids:
        measure = _as_measure(c)
        if measure is None:
            return None
        measures.append(measure)
        fields += [p for p in c.paras if is_field(p.text)]
    check_sequence(
        [c.label.ordinal for c in kids], [m.label or "" for m in measures], path, MEASURES, ctx
    )
    return measures, fields


def _as_measure(c: RawNode) -> ParsedMeasure | None:
    """A numbered line as a measure; None when it reads as a (sub-)problem."""
    if c.children:
        return None
    first, more = ms.split_lead(c.head)
    lead = match_view(ms.clean_title(first))
    if ms.LEAD_LIKE.search(lead) or ASPECT_TITLE.search(lead):
        return None
    action = _ACTION_START.match(_WHEN_LEAD.sub("", lead))
    if _PROBLEMISH.search(lead) and (more or not action):
        return None  # a sub-problem, perhaps with a plain measure after it
    own = [p for p in c.paras if not is_field(p.text)]
    for t in [c.head, *(p.text for p in own)]:
        if ms.find_chain(t) or ms.MARKER.search(match_view(t)):
            return None
    text = "".join([c.head, *(p.text for p in own)]).strip(" ；;，,")
    return ParsedMeasure(c.label.canonical, text)
