"""The state of one parse: its warnings, the numbering seen so far, deadlines written as text."""

from __future__ import annotations

from dataclasses import dataclass, field

from rectify.lib import numbering as nb
from rectify.parsing.enums import WarningCode
from rectify.parsing.model import ParseWarning

MEASURES = "措施"  # ``what`` of check_sequence for measure labels; "" for finding labels


@dataclass(slots=True)
class DeadlineText:
    """A deadline as written (整改时限：… or a table cell), dated once the year is known."""

    text: str
    path: list[str]


@dataclass
class Ctx:
    rectification: bool = True
    warnings: list[ParseWarning] = field(default_factory=list)
    last_ordinal: dict[str, int] = field(default_factory=dict)
    field_deadlines: list[DeadlineText] = field(default_factory=list)  # 整改时限：… lines

    def warn(self, code: WarningCode, zh: str, en: str, path: list[str] | None) -> None:
        self.warnings.append(ParseWarning(code, zh, en, list(path) if path is not None else None))


def check_sequence(
    ordinals: list[int], labels: list[str], path: list[str], what: str, ctx: Ctx, kind: str = ""
) -> None:
    """Warn about repeated labels and gaps (一是、二是、四是) in one run of labels."""
    seen: set[int] = set()
    for n, lab in zip(ordinals, labels, strict=True):
        if n in seen:
            ctx.warn(
                WarningCode.REPEATED_LABEL,
                f"{what}编号“{lab}”重复出现",
                f"{(what and 'measure') or 'item'} label '{lab}' is repeated",
                path,
            )
        seen.add(n)
    uniq = sorted(seen)
    first = 1
    if what != MEASURES and uniq and uniq[0] != 1 and ctx.last_ordinal.get(kind) == uniq[0] - 1:
        first = uniq[0]  # numbering continues across parents (问题1…问题5 under several aspects)
    if uniq and kind:
        ctx.last_ordinal[kind] = uniq[-1]
    if uniq and uniq != list(range(first, first + len(uniq))):
        _gap(sorted(set(range(first, max(uniq) + 1)) - seen), labels, path, what, ctx)


def _gap(missing: list[int], labels: list[str], path: list[str], what: str, ctx: Ctx) -> None:
    if what == MEASURES:
        gap = "、".join(nb.canonical_label(nb.SHI, x) for x in missing) or "?"
    else:
        gap = "、".join(str(x) for x in missing) or "?"
    ctx.warn(
        WarningCode.NUMBERING_GAP,
        f"{what}编号不连续（{'、'.join(labels)}），缺少{gap}",
        f"{'measure' if what == MEASURES else 'item'} numbering has a gap "
        f"({', '.join(labels)}); missing {gap}",
        path,
    )
