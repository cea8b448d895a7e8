"""Signing and encrypting backup archives.

Signing: `manifest.sig` holds an HMAC-SHA256 of `manifest.json` (which holds the SHA-256 of
every other member) under the backup key — `RECTIFY_BACKUP_KEY` from the environment, else
a key generated once under the data directory with mode 0600. Restoring on another machine
needs the same key (or `--trust-unsigned` after checking the archive by other means).

Encryption (`rectify backup --encrypt`): the whole .tar.gz, in chunks of 1 MiB, each sealed
with AES-256-GCM under a key derived from `RECTIFY_BACKUP_ENCRYPTION_KEY`; the nonce carries
the chunk's number and whether it is the last, and every chunk authenticates the header, so
chunks cannot be dropped, reordered or cut off unseen. Both directions stream: an archive
of any size needs one chunk of memory.
"""

import hashlib
import hmac
import io
import json
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from .errors import ValidationFailed
from .keys import derive, key_id, key_material

MAGIC = b"RECTIFY-BACKUP-ENC1\n"
CHUNK = 1 << 20
_LEN = struct.Struct(">I")


def signing_key() -> bytes:
    return key_material(
        env_value=settings.RECTIFY_BACKUP_KEY,
        env_name="RECTIFY_BACKUP_KEY",
        path=settings.RECTIFY_BACKUP_KEY_FILE,
    )


def manifest_signature(manifest: bytes) -> bytes:
    key = signing_key()
    mac = hmac.new(derive(key, "backup-manifest"), manifest, hashlib.sha256).hexdigest()
    return json.dumps({"alg": "hmac-sha256", "key": key_id(key), "sig": mac}).encode()


def check_signature(manifest: bytes, signature: bytes | None) -> None:
    if signature is None:
        raise ValidationFailed(
            "备份未签名，拒绝恢复（确认来源后可用 --trust-unsigned）/ the backup is not signed; "
            "restore refused (use --trust-unsigned once you have checked where it came from)"
        )
    key = signing_key()
    try:
        claimed = json.loads(signature)
        given = str(claimed["sig"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationFailed("备份签名无法读取 / the backup's signature is unreadable") from exc
    expected = hmac.new(derive(key, "backup-manifest"), manifest, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(given, expected):
        raise ValidationFailed(
            "备份签名无效：内容被改动或密钥不同（签名密钥 %(theirs)s，本机 %(ours)s）/ "
            "the backup's signature is invalid: its content was changed or it was signed with "
            "another key (signed with %(theirs)s, this machine has %(ours)s)",
            theirs=str(claimed.get("key", "?")),
            ours=key_id(key),
        )


def encryption_key() -> tuple[bytes, str]:
    raw = settings.RECTIFY_BACKUP_ENCRYPTION_KEY
    if not raw:
        raise ValidationFailed(
            "未设置 RECTIFY_BACKUP_ENCRYPTION_KEY / RECTIFY_BACKUP_ENCRYPTION_KEY is not set: "
            "encrypted backups need it (e.g. `openssl rand -base64 32`)"
        )
    material = key_material(env_value=raw, env_name="RECTIFY_BACKUP_ENCRYPTION_KEY", path=None)
    return derive(material, "backup-encryption"), key_id(material)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + struct.pack(">IB", counter, 1 if last else 0)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that seals what it is given, chunk by chunk, into `out`."""

    def __init__(self, out):
        super().__init__()
        key, kid = encryption_key()
        self._aead, self._out, self._buffer, self._counter = AESGCM(key), out, bytearray(), 0
        self._prefix = os.urandom(7)
        header = json.dumps({"alg": "aes-256-gcm", "chunk": CHUNK, "key": kid}).encode()
        self._aad = MAGIC + self._prefix + header
        out.write(MAGIC + _LEN.pack(len(header)) + header + self._prefix)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._prefix, self._counter, last), plain, self._aad)
        self._out.write(_LEN.pack(len(sealed)) + sealed)
        self._counter += 1

    def finish(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()


class DecryptingReader(io.RawIOBase):
    """A read-only stream over an encrypted archive; refuses any chunk changed, moved or
    missing, and an archive cut short."""

    def __init__(self, source):
        super().__init__()
        if source.read(len(MAGIC)) != MAGIC:
            raise ValidationFailed("不是加密备份 / not an encrypted backup")
        (size,) = _LEN.unpack(self._exact(source, _LEN.size))
        header = self._exact(source, size)
        self._prefix = self._exact(source, 7)
        key, kid = encryption_key()
        if json.loads(header).get("key") != kid:
            raise ValidationFailed(
                "备份加密密钥不符 / the backup was encrypted with another key (%(k)s)",
                k=str(json.loads(header).get("key")),
            )
        self._aead, self._source, self._aad = AESGCM(key), source, MAGIC + self._prefix + header
        self._plain, self._pos, self._counter, self._done = b"", 0, 0, False

    @staticmethod
    def _exact(source, n: int) -> bytes:
        data: bytes = source.read(n)
        if len(data) != n:
            raise ValidationFailed("加密备份不完整 / the encrypted backup is cut short")
        return data

    def readable(self) -> bool:
        return True

    def _next(self) -> None:
        head = self._source.read(_LEN.size)
        if not head:
            raise ValidationFailed("加密备份不完整 / the encrypted backup is cut short")
        sealed = self._exact(self._source, _LEN.unpack(head)[0])
        for last in (False, True):
            try:
                nonce = _nonce(self._prefix, self._counter, last)
                self._plain = self._aead.decrypt(nonce, sealed, self._aad)
            except InvalidTag:
                continue
            self._counter, self._done = self._counter + 1, last
            return
        raise ValidationFailed("加密备份被改动 / the encrypted backup was altered")

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if self._pos >= len(self._plain):
                if self._done:
                    break
                self._next()
                self._pos = 0
                continue
            end = len(self._plain) if size < 0 else self._pos + size - len(out)
            out += self._plain[self._pos : end]
            self._pos = min(end, len(self._plain))
        return bytes(out)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
