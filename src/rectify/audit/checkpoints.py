"""Signed checkpoints of the audit chain's head, kept outside the database.

A checkpoint is one JSON line — the database's identity (`AuditChain.database_id` and where
it lives), the head's seq and hash, where the keyed chain starts, the time and what wrote it —
signed with HMAC-SHA256 under the audit key, appended to `RECTIFY_AUDIT_CHECKPOINT_FILE`
(and sent to syslog when `RECTIFY_AUDIT_SYSLOG` is set). One is written at the end of every
request, command and job that wrote audit entries (`flush`), every hour (`rectify worker`),
after a restore and by `rectify audit checkpoint`. `rectify audit verify` compares the chain
with the latest checkpoint of its database, so deleting the newest entries, or all of them,
is named. Someone who can rewrite the database but not this file nor read the key cannot
hide it.
"""

import fcntl
import hashlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Iterator
from logging.handlers import SysLogHandler
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from rectify.core.keys import derive, key_id

from .keys import audit_key
from .models import AuditChain, AuditCheckpoint, AuditEntry
from .verify import Anchor

logger = logging.getLogger(__name__)
_local = threading.local()
_last_written: dict[str, tuple[int, str]] = {}


def database_where() -> str:
    """Where this database lives, without credentials (a second identity for the file)."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:{Path(str(conf['NAME'])).resolve() if conf['NAME'] else ''}"
    return f"{connection.vendor}://{conf.get('HOST') or ''}:{conf.get('PORT') or ''}/{conf['NAME']}"


def _signature(record: dict, key: bytes) -> str:
    body = json.dumps(
        {k: v for k, v in record.items() if k != "sig"}, sort_keys=True, separators=(",", ":")
    )
    return hmac.new(derive(key, "audit-checkpoint"), body.encode(), hashlib.sha256).hexdigest()


def mark_written() -> None:
    """Audit entries were committed: the end of this request, command or job anchors them."""
    _local.dirty = True


def flush(event: str) -> dict | None:
    """Write a checkpoint when audit entries were committed since the last flush. Never raises:
    the entries are committed already; a failure is logged for the operator."""
    if not getattr(_local, "dirty", False):
        return None
    _local.dirty = False
    try:
        return checkpoint_write(event=event, skip_unchanged=True)
    except Exception:
        logger.exception("audit checkpoint could not be written")
        return None


def checkpoint_write(*, event: str, skip_unchanged: bool = False) -> dict | None:
    """Append a signed checkpoint of the current head; None when there is no keyed chain yet
    (nothing to anchor) or, with `skip_unchanged`, when this process wrote the same head."""
    chain = AuditChain.objects.first()
    if chain is None:
        return None
    head = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, head_hash = head or (chain.keyed_from - 1, "")
    ident = str(chain.database_id)
    if skip_unchanged and _last_written.get(ident) == (seq, head_hash):
        return None
    if event != "restore" and not _continues_latest(ident):
        return None
    key = audit_key()
    record = {
        "v": 1,
        "database": ident,
        "where": database_where(),
        "seq": seq,
        "hash": head_hash,
        "keyed_from": chain.keyed_from,
        "at": timezone.now().isoformat(timespec="seconds"),
        "event": event,
        "key": key_id(key),
    }
    record["sig"] = _signature(record, key)
    _append(json.dumps(record, sort_keys=True, separators=(",", ":")))
    _last_written[ident] = (seq, head_hash)
    return record


def _continues_latest(ident: str) -> bool:
    """The head still holds the previous checkpoint's entry. When it does not (entries were
    deleted or replaced), no checkpoint is written, so the last good one keeps witnessing
    what was there, and `rectify audit verify` names it; only a restore starts afresh."""
    anchor, _ = latest_anchor(database_id=ident, where=database_where())
    if anchor is None or anchor.seq <= _pruned_up_to():
        return True
    kept = AuditEntry.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first()
    if kept is not None and hmac.compare_digest(kept, anchor.hash):
        return True
    logger.error(
        "audit chain: entry #%s of the checkpoint of %s is gone or changed; no new checkpoint "
        "written — run `rectify audit verify`",
        anchor.seq,
        anchor.at,
    )
    return False


def _pruned_up_to() -> int:
    return AuditCheckpoint.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _append(line: str) -> None:
    path = Path(settings.RECTIFY_AUDIT_CHECKPOINT_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        out.write(line + "\n")
        out.flush()
        os.fsync(out.fileno())
    if settings.RECTIFY_AUDIT_SYSLOG:
        _syslog(line)


def _syslog(line: str) -> None:
    target = settings.RECTIFY_AUDIT_SYSLOG
    host, _, port = target.rpartition(":")
    address = target if target.startswith("/") else (host, int(port or 514))
    handler = SysLogHandler(address=address, facility=SysLogHandler.LOG_AUTH)
    try:
        handler.emit(logging.makeLogRecord({"msg": "rectify-audit-checkpoint " + line}))
    finally:
        handler.close()


def _lines_backwards(path: Path, block: int = 1 << 16) -> Iterator[bytes]:
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        position, rest = f.tell(), b""
        while position > 0:
            step = min(block, position)
            position -= step
            f.seek(position)
            chunk = f.read(step) + rest
            lines = chunk.split(b"\n")
            rest = lines.pop(0)
            yield from reversed([line for line in lines if line.strip()])
        if rest.strip():
            yield rest


def latest_anchor(*, database_id: str | None, where: str) -> tuple[Anchor | None, list[str]]:
    """The newest checkpoint of this database that carries a valid signature, and a message
    for each newer line of it that does not (forged, or written under another key)."""
    path = Path(settings.RECTIFY_AUDIT_CHECKPOINT_FILE)
    if not path.exists():
        return None, []
    key, bad = audit_key(), []
    for raw in _lines_backwards(path):
        try:
            record = json.loads(raw)
        except ValueError:
            bad.append(f"检查点文件有损坏的行 / a line of {path} is not a checkpoint: {raw[:60]!r}")
            continue
        ours = (
            record.get("database") == database_id if database_id else record.get("where") == where
        )
        if not ours:
            continue
        if not hmac.compare_digest(str(record.get("sig", "")), _signature(record, key)):
            at, seq = record.get("at"), record.get("seq")
            bad.append(
                f"检查点（{at}，#{seq}）签名无效：伪造或密钥不同 / the checkpoint of {at} "
                f"(#{seq}) has an invalid signature: forged, or written under another audit key"
            )
            continue
        anchor = Anchor(record["seq"], record["hash"], record["at"], record.get("keyed_from"))
        return anchor, bad
    return None, bad
