"""Human-readable indented tree of a ParsedNotice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rectify.parsing.enums import SectionRole

if TYPE_CHECKING:
    from rectify.parsing.model import ParsedFinding, ParsedNotice


_TAGS = {
    SectionRole.FINDINGS: "[问题部分]",
    SectionRole.PREAMBLE: "[导语]",
    SectionRole.CLOSING: "[结尾]",
    SectionRole.RECOMMENDATIONS: "[意见建议]",
}


def _short(text: str, n: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= n else text[: n - 1] + "…"


def _count(f: ParsedFinding) -> int:
    return len(f.measures) + sum(_count(c) for c in f.children)


def render_outline(notice: ParsedNotice) -> str:
    lines = [notice.title or "（无标题）"]
    lines.append(
        f"  发文单位: {notice.issuer or '-'}  日期: {notice.date or '-'}  类型: {notice.doc_kind}"
    )
    i = notice.inspection
    if i.team or i.target:
        lines.append(
            f"  {i.team or '?'} → {i.target or '?'}  {i.start or '?'} 至 {i.end or '?'}，"
            f"反馈 {i.feedback_date or '?'}"
        )
    for s in notice.sections:
        indent = "    " if s.parent else "  "
        tag = _TAGS.get(s.role, "[章节]")
        lines.append(f"{indent}{tag} {s.label or ''} {_short(s.title or s.text)}".rstrip())

    def walk(f: ParsedFinding, depth: int) -> None:
        label = f.label or "·"
        extra = "" if f.numbered else " (无编号)"
        lines.append(f"{'  ' * depth}{label} {_short(f.title)}{extra} [{_count(f)} 条措施]")
        for c in f.children:
            walk(c, depth + 1)

    lines.append("  问题树:")
    for f in notice.findings:
        walk(f, 2)
    t = notice.totals()
    lines.append(
        f"  合计: {t['aspects']} 个方面, {t['problems']} 个问题, {t['items']} 个子项, "
        f"{t['findings_with_measures']} 个有措施的问题, {t['measures']} 条措施"
    )
    if notice.warnings:
        lines.append("  警告:")
        for w in notice.warnings:
            where = "/".join(w.finding_path or []) or "-"
            lines.append(f"    ! {w.code} [{where}] {w.message}")
    return "\n".join(lines)
