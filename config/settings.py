"""Settings for Layanan Disnaker.

One module, every value read from the environment with a safe embedded default: SQLite, local private
files, the database task worker and e-mail to the console. A secret can also come from ``NAME_FILE``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import dotenv_values

BASE_DIR = Path(__file__).resolve().parent.parent
_FALSE = {"0", "false", "no", "off"}


def local_settings_path(environ: Mapping[str, str] = os.environ) -> Path | None:
    """The embedded default's settings file, when this process should read it; ``None`` otherwise.

    ``make run`` writes ``<DATA_DIR>/local.env`` (DEBUG=1, a generated SECRET_KEY, the data paths) so that every
    later ``manage.py`` command on that checkout works without extra variables. A production environment never
    reads it: it is skipped as soon as the environment has a ``SECRET_KEY`` (or ``SECRET_KEY_FILE``) or says
    ``DEBUG=0``, which is what production sets (see docs/deployment.md). ``LOCAL_SETTINGS_FILE`` names another
    file explicitly, or turns the file off when empty.
    """
    if "LOCAL_SETTINGS_FILE" in environ:
        explicit = environ["LOCAL_SETTINGS_FILE"].strip()
        return Path(explicit) if explicit else None
    if environ.get("SECRET_KEY") or environ.get("SECRET_KEY_FILE"):
        return None
    if environ.get("DEBUG", "").strip().lower() in _FALSE:
        return None
    return Path(environ.get("DATA_DIR") or BASE_DIR / "var") / "local.env"


def _read_local_settings() -> dict[str, str]:
    path = local_settings_path()
    if path is None or not path.is_file():
        if path is not None and "LOCAL_SETTINGS_FILE" in os.environ:
            raise ImproperlyConfigured(f"LOCAL_SETTINGS_FILE menunjuk ke {path}, tetapi file itu tidak ada.")
        return {}
    return {key: value for key, value in dotenv_values(path).items() if value is not None}


#: Values from the local settings file; the process environment always wins over them.
LOCAL_SETTINGS = _read_local_settings()


def env(name: str, default: str = "") -> str:
    """Read a setting from the environment, or from the file named by ``NAME_FILE``; then from the local
    settings file of the embedded default (see :func:`local_settings_path`)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    if name in os.environ:
        return os.environ[name]
    return LOCAL_SETTINGS.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(env(name, str(default)))


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_SECRET_KEY"):
        raise ImproperlyConfigured("SECRET_KEY wajib diisi bila DEBUG tidak aktif.")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_url(value: str, *, debug: bool) -> str:
    """The public address every link in an e-mail, a PDF and a QR code is built from (never the request's
    ``Host`` header, which the client chooses).

    Without DEBUG it must be set and must not be a loopback address: otherwise every signed decree would
    carry ``http://127.0.0.1:8000/verifikasi/…`` in its QR code and every e-mailed link would lead nowhere.
    """
    from urllib.parse import urlsplit

    value = (value or "").strip().rstrip("/")
    if not value:
        if debug:
            return "http://127.0.0.1:8000"
        raise ImproperlyConfigured(
            "SITE_URL wajib diisi bila DEBUG tidak aktif, misalnya SITE_URL=https://pecak.disnaker.go.id "
            "(alamat publik yang dipakai tautan e-mail dan kode QR SK)."
        )
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or not host:
        raise ImproperlyConfigured(
            f"SITE_URL tidak valid: {value!r}. Tulis lengkap dengan http:// atau https://, "
            "misalnya https://pecak.disnaker.go.id."
        )
    loopback = (
        host in {"localhost", "0.0.0.0", "::1", "::"}  # noqa: S104 (refused here, not bound)
        or host.startswith("127.")
        or host.endswith(".localhost")
    )
    if loopback and not debug:
        raise ImproperlyConfigured(
            f"SITE_URL={value!r} adalah alamat lokal; bila DEBUG tidak aktif isi dengan alamat publik, "
            "misalnya https://pecak.disnaker.go.id, karena tautan e-mail dan kode QR SK memakainya."
        )
    return value


SITE_URL = site_url(env("SITE_URL"), debug=DEBUG)

