import base64
import os

import pytest
from django.db import connection

from rectify.core import crypto
from rectify.orgs.models import User


@pytest.mark.parametrize("cipher", ["aes-gcm", "sm4-gcm"])
def test_round_trip_and_not_plain_at_rest(settings, db, cipher):
    settings.RECTIFY_DATA_CIPHER = cipher
    user = User.objects.create(username="u1", phone="13812345678")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM orgs_user WHERE id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert stored.startswith(f"ENC1${cipher}$")
    assert "13812345678" not in stored
    assert User.objects.get(pk=user.pk).phone == "13812345678"


def test_key_rotation_reads_old_values(settings, db):
    old = base64.b64encode(os.urandom(32)).decode()
    new = base64.b64encode(os.urandom(32)).decode()
    settings.RECTIFY_DATA_KEYS = f"old:{old}"
    token = crypto.encrypt("020-89998901")
    settings.RECTIFY_DATA_KEYS = f"new:{new},old:{old}"
    assert crypto.decrypt(token) == "020-89998901"
    assert crypto.encrypt("x").split("$")[2] == "new"


def test_tampered_ciphertext_is_refused(db):
    token = crypto.encrypt("13812345678")
    head, payload = token.rsplit("$", 1)
    raw = bytearray(base64.b64decode(payload))
    raw[-1] ^= 1
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        crypto.decrypt(head + "$" + base64.b64encode(bytes(raw)).decode())


def test_masks():
    from rectify.lib.masking import mask_id_number, mask_landline, mask_mobile

    assert mask_mobile("13812345678") == "138****5678"
    assert mask_landline("020-89998901") == "020-8999****"
    assert mask_id_number("440105199001011234") == "440105********1234"
