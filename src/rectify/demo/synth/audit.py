"""The audit entries of the synthetic histories: one per transition, as the workflow writes
them, chained in time order after whatever the trail already holds — keyed and sealed by the
audit app's own functions (`audit.append.chain_append_start`, `audit.chain.seal`), so they
are exactly what `audit_log` would have written and `rectify audit verify` finds them intact."""

from rectify.audit.append import chain_append_start
from rectify.audit.chain import seal
from rectify.audit.keys import audit_key
from rectify.audit.models import AuditEntry

from .bulk import Table

COLUMNS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "code",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "ip_address",
    "prev_hash",
    "hash",
    "macs",
)


def audit_chain_write(transitions: list[tuple], names: dict[int, str]) -> int:
    """Write (at, actor, code, measure, before, after) rows as chained entries; return how many."""
    table = Table(AuditEntry, ["id", *COLUMNS], json_columns=("before", "after", "macs"))
    if not transitions:
        return 0
    key = audit_key()
    seq, prev = chain_append_start(key)
    transitions.sort()
    rows = []
    for at, actor, code, measure, before, after in transitions:
        seq += 1
        entry = AuditEntry(
            seq=seq,
            at=at,
            actor_id=actor,
            actor_name=names[actor][:150],
            code=code,
            object_type="measures.measure",
            object_id=str(measure),
            object_repr=f"措施 {measure}",
            before={"status": before},
            after={"status": after},
            note="",
            ip_address=None,
            prev_hash=prev,
        )
        seal(entry, key)
        rows.append((table.ids(1)[0], *(getattr(entry, name) for name in COLUMNS)))
        prev = entry.hash
        if len(rows) >= 20000:
            table.insert(rows)
            rows = []
    table.insert(rows)
    return table.count
