"""Personal data encrypted at rest with a pluggable cipher (AES-256-GCM default, SM4-GCM 国密).

Stored form: ``ENC1$<cipher>$<key id>$<base64(nonce + ciphertext + tag)>``. Keys come from
RECTIFY_DATA_KEYS ("id:base64key,id2:base64key2"; the first encrypts, all decrypt, so keys
can rotate); without it a key is derived from SECRET_KEY with HKDF (documented in the README:
set a separate key in production so a leaked SECRET_KEY does not expose personal data).
"""

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "ENC1"


class AesGcm:
    name = "aes-gcm"
    key_size = 32

    def encrypt(self, key: bytes, plain: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(key).encrypt(nonce, plain, None)

    def decrypt(self, key: bytes, blob: bytes) -> bytes:
        return AESGCM(key).decrypt(blob[:12], blob[12:], None)


class Sm4Gcm:
    name = "sm4-gcm"
    key_size = 16

    def encrypt(self, key: bytes, plain: bytes) -> bytes:
        nonce = os.urandom(12)
        encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
        body = encryptor.update(plain) + encryptor.finalize()
        return nonce + body + encryptor.tag

    def decrypt(self, key: bytes, blob: bytes) -> bytes:
        nonce, body, tag = blob[:12], blob[12:-16], blob[-16:]
        decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
        return decryptor.update(body) + decryptor.finalize()


CIPHERS = {c.name: c for c in (AesGcm(), Sm4Gcm())}


@lru_cache(maxsize=8)
def _keys(raw: str, secret: str) -> tuple[tuple[str, bytes], ...]:
    if raw:
        pairs = []
        for item in raw.split(","):
            key_id, _, value = item.strip().partition(":")
            pairs.append((key_id, base64.b64decode(value)))
        return tuple(pairs)
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"rectify-data-key", info=b"personal-data"
    ).derive(secret.encode())
    return (("k0", derived),)


def _check_keys() -> None:
    if not settings.RECTIFY_DATA_KEYS and getattr(settings, "SECRET_KEY_EPHEMERAL", False):
        raise ImproperlyConfigured(
            "Personal data cannot be encrypted or read without SECRET_KEY or RECTIFY_DATA_KEYS "
            "/ 未设置 SECRET_KEY 或 RECTIFY_DATA_KEYS，无法加解密个人信息"
        )


def _key_material(cipher) -> tuple[str, bytes]:
    _check_keys()
    key_id, key = _keys(settings.RECTIFY_DATA_KEYS, settings.SECRET_KEY)[0]
    return key_id, key[: cipher.key_size]


def encrypt(text: str) -> str:
    cipher = CIPHERS[settings.RECTIFY_DATA_CIPHER]
    key_id, key = _key_material(cipher)
    blob = cipher.encrypt(key, text.encode())
    return f"{PREFIX}${cipher.name}${key_id}${base64.b64encode(blob).decode()}"


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX + "$"):
        return stored  # written before encryption was enabled
    _check_keys()
    _, cipher_name, key_id, payload = stored.split("$", 3)
    cipher = CIPHERS[cipher_name]
    keys = dict(_keys(settings.RECTIFY_DATA_KEYS, settings.SECRET_KEY))
    return cipher.decrypt(keys[key_id][: cipher.key_size], base64.b64decode(payload)).decode()


class EncryptedTextField(models.TextField):
    """A text field stored encrypted; it cannot be filtered or sorted on."""

    def from_db_value(self, value, expression, connection):
        return value if value in (None, "") else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else encrypt(value)

    def to_python(self, value):
        # Deserialising a backup gives the stored (encrypted) form.
        return decrypt(value) if isinstance(value, str) and value.startswith(PREFIX) else value

    def value_to_string(self, obj):
        # Serialising (backups, dumpdata) keeps personal data encrypted.
        value = self.value_from_object(obj)
        return value if value in (None, "") else encrypt(value)
