"""System checks for a production deployment (run by `rectify check --deploy`)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def no_superuser_in_production(app_configs, **kwargs):
    """三员分立: nobody holds every right in production; a superuser is refused."""
    if settings.DEBUG:
        return []

    try:
        names = list(
            get_user_model().objects.filter(is_superuser=True).values_list("username", flat=True)
        )
    except DatabaseError:
        return [Warning("could not read users to check for superusers", id="rectify.W001")]
    if not names:
        return []
    return [
        Error(
            f"超级用户不得存在于生产环境 / superusers exist in production: {', '.join(names)}",
            hint="Remove is_superuser and give the separate system, security and audit "
            "administrator roles instead: rectify shell -c or the admin.",
            id="rectify.E001",
        )
    ]


@register(Tags.security, deploy=True)
def secret_key_set(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_EPHEMERAL", False):
        return [
            Error(
                "SECRET_KEY is not set / 未设置 SECRET_KEY",
                id="rectify.E003",
                hint="Set the SECRET_KEY environment variable (a long random string).",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def data_keys_set(app_configs, **kwargs):
    """Personal data is encrypted under a key of its own, not one derived from SECRET_KEY
    (rotating SECRET_KEY would otherwise make every encrypted field unreadable)."""
    if settings.RECTIFY_DATA_KEYS:
        return []
    return [
        Warning(
            "RECTIFY_DATA_KEYS is not set: personal data is encrypted under a key derived from "
            "SECRET_KEY / 未设置 RECTIFY_DATA_KEYS，个人信息的加密密钥由 SECRET_KEY 派生",
            hint="Set RECTIFY_DATA_KEYS=k1:<32 random bytes, base64> (see README, 个人信息加密) "
            "and keep it with the backups' keys, apart from the database.",
            id="rectify.W010",
        )
    ]
