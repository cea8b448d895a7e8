"""Reports read from a read replica (a streaming standby of PostgreSQL) when one is set.

    DATABASE_REPLICA_URL=postgres://rectify_ro:…@replica:5432/rectify

makes the `replica` database alias and turns `RECTIFY_REPLICA_READS` on. Code that only reads
for a report — the Excel ledger made by the worker, `rectify stats` — wraps its reads in
`with replica_reads():`; the router then sends them to the replica. Everything else, every
write, and every read inside a transaction on the primary (read-your-writes) stays on
`default`. A replica lags by its replication delay: nothing that must see a write just made
reads through it.
"""

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
_reading = contextvars.ContextVar("rectify_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may go to the replica (when one is configured)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    """`DATABASE_ROUTERS` entry: report reads to the replica, the rest to the primary."""

    def db_for_read(self, model, **hints) -> str | None:
        if (
            _reading.get()
            and getattr(settings, "RECTIFY_REPLICA_READS", False)
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        both = {obj1._state.db, obj2._state.db}
        return True if both <= {DEFAULT_DB_ALIAS, REPLICA} else None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db != REPLICA  # the replica gets its schema from the primary
