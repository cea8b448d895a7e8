"""Keeping robots off the opinion form without pictures or outside services.

- **Proof of work** (the page's script): the server signs a random challenge; the script finds
  a nonce whose SHA-256 of ``challenge:nonce`` starts with ``bits`` zero bits (about 2**bits
  hashes, a second or two in a browser) and sends both. Each solved challenge is used once.
- **Without the script** (screen readers with scripting off, old browsers): a small sum in
  words ("七加五等于几？"), the same for everyone for an hour so the public pages stay
  cacheable, accepted for two hours; such senders get half the hourly allowance.
- **Rate limit**: per client address and hour, counted in Django's cache.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache

from rectify.lib.numbering import int_to_cn

_SALT = "rectify.public.pow"
POW_MAX_AGE = 30 * 60
QUESTION_SECONDS = 3600


def pow_issue() -> dict:
    bits = settings.RECTIFY_OPINION_POW_BITS
    challenge = signing.TimestampSigner(salt=_SALT).sign(f"{secrets.token_hex(12)}.{bits}")
    return {"challenge": challenge, "bits": bits}


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def pow_verify(challenge: str, nonce: str) -> bool:
    """A challenge this server issued, not expired, solved, and never used before."""
    if not challenge or not nonce or len(nonce) > 32:
        return False
    try:
        value = signing.TimestampSigner(salt=_SALT).unsign(challenge, max_age=POW_MAX_AGE)
    except signing.BadSignature:
        return False
    bits = int(value.rpartition(".")[2] or 0)
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    if leading_zero_bits(digest) < bits:
        return False
    ticket = "pow:" + hashlib.sha256(challenge.encode()).hexdigest()
    return cache.add(ticket, 1, timeout=POW_MAX_AGE)


@dataclass(frozen=True)
class Question:
    token: str  # the hour it belongs to
    text: str


def _operands(bucket: int) -> tuple[int, int]:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"q{bucket}".encode(), "sha256").digest()
    return 2 + digest[0] % 8, 1 + digest[1] % 9


def question(now: float | None = None) -> Question:
    bucket = int((now or time.time()) // QUESTION_SECONDS)
    a, b = _operands(bucket)
    return Question(str(bucket), f"{int_to_cn(a)}加{int_to_cn(b)}等于几？")


def question_verify(token: str, answer: str, now: float | None = None) -> bool:
    current = int((now or time.time()) // QUESTION_SECONDS)
    if not token.isdigit() or not current - 1 <= int(token) <= current:
        return False
    a, b = _operands(int(token))
    answer = answer.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return answer in {str(a + b), int_to_cn(a + b)}


def rate_allow(client: str, *, scripted: bool) -> bool:
    """Count one opinion from ``client``; False once this hour's allowance is used up."""
    limit = settings.RECTIFY_OPINION_RATE_PER_HOUR
    if not scripted:
        limit = max(1, limit // 2)
    hour = int(time.time() // 3600)
    key = "rate:op:" + hashlib.sha256(f"{client}:{hour}".encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3700)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3700)
        count = 1
    return count <= limit