INSTALLED_APPS = [
    # django.contrib.admin, with the admin site that asks for the captcha and a verified second factor.
    "disnaker.accounts.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "captcha",
    "django_recaptcha",
    "bootstrap",
    # Listed so the API docs use the Swagger UI files shipped with django-ninja instead of a CDN.
    "ninja",
    "disnaker.core",
    "disnaker.accounts",
    "disnaker.notifications",
    "disnaker.pkwt",
    "disnaker.decrees",
    "disnaker.placement",
    "disnaker.guidance",
    "disnaker.training",
    "disnaker.api",
    "disnaker.portal",
    # After disnaker.core on purpose: Django runs the first app's command of a name, so `manage.py db_worker`
    # is core's (the same worker, plus heartbeats and recovery of tasks whose worker died).
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so every response (even one refused below) carries X-Request-ID and every log line the id.
    "disnaker.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (CSRF reads the form) or the database: 413 from Content-Length alone,
    # and 400 for a NUL byte in the query string.
    "disnaker.core.middleware.RequestBodyLimitMiddleware",
    "disnaker.core.middleware.QueryStringGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "disnaker.accounts.middleware.HtmxSignInRedirectMiddleware",
    # The second step comes before anything else, even before changing an initial password.
    "disnaker.accounts.middleware.TwoFactorMiddleware",
    "disnaker.accounts.middleware.ForcePasswordChangeMiddleware",
    # Axes goes last so it sees the final response of a failed login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "csp.context_processors.nonce",
                "disnaker.core.context_processors.site",
                "disnaker.portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}")
