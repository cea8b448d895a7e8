"""The hash chain over audit entries: canonical content, hashing and keyed MACs.

Entries written before the chain was keyed carry `hash = SHA-256(canonical)`. From the marked
entry on (`AuditChain.keyed_from`) `hash = HMAC-SHA256(entry key, canonical)`, and `macs`
holds a nonce and a short HMAC of each field, so that verification can tell which field was
changed, or which sequence number an entry was written with. Both cover `prev`, the previous
entry's hash, so the first keyed entry also seals every plain entry before it.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, field

from rectify.core.keys import derive

GENESIS = "0" * 64
# The fields with a MAC of their own, in the order problems name them.
FIELDS = (
    "seq",
    "at",
    "actor",
    "actor_name",
    "code",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
    "ip",
)
CONTENT = FIELDS[1:]
FIELD_MAC_HEX = 16


def values(entry) -> dict:
    return {
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
    }


def _dump(data) -> bytes:
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def canonical(entry) -> bytes:
    """The hashed content of an entry: every field but `hash`, in a fixed JSON form."""
    return _dump(values(entry) | {"prev": entry.prev_hash})


def entry_hash(entry) -> str:
    """The plain SHA-256 of an entry written before the chain was keyed."""
    return hashlib.sha256(canonical(entry)).hexdigest()


def entry_mac(entry, key: bytes) -> str:
    return hmac.new(derive(key, "audit-entry"), canonical(entry), hashlib.sha256).hexdigest()


def _field_mac(field_key: bytes, nonce: str, name: str, value) -> str:
    message = nonce.encode() + b"\0" + name.encode() + b"\0" + _dump(value)
    return hmac.new(field_key, message, hashlib.sha256).hexdigest()[:FIELD_MAC_HEX]


def field_macs(entry, key: bytes) -> dict[str, str]:
    field_key, nonce = derive(key, "audit-field"), secrets.token_hex(8)
    own = values(entry)
    return {"n": nonce} | {name: _field_mac(field_key, nonce, name, own[name]) for name in FIELDS}


def seal(entry, key: bytes) -> None:
    """Give a new entry its field MACs and its keyed hash."""
    entry.macs = field_macs(entry, key)
    entry.hash = entry_mac(entry, key)


@dataclass
class Inspection:
    """What the field MACs of an entry whose hash does not verify say about it."""

    forged: bool = False
    fields: list[str] = field(default_factory=list)  # content fields that were changed
    written_as: int | None = None  # the seq it was written with, when that changed
    renumbered: bool = False


def inspect(entry, key: bytes, *, search: int = 1000) -> Inspection:
    macs = entry.macs if isinstance(entry.macs, dict) else {}
    nonce = macs.get("n")
    if not isinstance(nonce, str) or any(name not in macs for name in FIELDS):
        return Inspection(forged=True)
    field_key, own = derive(key, "audit-field"), values(entry)
    changed = [n for n in CONTENT if _field_mac(field_key, nonce, n, own[n]) != macs[n]]
    if len(changed) * 2 > len(CONTENT):
        return Inspection(forged=True, fields=changed)
    if _field_mac(field_key, nonce, "seq", entry.seq) == macs["seq"]:
        return Inspection(fields=changed)
    for distance in range(1, search + 1):
        for candidate in (entry.seq - distance, entry.seq + distance):
            if candidate > 0 and _field_mac(field_key, nonce, "seq", candidate) == macs["seq"]:
                return Inspection(fields=changed, written_as=candidate, renumbered=True)
    return Inspection(fields=changed, renumbered=True)


def chain_mac(key: bytes, *, database_id, keyed_from: int, key_id: str, started_at) -> str:
    message = f"{database_id}|{keyed_from}|{key_id}|{started_at.isoformat()}".encode()
    return hmac.new(derive(key, "audit-chain"), message, hashlib.sha256).hexdigest()


def retention_mac(key: bytes, *, seq: int, hash: str) -> str:
    message = f"{seq}|{hash}".encode()
    return hmac.new(derive(key, "audit-retention"), message, hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
