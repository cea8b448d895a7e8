"""The hash chain over audit entries: canonical content, hashing, verification."""

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(entry) -> bytes:
    """The hashed content of an entry: every field but `hash`, in a fixed JSON form."""
    data = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "code": entry.code,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "note": entry.note,
        "ip": entry.ip_address,
        "prev": entry.prev_hash,
    }
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def entry_hash(entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


@dataclass
class Problem:
    seq: int
    pk: int | None
    kind: str  # altered | removed | reordered
    message: str


def verify(entries, *, start_seq: int = 0, start_hash: str = GENESIS) -> list[Problem]:
    """Walk entries in seq order; report the first break of each kind it meets."""
    problems: list[Problem] = []
    expected_seq, prev = start_seq + 1, start_hash
    for entry in entries:
        if entry.seq != expected_seq:
            problems.append(
                Problem(
                    expected_seq,
                    None,
                    "removed",
                    f"记录 #{expected_seq}–#{entry.seq - 1} 缺失 / entries "
                    f"#{expected_seq}–#{entry.seq - 1} are missing (removed)",
                )
            )
        if entry.prev_hash != prev:
            problems.append(
                Problem(
                    entry.seq,
                    entry.pk,
                    "reordered",
                    f"记录 #{entry.seq} 与前一条记录不衔接 / entry #{entry.seq} does not follow "
                    "the previous one (removed or reordered records)",
                )
            )
        if entry_hash(entry) != entry.hash:
            problems.append(
                Problem(
                    entry.seq,
                    entry.pk,
                    "altered",
                    f"记录 #{entry.seq}（id {entry.pk}, {entry.code}）内容被修改 / entry "
                    f"#{entry.seq} (id {entry.pk}, {entry.code}) was altered",
                )
            )
        expected_seq, prev = entry.seq + 1, entry.hash
    return problems