# A connection is kept for DB_CONN_MAX_AGE seconds and checked before reuse (health checks): a new PostgreSQL
# connection per request cost a third of the throughput when measured (issue 15: +36% with 60 s).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue instead of failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "disnaker.accounts.password_validators.UserAttributeSimilarityValidator"},
    {"NAME": "disnaker.accounts.password_validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "disnaker.accounts.password_validators.CommonPasswordValidator"},
    {"NAME": "disnaker.accounts.password_validators.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_SECONDS", 2 * 60 * 60)
# Days an initial password (sent by e-mail on approval) stays usable before it must be reset.
INITIAL_PASSWORD_VALID_DAYS = env_int("INITIAL_PASSWORD_VALID_DAYS", 7)

# django-axes: the AXES_FAILURE_LIMIT-th wrong password for one e-mail from one address locks that pair for
# AXES_COOLOFF_TIME, counted from that failure; there is no permanent lockout (disnaker/accounts/throttling.py).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "disnaker.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
# Sign-in matches the e-mail case-insensitively, so axes must count every spelling as one account.
AXES_USERNAME_CALLABLE = "disnaker.accounts.throttling.axes_username"
# Attempts refused during a lock are not recorded: otherwise each one, even with the right password, would
# restart the cool-off and a stranger could keep the owner out for as long as he likes.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The database handler plus the per-account lock below.
AXES_HANDLER = "disnaker.accounts.throttling.LoginThrottleHandler"
# Per account, from any number of addresses: the LOGIN_ACCOUNT_FAILURE_LIMIT-th wrong password within one
# LOGIN_ACCOUNT_COOLOFF_MINUTES window locks the e-mail until the window ends (a completed password reset lifts
# it at once). Higher than LOGIN_FAILURE_LIMIT so the owner, on his own address, meets the short lock first.
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_ACCOUNT_COOLOFF_MINUTES = env_int("LOGIN_ACCOUNT_COOLOFF_MINUTES", 60)

# Two-factor login (django-otp, TOTP apps such as Google Authenticator or FreeOTP): always for admins and
# staff; for an office's verifiers and heads when the office has "wajib verifikasi dua langkah".
# The LOGIN_OTP_FAILURE_LIMIT-th wrong code within one LOGIN_OTP_COOLOFF_MINUTES window stops the second step
# for that user until the window ends (a password reset does not lift it: it does not prove the phone).
LOGIN_OTP_FAILURE_LIMIT = env_int("LOGIN_OTP_FAILURE_LIMIT", 5)
LOGIN_OTP_COOLOFF_MINUTES = env_int("LOGIN_OTP_COOLOFF_MINUTES", 15)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Layanan Disnaker")
# Wrong codes are limited by LOGIN_OTP_* above; django-otp's own growing delay would also refuse a right
# code typed a second after a wrong one, with no message to say why.
OTP_TOTP_THROTTLE_FACTOR = 0
# An admin removes a lost phone's device but never sees another user's secret or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# --- Captcha ---------------------------------------------------------------------------------------------
RECAPTCHA_PUBLIC_KEY = env("RECAPTCHA_PUBLIC_KEY")
RECAPTCHA_PRIVATE_KEY = env("RECAPTCHA_PRIVATE_KEY")


def captcha_backend(value: str, *, debug: bool, recaptcha_configured: bool) -> str:
    """Choose the captcha: ``image`` (self-hosted, the default), ``recaptcha`` or ``off``.

    ``off`` exists for automated tests against a development server and is refused when DEBUG is off,
    so a production deployment can never run its public forms without a captcha.
    """
    value = (value or ("recaptcha" if recaptcha_configured else "image")).lower()
    if value not in {"image", "recaptcha", "off"}:
        raise ImproperlyConfigured(
            f"CAPTCHA_BACKEND tidak dikenal: {value!r} (pilihan: image, recaptcha, off)."
        )
    if value == "off" and not debug:
        raise ImproperlyConfigured("CAPTCHA_BACKEND=off hanya boleh dipakai bila DEBUG aktif.")
    if value == "recaptcha" and not recaptcha_configured:
        raise ImproperlyConfigured(
            "CAPTCHA_BACKEND=recaptcha memerlukan RECAPTCHA_PUBLIC_KEY dan RECAPTCHA_PRIVATE_KEY."
        )
    return value


CAPTCHA_BACKEND = captcha_backend(
    env("CAPTCHA_BACKEND"),
    debug=DEBUG,
    recaptcha_configured=bool(RECAPTCHA_PUBLIC_KEY and RECAPTCHA_PRIVATE_KEY),
)
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (150, 50)
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_CHALLENGE_FUNCT = "disnaker.core.captcha.unambiguous_challenge"

# --- Internationalisation ------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and private files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(DATA_DIR / "private")))
# There is no MEDIA_URL on purpose: uploaded documents are personal data and are served only by views
# that check permissions.
# Uploads, decrees and certificates: a folder by default (one host), or STORAGE_BACKEND=s3 for a private
# S3-compatible bucket (django-storages) shared by every host. Either way the files are served only through
# the permission-checked, audited views, streamed from the storage: no public URL, and the presigned URLs
# django-storages could make are never handed out (S3_URL_SECONDS bounds them all the same). The object keys
# are the server-generated names the folder has (PrivateUploadTo).
STORAGE_BACKEND = env("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _private_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL") or None,
            "region_name": env("S3_REGION", "us-east-1"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "location": env("S3_PREFIX"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_SECONDS", 60),
            "object_parameters": (
                {"ServerSideEncryption": env("S3_SERVER_SIDE_ENCRYPTION")}
                if env("S3_SERVER_SIDE_ENCRYPTION")
                else {}
            ),
        },
    }
else:
    _private_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _private_storage,
    "private": _private_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_DOCUMENT_MAX_BYTES = env_int("UPLOAD_DOCUMENT_MAX_MB", 5) * 1024 * 1024
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000)
# Request bodies. Every page accepts REQUEST_BODY_MAX_BYTES (its form fields and the multipart framing); a
# page with uploads accepts its files on top, as many document-sized (UPLOAD_DOCUMENT_MAX_MB) and
# Excel-sized (PKWT_IMPORT_MAX_FILE_MB) files as its form has fields (UPLOAD_REQUEST_FILES, by URL name;
# "namespace:*" for a whole namespace). disnaker.core.middleware answers 413 from Content-Length before the
# body is read. The proxy's client_max_body_size must be at least the largest of these (deploy/nginx).
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_KB", 2560) * 1024
UPLOAD_REQUEST_FILES: dict[str, dict[str, int]] = {
    "accounts:account_request_create": {"documents": 4},  # two letters, KTP, ID card
    "pkwt:edit": {"documents": 2, "excel": 1},  # letter, sample contract, the worker Excel
    "pkwt:office_age_exception": {"documents": 1},  # the parents' permission or the school's letter
    "api:pkwt_validate": {"excel": 1},
    "placement:bkk_apply": {"documents": 3},
    "placement:bkk_revise": {"documents": 3},
    # The proposal letter and one proof per PAK requirement (four by default; an office may add some).
    "placement:proposal_edit": {"documents": 10},
    "placement:candidate_edit": {"documents": 10},
    "placement:my_profile": {"documents": 1},  # the photo
    "guidance:activity_create": {"documents": 10},  # guidance.constants.MAX_ATTACHMENTS
    "guidance:activity_edit": {"documents": 10},
    # A copy of a decree to compare: a decree of 100,000 workers is about 8 MB (bench/decree_pdf.py).
    "decrees:verify": {"documents": 2},
    "admin:*": {"documents": 1},  # the letterhead logo
}
# Django's own cap on the non-file part of a body (it answers 400 past it): the same figure.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- E-mail and tasks ----------------------------------------------------------------------------------
CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"


