"""Rectify settings: one file, everything read from the environment.

Production-safe defaults: DEBUG is off and SECRET_KEY is required unless DEBUG is on.
SQLite under RECTIFY_DATA_DIR is the embedded default; set DATABASE_URL for PostgreSQL.
"""

import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from rectify.orgs.passwords import profile as password_profile
from rectify.orgs.passwords import validators_for
from rectify.settings_env import cache_backend, env_bool, env_int, env_list, env_str, s3_storage

BASE_DIR = Path(__file__).resolve().parent


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("RECTIFY_TESTING", False)

DATA_DIR = Path(env_str("RECTIFY_DATA_DIR", str(Path.cwd() / "var"))).resolve()

SECRET_KEY = env_str("SECRET_KEY")
# Without SECRET_KEY, commands that need no secret (`rectify parse`, `rectify stats`) still
# run with a throw-away key; serving (wsgi.py), `check --deploy` and personal-data
# encryption refuse it.
SECRET_KEY_EPHEMERAL = not SECRET_KEY
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
        SECRET_KEY_EPHEMERAL = False
    else:
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "rectify.core",
    "rectify.orgs",
    "rectify.jobs",
    "rectify.audit",
    "rectify.inspections",
    "rectify.measures",
    "rectify.signoff",
    "rectify.supervision",
    "rectify.reports",
    "rectify.insights",
    "rectify.imports",
    "rectify.notices",
    "rectify.public",
    "rectify.api",
    "rectify.demo",
    "rectify.ops",
]

MIDDLEWARE = [
    # Outermost: after everything else has run, anchors the audit chain's head outside the
    # database when the request wrote audit entries.
    "rectify.audit.middleware.AuditCheckpointMiddleware",
    # Freezes the process's long-lived objects after its first requests (core.memory).
    "rectify.core.memory.FreezeWhenWarmMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "rectify.core.i18n.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "rectify.orgs.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "rectify.core.request_context.RequestContextMiddleware",
    "rectify.core.security.SecurityHeadersMiddleware",
    "rectify.orgs.login_redirect.LoginRedirectMiddleware",
    "rectify.orgs.middleware.SessionPolicyMiddleware",
]

ROOT_URLCONF = "rectify.urls"
WSGI_APPLICATION = "rectify.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "rectify.core.context_processors.site",
                "rectify.orgs.context_processors.roles",
                "rectify.supervision.context_processors.inbox",
                "rectify.public.context_processors.pages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'rectify.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the pages' queries are short, and a misestimated cost made
    # PostgreSQL spend 11 ms compiling a 27 ms count ("my work" at city scale).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# A read replica for reports (rectify.core.replica): DATABASE_REPLICA_URL. Tests get the alias
# as a mirror of default and turn RECTIFY_REPLICA_READS on where they test the routing.
REPLICA_URL = env_str("DATABASE_REPLICA_URL")
RECTIFY_REPLICA_READS = bool(REPLICA_URL)
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["rectify.core.replica.ReplicaRouter"]

