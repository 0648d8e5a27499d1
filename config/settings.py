"""Settings for Layanan Disnaker.

One module, every value read from the environment with a safe embedded default: SQLite, local private
files, the database task worker and e-mail to the console. A secret can also come from ``NAME_FILE``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Read a setting from the environment, or from the file named by ``NAME_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


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
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "axes",
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
    # After disnaker.core on purpose: Django runs the first app's command of a name, so `manage.py db_worker`
    # is core's (the same worker, plus heartbeats and recovery of tasks whose worker died).
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
DATA_DIR = Path(env("DATA_DIR", str(BASE_DIR / "var")))
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
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
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT_SECONDS", 2 * 60 * 60)
# Days an initial password (sent by e-mail on approval) stays usable before it must be reset.
INITIAL_PASSWORD_VALID_DAYS = env_int("INITIAL_PASSWORD_VALID_DAYS", 7)

# django-axes: after AXES_FAILURE_LIMIT wrong passwords for one e-mail from one address, that pair must wait
# AXES_COOLOFF; there is no permanent lockout.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "disnaker.accounts.views.lockout_response"
AXES_USERNAME_FORM_FIELD = "username"
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
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG
UPLOAD_DOCUMENT_MAX_BYTES = env_int("UPLOAD_DOCUMENT_MAX_MB", 5) * 1024 * 1024
UPLOAD_IMAGE_MAX_PIXELS = env_int("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
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
# CACHE_BACKEND=locmem only for a single process.
CACHE_BACKEND = env("CACHE_BACKEND", "file")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        if CACHE_BACKEND == "locmem"
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR", str(DATA_DIR / "cache")),
        }
    )
}

# --- Security ------------------------------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
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
# PP 35/2021: online registration within 3 working days of signing; later ones get a warning (not an error).
PKWT_REGISTRATION_WORKING_DAYS = env_int("PKWT_REGISTRATION_WORKING_DAYS", 3)
PKWT_MAX_TOTAL_YEARS = env_int("PKWT_MAX_TOTAL_YEARS", 5)
PKWT_MIN_WORKER_AGE = env_int("PKWT_MIN_WORKER_AGE", 18)
BPJS_HEALTH_DIGITS = env_int("BPJS_HEALTH_DIGITS", 13)
BPJS_EMPLOYMENT_DIGITS = env_int("BPJS_EMPLOYMENT_DIGITS", 11)
# The worker Excel: row cap, and the limits checked on the zip before any parser runs.
PKWT_IMPORT_MAX_ROWS = env_int("PKWT_IMPORT_MAX_ROWS", 100_000)
PKWT_IMPORT_MAX_FILE_BYTES = env_int("PKWT_IMPORT_MAX_FILE_MB", 40) * 1024 * 1024
PKWT_IMPORT_MAX_UNPACKED_BYTES = env_int("PKWT_IMPORT_MAX_UNPACKED_MB", 400) * 1024 * 1024
PKWT_IMPORT_MAX_ZIP_ENTRIES = env_int("PKWT_IMPORT_MAX_ZIP_ENTRIES", 500)
PKWT_IMPORT_MAX_COLUMNS = env_int("PKWT_IMPORT_MAX_COLUMNS", 64)
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
# NOT a legal electronic signature: turn this off in production once a real certificate is configured.
DECREE_ALLOW_DEV_CERTIFICATE = env_bool("DECREE_ALLOW_DEV_CERTIFICATE", True)
DECREE_SIGNING_DIR = Path(env("DECREE_SIGNING_DIR", str(DATA_DIR / "signing")))
# Requests per minute per client IP on the public page /verifikasi/<token>/ (counted in the default cache).
DECREE_VERIFY_RATE_LIMIT = env_int("DECREE_VERIFY_RATE_LIMIT", 30)
# Decrees for more workers than this are rendered and signed by a background task, with progress.
DECREE_SYNC_MAX_WORKERS = env_int("DECREE_SYNC_MAX_WORKERS", 5_000)

# --- BKK and PAK (DOMAIN.md "BKK and PAK": old guideline defaults, confidence L) -------------------------
# A registered BKK with no placement report for this many months is flagged for monitoring.
BKK_REPORT_OVERDUE_MONTHS = env_int("BKK_REPORT_OVERDUE_MONTHS", 6)
# ... and after this many months without one it is proposed for inactivation (an officer confirms).
BKK_INACTIVATION_MONTHS = env_int("BKK_INACTIVATION_MONTHS", 12)
# Days an appointed PAK's invitation link to set a password stays valid.
PAK_INVITATION_VALID_DAYS = env_int("PAK_INVITATION_VALID_DAYS", 14)
# Working days the province has to verify a PAK registration before it shows as overdue.
PAK_VERIFICATION_TARGET_WORKING_DAYS = env_int("PAK_VERIFICATION_TARGET_WORKING_DAYS", 5)
# Bimtek certificates: more than this many at once are issued by the background task, with a live count.
TRAINING_CERTIFICATE_SYNC_MAX = env_int("TRAINING_CERTIFICATE_SYNC_MAX", 20)
