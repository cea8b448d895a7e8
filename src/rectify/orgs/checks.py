"""System checks of the account settings."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from rectify.orgs.passwords import PROFILES


@register(Tags.security, deploy=True)
def password_policy_known(app_configs, **kwargs):

    if settings.RECTIFY_PASSWORD_POLICY not in PROFILES:
        return [
            Error(
                f"unknown RECTIFY_PASSWORD_POLICY {settings.RECTIFY_PASSWORD_POLICY!r}",
                id="rectify.E002",
            )
        ]
    return []
