"""`Authorization: Bearer rct_…` for the REST API v1: the token's owner, nothing more."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .selectors import api_token_find


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None  # not ours: the session may still authenticate
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Bearer”."))
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        now = timezone.now()
        token = api_token_find(secret=secret, now=now)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: unknown, expired or revoked.")
            )
        token.record_use(now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (rct_…), created on the page /api/tokens/.",
        }
