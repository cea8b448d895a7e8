"""Labelled lines of text-form rectification lists: 责任单位：… 整改时限：… 整改进度：已完成."""

from __future__ import annotations

import re

from rectify.lib.text import match_view
from rectify.parsing.context import Ctx, DeadlineText
from rectify.parsing.model import ParsedFinding

_FIELD = re.compile(
    r"^\s*(?P<key>整改进度|整改进展|整改情况|进展情况|完成情况|整改状态|完成状态|整改成效|整改效果|整改目标|"
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
_STATUS_KEYS = frozenset(
    ["整改进度", "整改进展", "整改情况", "进展情况", "完成情况", "整改状态", "完成状态"]
)
_STATUS_VALUE = re.compile(
    r"^(?:已完成(?:整改)?|已整改(?:到位)?|已办结|已销号|正在(?:整改|推进|落实|办理)|"
    r"持续(?:整改|推进|落实)|长期坚持|基本完成|未完成|尚未完成|整改中|推进中|"
    r"按序时推进|(?:已)?达到序时进度|全部完成|完成)(?:\s*$|[，,。；;（(])"
)


def is_field(text: str) -> re.Match[str] | None:
    return _FIELD.match(match_view(text)) if "：" in text or ":" in text else None


def read_field(
    ctx: Ctx, f: ParsedFinding, text: str, m: re.Match[str], body: list[str]
) -> str | None:
    """Put a labelled line's value on the finding (owner, deadline, progress) or in ``body``.

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
        ctx.field_deadlines.append(DeadlineText(f.deadline, list(f.path)))
    elif key in _STATUS_KEYS:
        status = _STATUS_VALUE.match(match_view(value))
        if not status:
            return None
        f.progress = value[: status.end()].strip(" ，,。；;（(")
        return value[status.end() :].strip(" ，,。；;")
    else:
        body.append(text.strip())
    return ""
