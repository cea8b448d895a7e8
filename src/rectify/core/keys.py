"""Secret keys kept outside the database: from the environment, or generated once in a file.

`key_material(env_value=…, path=…)` returns the key bytes: the environment's value when it is
set (a deployment keeps it in its secret store), otherwise the content of `path`, created on
first use with 32 random bytes and mode 0600 (development, the demo, offline commands). The
file is made atomically (written aside, then hard-linked into place), so two processes
starting together end up with the same key.
"""

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_ENV_KEY_CHARS = 32


def key_material(*, env_value: str, env_name: str, path: Path | None) -> bytes:
    if env_value:
        if len(env_value) < MIN_ENV_KEY_CHARS:
            raise ImproperlyConfigured(
                f"{env_name} must be at least {MIN_ENV_KEY_CHARS} characters "
                f"/ {env_name} 至少 {MIN_ENV_KEY_CHARS} 个字符 (e.g. `openssl rand -hex 32`)"
            )
        return env_value.encode()
    if path is None:
        raise ImproperlyConfigured(f"{env_name} is not set / 未设置 {env_name}")
    return _file_key(Path(path))


def _file_key(path: Path) -> bytes:
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs
            os.link(aside, path)
    finally:
        aside.unlink(missing_ok=True)
    return _read(path)


def _read(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    if len(text) < MIN_ENV_KEY_CHARS:
        raise ImproperlyConfigured(f"key file {path} is empty or too short / 密钥文件无效")
    return text.encode()


def derive(key: bytes, purpose: str) -> bytes:
    """A separate key per purpose, so one use never yields another's key."""
    return hmac.new(key, b"rectify:" + purpose.encode(), hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """A short public name of a key (safe to print and store)."""
    return hashlib.sha256(derive(key, "key-id")).hexdigest()[:16]
