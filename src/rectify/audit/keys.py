"""The audit key: `RECTIFY_AUDIT_KEY` from the environment, else a file under the data
directory generated once with mode 0600 (`rectify check --deploy` warns about the latter)."""

from django.conf import settings

from rectify.core.keys import key_material


def audit_key() -> bytes:
    return key_material(
        env_value=settings.RECTIFY_AUDIT_KEY,
        env_name="RECTIFY_AUDIT_KEY",
        path=settings.RECTIFY_AUDIT_KEY_FILE,
    )