def email_backend(*, debug: bool, host: str, file_path: str, backend: str) -> str:
    """Choose the e-mail backend: SMTP with ``EMAIL_HOST``, files with ``EMAIL_FILE_PATH``, or an explicit
    ``EMAIL_BACKEND``; the console only with DEBUG.

    Messages carry initial passwords, password-reset and invitation links. The console backend prints them
    into the worker's log, so a production deployment that forgot its mail server must refuse to start
    rather than quietly write those secrets to a log file (as ``CAPTCHA_BACKEND=off`` is refused)."""
    if host:
        chosen = "django.core.mail.backends.smtp.EmailBackend"
    elif file_path:
        chosen = "django.core.mail.backends.filebased.EmailBackend"
    else:
        chosen = backend or CONSOLE_EMAIL_BACKEND
    if chosen == CONSOLE_EMAIL_BACKEND and not debug:
        raise ImproperlyConfigured(
            "Konfigurasi e-mail wajib bila DEBUG tidak aktif: isi EMAIL_HOST (server SMTP) atau "
            "EMAIL_FILE_PATH. Tanpa itu e-mail (berisi password awal dan tautan atur ulang) hanya akan "
            "tercetak ke log."
        )
    return chosen


EMAIL_HOST = env("EMAIL_HOST")
EMAIL_BACKEND = email_backend(
    debug=DEBUG, host=EMAIL_HOST, file_path=env("EMAIL_FILE_PATH"), backend=env("EMAIL_BACKEND")
)
if EMAIL_HOST:
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
# Seconds an SMTP connection may block: without a timeout a mail server that stops answering holds a task
# worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Layanan Disnaker <no-reply@disnaker.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A failed send is tried again after OUTBOX_RETRY_BASE_SECONDS, then twice as long each time, up to
# OUTBOX_MAX_ATTEMPTS attempts in all; then the message is marked failed in the admin's outbox.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60)

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Each `manage.py db_worker` writes a heartbeat this often; a worker silent for WORKER_STALE_SECONDS is
# taken as dead: its running task is run again or marked failed (see disnaker/core/worker.py), and the
# import page says "terhenti" instead of waiting for PKWT_IMPORT_STALE_MINUTES.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 30)

# The cache holds rate-limit counters and the progress of background signing. It must be shared by the web
# server's processes and the task worker: files under DATA_DIR by default (one host, no extra service);
# CACHE_BACKEND=redis with REDIS_URL for several hosts (Django's built-in RedisCache: its counters are atomic
# across every process and host, which the file cache's are not); CACHE_BACKEND=locmem only for one process.
CACHE_BACKEND = env("CACHE_BACKEND", "file")
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
if CACHE_BACKEND == "redis":
    _default_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "disnaker"),
        # A Redis that does not answer within a second fails the request's cache call, not the worker.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
elif CACHE_BACKEND == "locmem":
    _default_cache = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
else:
    _default_cache = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env("CACHE_DIR", str(DATA_DIR / "cache")),
    }
CACHES = {"default": _default_cache}

