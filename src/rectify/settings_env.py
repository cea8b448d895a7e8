"""What settings.py reads from the environment, and the settings it builds from a value: kept
apart so that settings.py stays a list of settings."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def s3_storage(bucket: str) -> dict:
    """Evidence and exported files on S3-compatible object storage (MinIO, Ceph, a cloud's
    OSS) through django-storages: several web and worker machines then share one store."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("RECTIFY_S3_ENDPOINT_URL") or None,
            "access_key": env_str("RECTIFY_S3_ACCESS_KEY") or None,
            "secret_key": env_str("RECTIFY_S3_SECRET_KEY") or None,
            "region_name": env_str("RECTIFY_S3_REGION") or None,
            "location": env_str("RECTIFY_S3_PREFIX"),
            "addressing_style": env_str("RECTIFY_S3_ADDRESSING", "path"),
            "default_acl": None,  # private: files are only served through permission checks
            "file_overwrite": False,  # as on disk: a name in use gets a new one
            "querystring_auth": True,
        },
    }


def cache_backend(value: str, data_dir: Path) -> dict:
    """RECTIFY_CACHE: redis://…, "db", "locmem", or files under the data directory."""
    if value.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    if value == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "rectify_cache",
        }
    if value == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(data_dir / "cache"),
    }
