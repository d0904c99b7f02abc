"""Base settings for Integritas.

Everything is configured here; production differs only through environment variables
(STYLE.md house rule 3). No secret lives in the repository: ``SECRET_KEY`` comes from the
environment, or for the embedded (SQLite) set-up from a random key file created once under
``INTEGRITAS_DATA_DIR``.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("INTEGRITAS_DATA_DIR", ".integritas")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _secret_key() -> str:
    from_env = os.environ.get("SECRET_KEY") or os.environ.get("INTEGRITAS_SECRET_KEY")
    if from_env:
        return from_env
    # Embedded set-up: one random key per data directory, created on first use.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

# Our apps first: their translations and templates take precedence over Django's and
# third-party ones (e.g. our "Password" → "Kata sandi" over django.contrib.auth's "Sandi").
INSTALLED_APPS = [
    "integritas.core",
    "integritas.assessment",
    "integritas.surveys",
    "integritas.complaints",
    "integritas.pengawasan",
    "integritas.whistleblowing",
    "integritas.gratification",
    "integritas.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Serves the API documentation's Swagger UI from our own static files (no CDN).
    "ninja",
]

MIDDLEWARE = [
    # First: a body over the cap is refused before anything reads it (issue 11).
    "integritas.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Writes from another site's page (Origin/Sec-Fetch-Site) and non-JSON API bodies.
    "integritas.core.middleware.CrossSiteWriteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "integritas.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Citizens' sessions end with the browser (issue 11 item 7).
    "integritas.core.middleware.AnonymousSessionMiddleware",
    # Sets/deletes the cookie half of a WBS handler's session key (whistleblowing/keys.py).
    "integritas.whistleblowing.keys.SessionKeyCookieMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Control characters in the path, query, form fields and JSON: refused before any view.
    "integritas.core.middleware.BadBytesMiddleware",
    "integritas.core.middleware.LocalTimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "integritas.core.middleware.PrivacyHeadersMiddleware",
    # Last, so that it sees the final response of a failed login (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

# Request size (issue 11). The largest legitimate body is a complaint with 5 attachments of
# 5 MB; a body over INTEGRITAS_MAX_REQUEST_BYTES is refused by its Content-Length before it is
# read, and multipart files are counted as they stream (core.uploads.CappedUploadHandler),
# never past INTEGRITAS_MAX_FILE_BYTES per file. Match these in gunicorn and the proxy
# (README, "Production").
INTEGRITAS_MAX_REQUEST_BYTES = int(
    os.environ.get("INTEGRITAS_MAX_REQUEST_BYTES", str(26 * 1024 * 1024))
)
INTEGRITAS_MAX_FILE_BYTES = int(os.environ.get("INTEGRITAS_MAX_FILE_BYTES", str(10 * 1024 * 1024)))
# Rows an export may hold when built inside the request; above it the request is refused with
# a link to the export job (issue 11, item 3; core/exports.py).
INTEGRITAS_EXPORT_SYNC_MAX_ROWS = int(os.environ.get("INTEGRITAS_EXPORT_SYNC_MAX_ROWS", "5000"))
# Non-file form fields and JSON bodies; uploads up to this size stay in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_HANDLERS = [
    "integritas.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

ROOT_URLCONF = "integritas.config.urls"
WSGI_APPLICATION = "integritas.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "integritas.core.context_processors.site",
            ],
        },
    },
]

# Database: SQLite under INTEGRITAS_DATA_DIR by default, PostgreSQL when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60"))
        )
    }
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "integritas.sqlite3"),
            # WAL and a busy timeout let several gunicorn workers share the file safely.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Lockout after repeated failures, stored in the database so that it holds across all worker
# processes and machines (django-axes database handler).
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("INTEGRITAS_LOGIN_FAILURE_LIMIT", "5"))
# Keyed on account AND source address (issue 11): a flood from one address locks only that
# address out of that account. The pause starts at INTEGRITAS_LOGIN_COOLOFF_HOURS and doubles
# with each further failure from the address, up to INTEGRITAS_LOGIN_COOLOFF_MAX_HOURS
# (core.lockout.cool_off); the officer is e-mailed and told at the next sign-in.
INTEGRITAS_LOGIN_COOLOFF_HOURS = float(os.environ.get("INTEGRITAS_LOGIN_COOLOFF_HOURS", "0.5"))
INTEGRITAS_LOGIN_COOLOFF_MAX_HOURS = float(
    os.environ.get("INTEGRITAS_LOGIN_COOLOFF_MAX_HOURS", "24")
)
AXES_COOLOFF_TIME = "integritas.core.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Each failure on a staff account is kept (30 days, pruned by core.lockout) for the notice at
# the officer's next sign-in.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 200
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/lockout.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Behind N reverse proxies, the client address is the one the outermost of them added to
# X-Forwarded-For (core.middleware.client_address); 0 = REMOTE_ADDR (no proxy).
INTEGRITAS_TRUSTED_PROXY_COUNT = int(os.environ.get("INTEGRITAS_TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "integritas.core.middleware.client_address"
# Floods (core.ratelimit, issue 11): office networks (CIDR, comma- or space-separated) exempt
# from the per-source buckets of the public forms; per-channel overrides as JSON, e.g.
# {"complaints:web": {"per_source": 20, "pow_at": 150, "pow_bits": 18, "pow_wait": 20}}.
INTEGRITAS_OFFICE_NETWORKS = os.environ.get("INTEGRITAS_OFFICE_NETWORKS", "")
INTEGRITAS_FLOOD = json.loads(os.environ.get("INTEGRITAS_FLOOD", "{}"))
AXES_VERBOSE = False
# Lockout records are security evidence: not editable or deletable from the admin.
AXES_ENABLE_ADMIN = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
# A session without a signed-in user ends when the browser closes (issue 11 item 7:
# core.middleware.AnonymousSessionMiddleware), so a shared PC keeps no citizen's session.
CSRF_COOKIE_SAMESITE = "Lax"

# Internationalisation: Bahasa Indonesia first, English second (STYLE.md rule 7).
LANGUAGE_CODE = "id"
# Each language is named in itself, so the names are not translated.
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale/ (found through INSTALLED_APPS).
LOCALE_PATHS: list[Path] = []
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("INTEGRITAS_STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(os.environ.get("INTEGRITAS_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

# Background jobs in the database queue (django-tasks, database backend).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: nothing from outside the site, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Access lines of the anonymous routes lose address and user agent (core.accesslog).
    "filters": {"access": {"()": "integritas.core.accesslog.AccessLogFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["access"],
        },
    },
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mail: console in the embedded set-up; SMTP when EMAIL_HOST is set (production).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Integritas <no-reply@localhost>")

# Complaints (issue 5): rate limits per channel as (requests, window seconds) — per channel,
# never one per-IP cap that would block a whole office behind one address; the pluggable
# WhatsApp/SMS sender (dotted path); the upload limit.
_complaint_limit = int(os.environ.get("INTEGRITAS_COMPLAINT_RATE_LIMIT", "300"))
COMPLAINTS_RATE_LIMITS = {
    "web": (_complaint_limit, 60),
    "api": (_complaint_limit, 60),
    "track": (600, 60),
}
COMPLAINTS_MESSAGE_SENDER = os.environ.get(
    "INTEGRITAS_MESSAGE_SENDER", "integritas.complaints.notifications.ConsoleSender"
)
COMPLAINTS_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# The site's public address: every link in an e-mail or message is built from it
# (core.public_url.absolute_url), never from a request's Host header.
INTEGRITAS_PUBLIC_URL = os.environ.get("INTEGRITAS_PUBLIC_URL", "http://localhost:8000")

# LKE (issue 3): working days the TPI has to lock a submitted assessment before the leaders'
# dashboard flags it. PermenPANRB 90/2021 sets no deadline; this is local policy.
INTEGRITAS_TPI_REVIEW_WORKING_DAYS = int(os.environ.get("INTEGRITAS_TPI_REVIEW_WORKING_DAYS", "15"))

# PostgreSQL keeps survey answers in arrival order until the sweep reorders the table by
# its random key (surveys.services.responses_shuffle): at most this often (seconds).
INTEGRITAS_SURVEY_SHUFFLE_SECONDS = int(os.environ.get("INTEGRITAS_SURVEY_SHUFFLE_SECONDS", "3600"))

# Published complaint statistics are rebuilt at most this often (seconds) after changes.
INTEGRITAS_PUBLIC_STATS_REFRESH_SECONDS = int(
    os.environ.get("INTEGRITAS_PUBLIC_STATS_REFRESH_SECONDS", "300")
)

INTEGRITAS = {
    # Name shown in the header; each Pemda's own name comes from the organisation tree.
    "SITE_NAME": os.environ.get("INTEGRITAS_SITE_NAME", "Integritas"),
}
