"""Walk the audit chain and name what was done to it.

`Walk` takes the entries in seq order, keeps only what is odd, and `finish()` names each
tampering: an entry edited (and which field: the time, the actor …), hashes recomputed after
an edit, entries removed, renumbered or swapped, forged entries inserted, appended or put in
place of deleted ones, and — against the latest checkpoint written outside the database —
the newest entries deleted, or all of them.
"""

from dataclasses import dataclass, field

from .chain import GENESIS, Inspection, entry_hash, entry_mac, inspect, same

FIELD_NAMES = {
    "at": "时间 time",
    "actor": "操作人 actor",
    "actor_name": "操作人姓名 actor name",
    "code": "事项 code",
    "object_type": "对象类型 object type",
    "object_id": "对象 object id",
    "object_repr": "对象名称 object",
    "before": "修改前 before",
    "after": "修改后 after",
    "note": "说明 note",
    "ip": "IP",
}


@dataclass
class Problem:
    seq: int
    pk: int | None
    kind: str
    message: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Anchor:
    """The chain head as a checkpoint outside the database recorded it."""

    seq: int
    hash: str
    at: str
    keyed_from: int | None = None


@dataclass
class Odd:
    seq: int
    pk: int | None
    code: str
    status: str  # forged | altered | recomputed | renumbered
    found: Inspection


def span(first: int, last: int) -> str:
    return f"#{first}" if first == last else f"#{first}–#{last}"


def runs(numbers) -> list[tuple[int, int]]:
    """Consecutive runs of sorted numbers: [1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    out: list[tuple[int, int]] = []
    for n in sorted(numbers):
        if out and n == out[-1][1] + 1:
            out[-1] = (out[-1][0], n)
        else:
            out.append((n, n))
    return out


@dataclass
class Walk:
    start_seq: int = 0
    start_hash: str = GENESIS
    key: bytes | None = None
    keyed_from: int | None = None
    anchor: Anchor | None = None
    count: int = 0
    problems: list[Problem] = field(default_factory=list)
    odd: list[Odd] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[tuple[int, int | None, int | None]] = field(default_factory=list)
    max_written: int = 0
    last_genuine: int = 0
    anchor_entry: tuple[str, str] | None = None  # (hash, status) of the entry the anchor names

    def __post_init__(self):
        self._seq, self._prev, self._prev_odd = self.start_seq, self.start_hash, False

    def feed(self, entry) -> None:
        self.count += 1
        if entry.seq != self._seq + 1:
            self.gaps.append((self._seq + 1, entry.seq - 1))
        linked = same(entry.prev_hash, self._prev)
        keyed = bool(entry.macs) or (self.keyed_from is not None and entry.seq >= self.keyed_from)
        status = self._keyed(entry) if keyed and self.key else self._plain(entry, keyed)
        if not linked and status == "ok" and not self._prev_odd:
            self.breaks.append((entry.seq, entry.pk, self.gaps[-1][1] if self.gaps else None))
        self._track(entry, status)
        self._seq, self._prev, self._prev_odd = entry.seq, entry.hash, status != "ok"

    def _plain(self, entry, keyed: bool) -> str:
        if keyed or same(entry_hash(entry), entry.hash):
            return "ok"  # keyed entries without a key: the key problem is reported once
        self.problems.append(
            Problem(
                entry.seq,
                entry.pk,
                "altered",
                f"记录 #{entry.seq}（id {entry.pk}, {entry.code}）内容被修改 / entry "
                f"#{entry.seq} (id {entry.pk}, {entry.code}) was altered",
            )
        )
        return "altered"

    def _keyed(self, entry) -> str:
        assert self.key is not None
        if self.keyed_from is not None and entry.seq < self.keyed_from and entry.macs:
            self.problems.append(
                Problem(
                    entry.seq,
                    entry.pk,
                    "marker",
                    f"记录 #{entry.seq} 带密钥签名却位于起点 #{self.keyed_from} 之前 / entry "
                    f"#{entry.seq} is keyed but precedes the marked start #{self.keyed_from}: "
                    "the marker was moved",
                )
            )
        if same(entry_mac(entry, self.key), entry.hash):
            return "ok"
        found = inspect(entry, self.key)
        if found.forged:
            status = "forged"
        elif found.renumbered:
            status = "renumbered"
        else:
            status = "altered" if found.fields else "recomputed"
        self.odd.append(Odd(entry.seq, entry.pk, entry.code, status, found))
        return status

    def _track(self, entry, status: str) -> None:
        if status == "forged":
            return
        written = entry.seq
        for odd in self.odd[-1:]:
            if odd.seq == entry.seq and odd.found.written_as:
                written = odd.found.written_as
        self.max_written = max(self.max_written, written)
        self.last_genuine = entry.seq
        if self.anchor and written == self.anchor.seq:
            self.anchor_entry = (entry.hash, status)