# --- Security ------------------------------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's own CSRF page is English and written for developers; ours says what to do (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "disnaker.core.views.csrf_failure"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_int("PROXY_COUNT", 0):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_captcha_sources = ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE] + (_captcha_sources if CAPTCHA_BACKEND == "recaptcha" else []),
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": ["https://www.google.com/recaptcha/"] if CAPTCHA_BACKEND == "recaptcha" else [NONE],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}

# Every line carries the request id (X-Request-ID; "-" outside a request), the same as nginx's and
# gunicorn's access logs, so one complaint's id finds its lines in all three.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "disnaker.core.request_id.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs only; personal data never goes into a URL.
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# --- Product settings ----------------------------------------------------------------------------------
DEFAULT_OFFICE_CODE = env("DEFAULT_OFFICE_CODE", "32.16")
DEMO_PASSWORD = env("DEMO_PASSWORD", "demo12345")

# --- Working days and PKWT rules ------------------------------------------------------------------------
# Monday=0 … Sunday=6. Some employers work six days: set WORKING_WEEKDAYS=0,1,2,3,4,5.
WORKING_WEEKDAYS = tuple(int(x) for x in env("WORKING_WEEKDAYS", "0,1,2,3,4").split(",") if x.strip())
# The registration deadline (PP 35/2021 Pasal 14(1)/(2)) is an office setting (*Pengaturan PKWT kantor*).
PKWT_MAX_TOTAL_YEARS = env_int("PKWT_MAX_TOTAL_YEARS", 5)
# A gap of more than this many days between two PKWT of one worker starts a new chain: the earlier terms no
# longer count towards the 5-year total. The law does not settle it; the default's reasoning is in
# disnaker/pkwt/law.py (DEFAULT_CHAIN_BREAK_DAYS).
PKWT_CHAIN_BREAK_DAYS = env_int("PKWT_CHAIN_BREAK_DAYS", 365)
PKWT_MIN_WORKER_AGE = env_int("PKWT_MIN_WORKER_AGE", 18)
# Above this age at awal_kontrak a row gets the "usia tidak wajar" warning (age_implausible; issue 12).
PKWT_MAX_PLAUSIBLE_AGE = env_int("PKWT_MAX_PLAUSIBLE_AGE", 70)
BPJS_HEALTH_DIGITS = env_int("BPJS_HEALTH_DIGITS", 13)
BPJS_EMPLOYMENT_DIGITS = env_int("BPJS_EMPLOYMENT_DIGITS", 11)
# The worker Excel: row cap, and the limits checked on the zip before any parser runs.
PKWT_IMPORT_MAX_ROWS = env_int("PKWT_IMPORT_MAX_ROWS", 100_000)
PKWT_IMPORT_MAX_FILE_BYTES = env_int("PKWT_IMPORT_MAX_FILE_MB", 40) * 1024 * 1024
PKWT_IMPORT_MAX_UNPACKED_BYTES = env_int("PKWT_IMPORT_MAX_UNPACKED_MB", 400) * 1024 * 1024
PKWT_IMPORT_MAX_ZIP_ENTRIES = env_int("PKWT_IMPORT_MAX_ZIP_ENTRIES", 500)
PKWT_IMPORT_MAX_COLUMNS = env_int("PKWT_IMPORT_MAX_COLUMNS", 64)
# Rows × columns of the data sheet as the parser lays it out from A1 (each cell costs memory even when empty):
# 3,000,000 is 100,000 rows up to column AD, well above the template's 13 columns.
PKWT_IMPORT_MAX_CELLS = env_int("PKWT_IMPORT_MAX_CELLS", 3_000_000)
# The parse runs in a child process with this much address space and time; past either, the child is killed
# and the file is "tidak dapat dibaca" instead of a dead web or task worker. A 100,000-row file needs about
# 250 MB and a few seconds; the default leaves room for the cell cap above.
PKWT_IMPORT_PARSE_MAX_MEMORY_MB = env_int("PKWT_IMPORT_PARSE_MAX_MEMORY_MB", 1024)
PKWT_IMPORT_PARSE_TIMEOUT_SECONDS = env_int("PKWT_IMPORT_PARSE_TIMEOUT_SECONDS", 30)
# Files with more data rows than this are validated and saved by a background task with a progress bar.
PKWT_IMPORT_SYNC_MAX_ROWS = env_int("PKWT_IMPORT_SYNC_MAX_ROWS", 2_000)
# An import whose task has not reported progress for this long is considered dead and may be restarted.
PKWT_IMPORT_STALE_MINUTES = env_int("PKWT_IMPORT_STALE_MINUTES", 15)
# Service target for the office: a submitted PKWT registration older than this many working days is overdue.
PKWT_SERVICE_TARGET_WORKING_DAYS = env_int("PKWT_SERVICE_TARGET_WORKING_DAYS", 3)