SERIALIZATION_MODULES = {"fulljson": "rectify.core.serializers_fulljson"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

AUTHENTICATION_BACKENDS = [
    "rectify.orgs.lockout.AccountLockoutBackend",  # per account across addresses
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 等保 level: 2 (default) or 3; at level 3 administrator roles must use a TOTP second factor.
RECTIFY_SECURITY_LEVEL = env_int("RECTIFY_SECURITY_LEVEL", 2)
OTP_TOTP_ISSUER = env_str("RECTIFY_SITE_NAME", "Rectify")

# Password policy profile: "dengbao" (等保 2.0, default) or "asvs" (OWASP ASVS 5 L2).
RECTIFY_PASSWORD_POLICY = env_str("RECTIFY_PASSWORD_POLICY", "dengbao")
AUTH_PASSWORD_VALIDATORS = validators_for(RECTIFY_PASSWORD_POLICY)
RECTIFY_PASSWORD_MAX_AGE_DAYS = password_profile(RECTIFY_PASSWORD_POLICY)["max_age_days"]
if TESTING:
    # Hashing cost is not under test; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept: the per-account limit (orgs.lockout)
AXES_ENABLED = env_bool("RECTIFY_AXES", not TESTING)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Chinese unless the user switches; set true to follow the browser's Accept-Language.
RECTIFY_FOLLOW_BROWSER_LANGUAGE = env_bool("RECTIFY_FOLLOW_BROWSER_LANGUAGE", False)
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS: list[Path] = [BASE_DIR / "static"]  # app.css, app.js, vendor/ (htmx, ECharts)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING


if env_str("RECTIFY_S3_BUCKET"):
    STORAGES["default"] = s3_storage(env_str("RECTIFY_S3_BUCKET"))

# Evidence files: outside the static root, served only through a permission-checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media-not-served/"
RECTIFY_EVIDENCE_MAX_BYTES = env_int("RECTIFY_EVIDENCE_MAX_MB", 50) * 1024 * 1024
# Excel ledgers up to this many rows are made at once; larger ones by the worker.
RECTIFY_EXPORT_SYNC_ROWS = env_int("RECTIFY_EXPORT_SYNC_ROWS", 5000)
RECTIFY_IMPORT_MAX_BYTES = env_int("RECTIFY_IMPORT_MAX_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Spooled uploads in the private temporary folder (0700), not the shared /tmp (core.tempdir).
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", str(DATA_DIR / "tmp" / "uploads"))
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "rectify.core.storage.SpoolUploadHandler",  # removes a half-spooled file (full disk)
]

# The cache holds rate-limit counters and proof-of-work tickets of the public site. Default: files
# under the data directory (shared by every web process, nothing to set up); "db" uses the
# database (run `rectify createcachetable`); redis://… needs the redis package.
_CACHE = env_str("RECTIFY_CACHE", "locmem" if TESTING else "file")
CACHES = {"default": cache_backend(_CACHE, DATA_DIR)}
# The public's opinions: leading zero bits of the proof of work the page's script does, and
# how many opinions one address may send per hour (half that without the script).
RECTIFY_OPINION_POW_BITS = env_int("RECTIFY_OPINION_POW_BITS", 16)
RECTIFY_OPINION_RATE_PER_HOUR = env_int("RECTIFY_OPINION_RATE_PER_HOUR", 6)
# How long browsers and proxies may keep a public page before asking again (seconds).
RECTIFY_PUBLIC_MAX_AGE = env_int("RECTIFY_PUBLIC_MAX_AGE", 60)

LOG_DIR = Path(env_str("LOG_DIR", str(DATA_DIR / "log")))
LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
# "plain" lines for people, or "json": one JSON object per line for log shipping.
LOG_FORMAT = env_str("RECTIFY_LOG_FORMAT", "plain")
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"RECTIFY_LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "rectify.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "jieba": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
if env_bool("LOG_TO_FILE", False):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {
        "class": "logging.handlers.WatchedFileHandler",
        "filename": str(LOG_DIR / "rectify.log"),
        "formatter": LOG_FORMAT,
    }
    LOGGING["root"]["handlers"].append("file")

# Background jobs (rectify.jobs): Django tasks stored as `Job` rows that `rectify worker`
# claims. Tests run each job in-process when its transaction commits ("immediate").
TASKS = {
    "default": {
        "BACKEND": "rectify.jobs.backend.JobBackend",
        "OPTIONS": {"immediate": TESTING},
    }
}
# A running job holds a lease its worker renews every quarter of it; a job whose worker
# died is retried once the lease has run out (after 30 s, 60 s, 120 s …) or failed.
RECTIFY_JOBS_LEASE_SECONDS = env_int("RECTIFY_JOBS_LEASE_SECONDS", 60)
# /readyz counts the worker as running when one was seen this recently (cron runs every minute).
RECTIFY_WORKER_STALE_SECONDS = env_int("RECTIFY_WORKER_STALE_SECONDS", 180)

# Supervision messages: the inbox always; e-mail through Django's mail backend (EMAIL_* below)
# when enabled; the group robots of WeCom / DingTalk when their webhooks are set.
RECTIFY_NOTIFY_EMAIL = env_bool("RECTIFY_NOTIFY_EMAIL", False)
# 回头看: re-checks this many months after sign-off, of high-risk measures and a share of the rest.
RECTIFY_RECHECK_MONTHS = [int(m) for m in env_str("RECTIFY_RECHECK_MONTHS", "3,6").split(",") if m]
RECTIFY_RECHECK_SHARE = env_int("RECTIFY_RECHECK_SHARE", 20)
RECTIFY_WECOM_WEBHOOK = env_str("RECTIFY_WECOM_WEBHOOK", "")
RECTIFY_DINGTALK_WEBHOOK = env_str("RECTIFY_DINGTALK_WEBHOOK", "")
RECTIFY_DINGTALK_SECRET = env_str("RECTIFY_DINGTALK_SECRET", "")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "rectify@localhost")
RECTIFY_JOBS_MAX_ATTEMPTS = env_int("RECTIFY_JOBS_MAX_ATTEMPTS", 3)
RECTIFY_JOBS_RETRY_SECONDS = env_int("RECTIFY_JOBS_RETRY_SECONDS", 30)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rectify API",
    "DESCRIPTION": (
        "整改台账 API v1: inspections, findings, measures, indicators, progress reports with "
        "evidence, sign-off, extensions and the progress notice, with exactly the permissions "
        "of the pages. Authenticate with `Authorization: Bearer <token>` (tokens: /api/tokens/)."
        ' Errors are JSON: {"message", "code"}; lists are cursor pages.'
    ),
    "VERSION": "1.0.0",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # `rectify spectacular` and /api/openapi.json: the v1 document; /api/schema/ keeps the old one.
    "PREPROCESSING_HOOKS": ["rectify.api.hooks.only_v1"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "rectify.measures.enums.MeasureStatus",
        "MeasureKindEnum": "rectify.measures.enums.MeasureKind",
        "ExtensionStatusEnum": "rectify.measures.enums.ExtensionStatus",
        "DecisionEnum": "rectify.measures.enums.Decision",
        "InspectionKindEnum": "rectify.inspections.enums.InspectionKind",
        "FindingKindEnum": "rectify.inspections.enums.FindingKind",
    },
}
# Requests per user to the API v1 (DRF throttle rate: "N/second|minute|hour|day").
RECTIFY_API_RATE = env_str("RECTIFY_API_RATE", "1200/minute")

