"""Name the tamperings a `verify.Walk` found, one problem per act, in Chinese and English."""

from .chain import same
from .verify import FIELD_NAMES, Odd, Problem, Walk, runs, span


def name_all(walk: Walk) -> list[Problem]:
    """The walk's own problems, then each tampering named, in chain order."""
    named = (
        _forged(walk)
        + _renumbered(walk)
        + _removed(walk)
        + _rewritten(walk)
        + _altered(walk)
        + _against_anchor(walk)
        + _breaks(walk)
    )
    return walk.problems + sorted(named, key=lambda p: p.seq)


def _of(walk: Walk, status: str) -> list[Odd]:
    return [odd for odd in walk.odd if odd.status == status]


def _forged(walk: Walk) -> list[Problem]:
    forged = _of(walk, "forged")
    anchor = walk.anchor
    inside = [o.seq for o in forged if o.seq < walk.last_genuine]
    replaced = [
        o.seq for o in forged if o.seq > walk.last_genuine and anchor and o.seq <= anchor.seq
    ]
    appended = [o.seq for o in forged if o.seq > walk.last_genuine and o.seq not in replaced]
    out = [
        Problem(
            a,
            None,
            "inserted",
            f"记录 {span(a, b)} 系伪造，被插入链中 / entries {span(a, b)} were not written by "
            "Rectify: forged entries inserted into the chain",
        )
        for a, b in runs(inside)
    ]
    if replaced and anchor:
        a, b = replaced[0], replaced[-1]
        out.append(
            Problem(
                a,
                None,
                "replaced",
                f"最新记录 {span(walk.max_written + 1, anchor.seq)} 被删除，并以伪造记录 "
                f"{span(a, b)} 顶替（检查点 {anchor.at}）/ the newest entries "
                f"{span(walk.max_written + 1, anchor.seq)} were deleted and forged entries "
                f"{span(a, b)} put in their place (checkpoint of {anchor.at})",
            )
        )
    out += [
        Problem(
            a,
            None,
            "appended",
            f"记录 {span(a, b)} 系伪造，被追加在链尾 / entries {span(a, b)} were appended by "
            "someone without the audit key (forged, hash recomputed)",
        )
        for a, b in runs(appended)
    ]
    return out


def _renumbered(walk: Walk) -> list[Problem]:
    moved = {o.seq: o for o in _of(walk, "renumbered")}
    out, done = [], set()
    for seq, odd in sorted(moved.items()):
        other = moved.get(odd.found.written_as or 0)
        if other and other.found.written_as == seq and seq not in done:
            done |= {seq, other.seq}
            out.append(
                Problem(
                    seq,
                    odd.pk,
                    "swapped",
                    f"记录 #{seq} 与 #{other.seq} 的序号被互换 / entries #{seq} and "
                    f"#{other.seq} swapped their sequence numbers",
                )
            )
    by_offset: dict[int | None, list[int]] = {}
    for seq, odd in moved.items():
        if seq not in done:
            offset = odd.found.written_as - seq if odd.found.written_as else None
            by_offset.setdefault(offset, []).append(seq)
    for offset, seqs in by_offset.items():
        for a, b in runs(seqs):
            was = f"#{a + offset}–#{b + offset}" if offset is not None else "?"
            out.append(
                Problem(
                    a,
                    moved[a].pk,
                    "renumbered",
                    f"记录 {span(a, b)} 的序号被改（原为 {was}）/ entries {span(a, b)} were "
                    f"renumbered (written as {was})",
                )
            )
    return out


def _subtract(intervals: list[tuple[int, int]], points: set[int]) -> list[tuple[int, int]]:
    out = []
    for a, b in intervals:
        inside = sorted(p for p in points if a <= p <= b)
        for p in inside:
            if a < p:
                out.append((a, p - 1))
            a = p + 1
        if a <= b:
            out.append((a, b))
    return out