# --- Decrees (SK): numbering, PDF signing and public verification ----------------------------------------
# The signing key: a PKCS#12 for the whole deployment (an office may name its own in "Pengaturan SK").
DECREE_PKCS12_PATH = env("DECREE_PKCS12_PATH")
DECREE_PKCS12_PASSWORD = env("DECREE_PKCS12_PASSWORD")
# Without a PKCS#12, sign with a self-signed development certificate generated in DECREE_SIGNING_DIR. It is
# NOT a legal electronic signature (PP 71/2019 Pasal 60: only a certified electronic signature has full legal
# force), so it is allowed by default only with DEBUG; a DEBUG-less deployment must say DECREE_ALLOW_DEV_CERTIFICATE=1.
DECREE_ALLOW_DEV_CERTIFICATE = env_bool("DECREE_ALLOW_DEV_CERTIFICATE", DEBUG)
DECREE_SIGNING_DIR = Path(env("DECREE_SIGNING_DIR", str(DATA_DIR / "signing")))
# PEM bundle of the certification authorities whose signatures count as certified on the public verification
# page (e.g. Root CA Indonesia and the BSrE CA chain). Empty: no signature is shown as certified (decrees/verification.py).
DECREE_TRUSTED_ROOTS = env("DECREE_TRUSTED_ROOTS")
# Requests per minute per client IP on the public page /verifikasi/<token>/ (counted in the default cache).
DECREE_VERIFY_RATE_LIMIT = env_int("DECREE_VERIFY_RATE_LIMIT", 30)
# Decrees for more workers than this are rendered and signed by a background task, with progress.
DECREE_SYNC_MAX_WORKERS = env_int("DECREE_SYNC_MAX_WORKERS", 5_000)
# A batch from the head's signing queue (Antrean Tanda Tangan) of more items than this is signed by a
# background task, with progress ("12 dari 40 ditandatangani").
DECREE_BATCH_SYNC_MAX = env_int("DECREE_BATCH_SYNC_MAX", 5)
# The office's BSrE esign-client (API v2), used by offices whose signer backend is "bsre" (Pengaturan SK):
# its address and the application's HTTP Basic-auth account. The signer's NIK is an office setting; the
# head's passphrase is typed at signing time and never stored. `make run` with BSRE_SIMULATOR=1 points these
# at the simulator (`manage.py bsre_simulator`).
BSRE_BASE_URL = env("BSRE_BASE_URL")
BSRE_USERNAME = env("BSRE_USERNAME")
BSRE_PASSWORD = env("BSRE_PASSWORD")
# Seconds one call may take before it counts as an outage (a batch of decrees is one call).
BSRE_TIMEOUT_SECONDS = env_int("BSRE_TIMEOUT_SECONDS", 60)

