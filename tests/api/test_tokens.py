"""API tokens: made and revoked by their owner on a page, shown once, hashed, expiring."""

import datetime as dt
import hashlib

from django.utils import timezone

from rectify.api.models import ApiToken
from rectify.api.services import api_token_create
from rectify.audit.models import AuditEntry


def test_token_is_shown_once_and_only_its_hash_is_kept(client, cast):
    client.force_login(cast.reporter)
    response = client.post("/api/tokens/", {"name": "12345 热线", "days": "90"})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("rct_") and len(secret) > 40
    token = ApiToken.objects.get(user=cast.reporter)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.name, token.prefix, token.key_hash}
    assert secret.startswith(token.prefix)
    assert 89 <= (token.expires_at - timezone.now()).days <= 90
    listed = client.get("/api/tokens/")
    assert secret.encode() not in listed.content  # never again
    assert token.prefix.encode() in listed.content
    codes = list(AuditEntry.objects.values_list("code", flat=True))
    assert "api_token.created" in codes


def test_bearer_token_authenticates_and_records_last_use(cast, measure, bearer):
    client = bearer(cast.reporter)
    response = client.get("/api/v1/measures/")
    assert response.status_code == 200, response.content
    assert [m["id"] for m in response.json()["results"]] == [measure.pk]
    assert ApiToken.objects.get(user=cast.reporter).last_used_at is not None


def test_revoked_expired_and_unknown_tokens_answer_401(client, cast, measure):
    token, secret = api_token_create(user=cast.reporter, name="OA", days=30)
    api = client.__class__(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/measures/").status_code == 200
    client.force_login(cast.reporter)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 302
    refused = api.get("/api/v1/measures/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"
    assert refused["WWW-Authenticate"].startswith("Bearer")
    assert "api_token.revoked" in AuditEntry.objects.values_list("code", flat=True)

    _old, old_secret = api_token_create(
        user=cast.reporter, name="old", days=1, now=timezone.now() - dt.timedelta(days=2)
    )
    expired = client.__class__(HTTP_AUTHORIZATION=f"Bearer {old_secret}")
    assert expired.get("/api/v1/measures/").status_code == 401
    unknown = client.__class__(HTTP_AUTHORIZATION="Bearer rct_nothing")
    assert unknown.get("/api/v1/measures/").status_code == 401
    anonymous = client.__class__().get("/api/v1/measures/")
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "message": anonymous.json()["message"],
        "code": "not_authenticated",
    }


def test_token_of_a_deactivated_user_stops_working(cast, measure, bearer):
    client = bearer(cast.reporter)
    cast.reporter.is_active = False
    cast.reporter.save()
    assert client.get("/api/v1/measures/").status_code == 401


def test_only_the_owner_revokes_a_token(client, cast):
    token, _secret = api_token_create(user=cast.reporter, name="OA", days=30)
    client.force_login(cast.office)
    assert client.post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_form_refuses_bad_input(client, cast):
    client.force_login(cast.office)
    response = client.post("/api/tokens/", {"name": "", "days": "9999"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