# Security: safe by default, relaxed only with DEBUG.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
RECTIFY_SESSION_IDLE_SECONDS = env_int("RECTIFY_SESSION_IDLE_MINUTES", 30) * 60
RECTIFY_SESSION_ABSOLUTE_SECONDS = env_int("RECTIFY_SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_AGE = RECTIFY_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = False  # SessionPolicyMiddleware stamps activity once a minute
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PRODUCTION = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# Probes on the machine itself ask over plain HTTP: the health endpoints answer there too.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

# Personal data at rest: cipher "aes-gcm" (default) or "sm4-gcm" (国密); keys "id:base64,…".
RECTIFY_DATA_CIPHER = env_str("RECTIFY_DATA_CIPHER", "aes-gcm")
RECTIFY_DATA_KEYS = env_str("RECTIFY_DATA_KEYS")

RECTIFY_AUDIT_RETENTION_DAYS = max(180, env_int("RECTIFY_AUDIT_RETENTION_DAYS", 365))
# The audit chain's key (HMAC-SHA256), kept out of the database: from the environment in
# production (`rectify check --deploy` warns otherwise), else generated once in a 0600 file.
RECTIFY_AUDIT_KEY = env_str("RECTIFY_AUDIT_KEY")
RECTIFY_AUDIT_KEY_FILE = DATA_DIR / "audit.key"
# Signed checkpoints of the chain head: an append-only JSON-lines file, optionally syslog
# ("/dev/log" or "host:port").
RECTIFY_AUDIT_CHECKPOINT_FILE = Path(
    env_str("RECTIFY_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
)
RECTIFY_AUDIT_SYSLOG = env_str("RECTIFY_AUDIT_SYSLOG")
# Backups: the manifest's signing key (HMAC-SHA256; environment, else a 0600 file) and the key
# of `rectify backup --encrypt` (environment only: base64 of 32 bytes).
RECTIFY_BACKUP_KEY = env_str("RECTIFY_BACKUP_KEY")
RECTIFY_BACKUP_KEY_FILE = DATA_DIR / "backup.key"
RECTIFY_BACKUP_ENCRYPTION_KEY = env_str("RECTIFY_BACKUP_ENCRYPTION_KEY")
RECTIFY_RESTORE_STAGING = DATA_DIR / "tmp" / "restore"  # inside the private 0700 folder

RECTIFY_SITE_NAME = env_str("RECTIFY_SITE_NAME", "整改通 Rectify")
