import pytest
from django.test import Client

from rectify.api.services import api_token_create


@pytest.fixture
def bearer():
    """A client for the API v1 that sends `user`'s new token (no session at all)."""

    def make(user):
        _token, secret = api_token_create(user=user, name="OA", days=30)
        return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")

    return make