# --- BKK and PAK (DOMAIN.md "BKK and PAK": old guideline defaults, confidence L) -------------------------
# A registered BKK with no placement report for this many months is flagged for monitoring.
BKK_REPORT_OVERDUE_MONTHS = env_int("BKK_REPORT_OVERDUE_MONTHS", 6)
# ... and after this many months without one it is proposed for inactivation (an officer confirms).
BKK_INACTIVATION_MONTHS = env_int("BKK_INACTIVATION_MONTHS", 12)
# Days an appointed PAK's invitation link to set a password stays valid.
PAK_INVITATION_VALID_DAYS = env_int("PAK_INVITATION_VALID_DAYS", 14)
# Working days the province has to verify a PAK registration before it shows as overdue.
PAK_VERIFICATION_TARGET_WORKING_DAYS = env_int("PAK_VERIFICATION_TARGET_WORKING_DAYS", 5)
# Where an appointed PAK registers and keeps their profile (Kemnaker letter B-3/4662/PK.01.02/IX/2025, point 2):
# "e-pengantarkerja" (default for a kab/kota or province deployment: the PAK registers at Kemnaker's
# e-pengantarkerja and the portal keeps only its registration status) or "internal" (a deployment that is itself
# the national registry: the PAK completes the profile here and the province verifies it here).
PAK_REGISTRATION_CHANNEL = env("PAK_REGISTRATION_CHANNEL", "e-pengantarkerja")
E_PENGANTARKERJA_URL = env("E_PENGANTARKERJA_URL", "https://e-pengantarkerja.kemnaker.go.id")
# e-pengantarkerja channel: a PAK's recorded e-pengantarkerja status older than this many days shows as stale on
# the monitoring dashboard (the letter, point 2 for the province: "monitoring secara berkala").
EPAK_STATUS_STALE_DAYS = env_int("EPAK_STATUS_STALE_DAYS", 30)
# Whether an SMA/MA (general upper-secondary school) may form a BKK. Off by default: the Kemnaker letter
# B-3/4662/PK.01.02/IX/2025 speaks of BKK at "satuan pendidikan menengah kejuruan/perguruan tinggi" (and LPK are
# allowed); Permenaker 39/2016 Pasal 1 angka 17 defined BKK at "satuan pendidikan menengah, satuan pendidikan
# tinggi, dan lembaga pelatihan kerja", which an office may read as including SMA/MA. See README.
BKK_ALLOW_GENERAL_SECONDARY = env_bool("BKK_ALLOW_GENERAL_SECONDARY", False)
# Bimtek certificates: more than this many at once are issued by the background task, with a live count.
TRAINING_CERTIFICATE_SYNC_MAX = env_int("TRAINING_CERTIFICATE_SYNC_MAX", 20)

# --- Public forms, e-mail to typed addresses, API tokens, uploads left behind -----------------------------
# Anyone can send the public forms (Lupa Kata Sandi, Lacak Permohonan, account request, BKK application and
# tracking, PAK invitation): at most this many submissions per form, client IP and hour. Generous for a person
# correcting mistakes, far too few for guessing tracking codes or filling the storage with uploads.
PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR = env_int("PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR", 20)
# Cek Kontrak Saya (a worker's own PKWT, by NIK and birth date): look-ups of one NIK per hour from any IP, on
# top of the per-IP public-form limit, so nobody can try birth dates against one NIK from many addresses.
WORKER_CHECK_RATE_LIMIT_PER_NIK_HOUR = env_int("WORKER_CHECK_RATE_LIMIT_PER_NIK_HOUR", 5)
# E-mails to one address that anonymous forms may cause per hour (reset links, confirmations, re-sent links,
# PAK invitations), so nobody can use the portal to flood someone's inbox.
PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR = env_int("PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR", 3)
# New image-captcha challenges (one database row each: a page with a captcha, or its refresh) per client IP
# and hour; the rows expire after CAPTCHA_TIMEOUT, so this bounds the table. Room for an office whose staff
# share one address and sign in on the same morning.
CAPTCHA_RATE_LIMIT_PER_IP_HOUR = env_int("CAPTCHA_RATE_LIMIT_PER_IP_HOUR", 100)
# Days an API token works after it was made; a company makes a new one in Pengaturan. A year, so a leaked
# token does not work forever while an HR system need not be reconfigured often.
API_TOKEN_VALID_DAYS = env_int("API_TOKEN_VALID_DAYS", 365)
# API calls per token (or signed-in user) and minute; validating an Excel is heavy work.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 30)
# Days the files of refused or abandoned submissions are kept before the daily job (manage.py daily)
# deletes them: rejected account requests and BKK applications, rejected and never-submitted PKWT drafts,
# Excel imports that were refused or failed. The records and their history stay.
ABANDONED_UPLOAD_RETENTION_DAYS = env_int("ABANDONED_UPLOAD_RETENTION_DAYS", 30)