def _removed(walk: Walk) -> list[Problem]:
    """Sequence numbers that were written but are no longer there, below the newest kept one."""
    taken = [o.seq for o in walk.odd if o.status in ("forged", "renumbered")]
    intervals = walk.gaps + [(s, s) for s in taken]
    intervals = [(a, min(b, walk.max_written)) for a, b in intervals if a <= walk.max_written]
    kept = {o.found.written_as for o in _of(walk, "renumbered") if o.found.written_as}
    missing = _subtract(sorted(intervals), kept)
    merged: list[tuple[int, int]] = []
    for a, b in missing:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return [
        Problem(
            a,
            None,
            "removed",
            f"记录 {span(a, b)} 缺失（被删除）/ entries {span(a, b)} are missing (removed)",
        )
        for a, b in merged
    ]


def _rewritten(walk: Walk) -> list[Problem]:
    return [
        Problem(
            a,
            None,
            "rewritten",
            f"记录 {span(a, b)} 的哈希被重新计算（没有审计密钥）：链在修改或删除后被改写 / the "
            f"hashes of entries {span(a, b)} were recomputed without the audit key: the chain "
            "was rewritten after an edit or a deletion",
        )
        for a, b in runs(o.seq for o in _of(walk, "recomputed"))
    ]


def _altered(walk: Walk) -> list[Problem]:
    out = []
    for odd in walk.odd:
        if odd.status in ("altered", "renumbered") and odd.found.fields:
            fields = tuple(odd.found.fields)
            what = "、".join(FIELD_NAMES[f] for f in fields)
            out.append(
                Problem(
                    odd.seq,
                    odd.pk,
                    "altered",
                    f"记录 #{odd.seq}（id {odd.pk}, {odd.code}）被修改：{what} / entry #{odd.seq} "
                    f"(id {odd.pk}, {odd.code}) was edited: {', '.join(fields)} changed",
                    fields,
                )
            )
    return out


def _against_anchor(walk: Walk) -> list[Problem]:
    anchor = walk.anchor
    if anchor is None or anchor.seq <= walk.start_seq:
        return []
    if walk.count == 0:
        return [
            Problem(
                anchor.seq,
                None,
                "emptied",
                f"审计记录被全部删除：检查点（{anchor.at}）记录到 #{anchor.seq}，数据库中已无记录 "
                f"/ all audit entries were deleted: the checkpoint of {anchor.at} recorded "
                f"#{anchor.seq}, the database holds none",
            )
        ]
    if walk.max_written < anchor.seq:
        if any(o.status == "forged" and o.seq > walk.last_genuine for o in walk.odd):
            return []  # named as replaced
        first, n = walk.max_written + 1, anchor.seq - walk.max_written
        return [
            Problem(
                first,
                None,
                "truncated",
                f"最新的 {n} 条记录 {span(first, anchor.seq)} 被删除（检查点 {anchor.at} 记录到 "
                f"#{anchor.seq}）/ the newest {n} entries {span(first, anchor.seq)} were deleted "
                f"(the checkpoint of {anchor.at} recorded #{anchor.seq})",
            )
        ]
    entry = walk.anchor_entry
    if entry and entry[1] == "ok" and not same(entry[0], anchor.hash):
        return [
            Problem(
                anchor.seq,
                None,
                "replaced",
                f"记录 #{anchor.seq} 与检查点（{anchor.at}）不符：链被替换 / entry "
                f"#{anchor.seq} differs from the checkpoint of {anchor.at}: the chain was "
                "replaced",
            )
        ]
    return []


def _breaks(walk: Walk) -> list[Problem]:
    return [
        Problem(
            seq,
            pk,
            "rewritten",
            f"密钥签名之前的记录被改写：#{seq} 不再衔接 / the entries before the keyed start "
            f"#{seq} were rewritten: #{seq} no longer follows them",
        )
        if seq == walk.keyed_from
        else Problem(
            seq,
            pk,
            "reordered",
            f"记录 #{seq} 与前一条记录不衔接 / entry #{seq} does not follow the previous one "
            "(removed or reordered records)",
        )
        for seq, pk, gap_end in walk.breaks
        if gap_end != seq - 1
    ]
