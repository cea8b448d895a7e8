"""Deployment checks of the audit chain's key (run by `rectify check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_key_from_environment(app_configs, **kwargs):
    """The audit key belongs in the deployment's secret store, not beside the database."""
    if settings.RECTIFY_AUDIT_KEY:
        return []
    return [
        Warning(
            "RECTIFY_AUDIT_KEY 未设置：审计链密钥保存在数据目录的文件中 / RECTIFY_AUDIT_KEY is "
            f"not set: the audit chain's key is kept in {settings.RECTIFY_AUDIT_KEY_FILE}",
            hint="Set RECTIFY_AUDIT_KEY (e.g. `openssl rand -hex 32`) from the deployment's "
            "secret store; anyone who can read the data directory could otherwise rewrite the "
            "audit trail and its checkpoints. Moving to the environment: copy the file's "
            "content into RECTIFY_AUDIT_KEY, then remove the file.",
            id="rectify.W101",
        )
    ]
