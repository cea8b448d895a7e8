"""The audit entries of the synthetic histories: one per transition, as the workflow writes
them, hash-chained in time order after whatever the trail already holds."""

from rectify.audit.chain import GENESIS, entry_hash
from rectify.audit.models import AuditEntry

from .bulk import Table


def audit_chain_write(transitions: list[tuple], names: dict[int, str]) -> int:
    """Write (at, actor, code, measure, before, after) rows as chained entries; return how many."""
    table = Table(AuditEntry, ["id", *_Entry.FIELDS, "hash"], json_columns=("before", "after"))
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev = head or (0, GENESIS)
    transitions.sort()
    rows = []
    for at, actor, code, measure, before, after in transitions:
        seq += 1
        entry = _Entry(
            seq,
            at,
            actor,
            names[actor][:150],
            code,
            "measures.measure",
            str(measure),
            f"措施 {measure}",
            {"status": before},
            {"status": after},
            "",
            None,
            prev,
        )
        entry.hash = entry_hash(entry)
        rows.append((table.ids(1)[0], *entry.values()))
        prev = entry.hash
        if len(rows) >= 20000:
            table.insert(rows)
            rows = []
    table.insert(rows)
    return table.count


class _Entry:
    """What `audit.chain.entry_hash` reads of an entry."""

    FIELDS = (
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
    )

    def __init__(self, *values):
        for name, value in zip(self.FIELDS, values, strict=True):
            setattr(self, name, value)
        self.hash = ""

    def values(self) -> tuple:
        return (*(getattr(self, name) for name in self.FIELDS), self.hash)
