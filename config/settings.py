"""Saathi settings: one file, every value from the environment.

SAATHI_ENV=demo (default) generates missing secrets into a git-ignored file on first
run; SAATHI_ENV=production refuses to start when a secret or key is missing.
Every variable and its default is listed in README.md.
"""

import base64
import json
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from config import startup

BASE_DIR = Path(__file__).resolve().parent.parent
SAATHI_ENV = os.environ.get("SAATHI_ENV", "demo")
if SAATHI_ENV not in {"demo", "production"}:
    raise ImproperlyConfigured("SAATHI_ENV must be 'demo' or 'production', not %r" % SAATHI_ENV)
PRODUCTION = SAATHI_ENV == "production"
VAR_DIR = Path(os.environ.get("SAATHI_VAR_DIR", BASE_DIR / "var"))
SECRETS_FILE = Path(os.environ.get("SAATHI_SECRETS_FILE", BASE_DIR / ".saathi-secrets.json"))


def _demo_secrets() -> dict:
    """Secrets for demo mode, generated once into a git-ignored file."""
    if SECRETS_FILE.exists():
        return json.loads(SECRETS_FILE.read_text())
    values = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "SAATHI_ENCRYPTION_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "SAATHI_HASH_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    SECRETS_FILE.write_text(json.dumps(values, indent=2))
    SECRETS_FILE.chmod(0o600)
    return values


REQUIRED_SECRETS = ("DJANGO_SECRET_KEY", "SAATHI_ENCRYPTION_KEYS", "SAATHI_HASH_KEY")
_missing = [name for name in REQUIRED_SECRETS if not os.environ.get(name)]
if _missing and PRODUCTION:
    raise ImproperlyConfigured(
        "Saathi refuses to start in production without these environment variables: "
        + ", ".join(_missing)
        + ". See README.md, section 'Deploying', for how to generate them."
    )
_secrets = _demo_secrets() if _missing else {}


def _secret(name: str) -> str:
    return os.environ.get(name) or _secrets[name]


SECRET_KEY = _secret("DJANGO_SECRET_KEY")
# "id:base64key,id:base64key" - the first key encrypts, all keys decrypt.
SAATHI_ENCRYPTION_KEYS = _secret("SAATHI_ENCRYPTION_KEYS")
# Key for blind indexes (keyed hashes of phones and ID numbers) and the audit chain.
SAATHI_HASH_KEY = _secret("SAATHI_HASH_KEY")

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"

# Production validates every key before anything is served: a short encryption key or a
# weak signing key stops gunicorn, uwsgi and runserver alike, with the reasons listed.
if PRODUCTION:
    _problems = startup.production_problems(
        {
            **os.environ,
            "DJANGO_SECRET_KEY": SECRET_KEY,
            "SAATHI_ENCRYPTION_KEYS": SAATHI_ENCRYPTION_KEYS,
            "SAATHI_HASH_KEY": SAATHI_HASH_KEY,
        }
    )
    if _problems:
        raise ImproperlyConfigured(
            "Saathi refuses to start in production:\n  - "
            + "\n  - ".join(_problems)
            + "\nSee README.md, section 'Deploying'."
        )

# The client's address: REMOTE_ADDR, unless SAATHI_TRUSTED_PROXIES reverse proxies stand
# in front (then the address the nearest of them appended to X-Forwarded-For). Login
# limits count per address and per user name (saathi.core.net.client_ip).
_proxies = os.environ.get("SAATHI_TRUSTED_PROXIES", "0")
if startup.trusted_proxies_problems(_proxies):
    raise ImproperlyConfigured(startup.trusted_proxies_problems(_proxies)[0])
SAATHI_TRUSTED_PROXIES = int(_proxies)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Saathi refuses to start in production without DJANGO_ALLOWED_HOSTS "
        "(comma-separated host names)."
    )
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "saathi.core",
    "saathi.accounts",
    "saathi.people",
    "saathi.api",
    "saathi.reports",
    "saathi.entitlements",
    "saathi.relief",
    "saathi.funds",
    "saathi.relief.surveys",
    "saathi.linkage",
    "saathi.legal",  # legal aid
    "saathi.collectives",  # collectives (issue 14)
    "saathi.wellbeing",  # wellbeing (issue 16)
    "saathi.rights",  # rights (issue 13)
    "saathi.advocacy",  # advocacy (issue 17)
    "saathi.livelihoods",  # livelihoods (issue 18)
    "saathi.relief.stock",  # livelihoods: relief stock (issue 18)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # In production WhiteNoise serves the pre-compressed files collectstatic writes; in
    # demo mode GZip sits above it so that static files are compressed too.
    *(
        ["whitenoise.middleware.WhiteNoiseMiddleware", "django.middleware.gzip.GZipMiddleware"]
        if PRODUCTION
        else [
            "django.middleware.gzip.GZipMiddleware",
            # versioned URLs cached for a year (saathi.core.staticfiles)
            "saathi.core.staticfiles.VersionedWhiteNoiseMiddleware",
        ]
    ),
    "django.contrib.sessions.middleware.SessionMiddleware",
    "saathi.accounts.middleware.SessionTouchMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "saathi.core.middleware.RequestSizeLimitMiddleware",
    "saathi.core.middleware.NulCharacterMiddleware",
    "saathi.accounts.middleware.UserLanguageMiddleware",
    "saathi.accounts.middleware.RequireMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "saathi.core.context_processors.saathi",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'saathi.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SAATHI_TEST_DB") or None}
# Splink's PostgreSQL backend for the duplicate-detection model (ADR 0041): a database
# of its own, or (unset) Django's own database when that is PostgreSQL.
SAATHI_LINKAGE_PG_URL = os.environ.get("SAATHI_LINKAGE_PG_URL", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# allauth: accounts are created by organisation admins, never by sign-up.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ADAPTER = "saathi.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed logins count per address and per user name separately: many users share one
# address (a mobile operator's NAT, an office), so the address allows more attempts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "login": "30/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "saathi.accounts.adapter.MFAAdapter"
MFA_TOTP_ISSUER = "Saathi"
# Roles that must have TOTP before they may use the app in production.
SAATHI_MFA_REQUIRED = PRODUCTION or os.environ.get("SAATHI_MFA_REQUIRED", "0") == "1"

# Idle sessions end after SAATHI_SESSION_IDLE_MINUTES (default 30); the expiry moves
# forward at most once a minute (SessionTouchMiddleware), not on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SAATHI_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = False  # saathi.accounts.middleware.SessionTouchMiddleware
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "saathi_language"

# Login limits (and every other limit) live in a cache shared by all server processes:
# Redis when REDIS_URL is set, otherwise a table in the database (created by migrate).
# Never a per-process memory cache, which would multiply the attempts by the workers.
SAATHI_CACHE_TABLE = "saathi_cache"
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SAATHI_CACHE_TABLE,
        }
    )
}
SAATHI_CACHE_DESCRIPTION = (
    "Redis (REDIS_URL)"
    if os.environ.get("REDIS_URL")
    else f"the database cache (table {SAATHI_CACHE_TABLE})"
)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("te", "తెలుగు"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
TIME_ZONE = "Asia/Kolkata"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SAATHI_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "saathi.core.staticfiles.VersionedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded scans: encrypted files, never served directly.
SAATHI_PRIVATE_FILES = Path(os.environ.get("SAATHI_PRIVATE_FILES", VAR_DIR / "private"))
# rights: members' data keys (envelope encryption, ADR 0034), kept outside the database
SAATHI_KEYSTORE = Path(os.environ.get("SAATHI_KEYSTORE", VAR_DIR / "keystore.sqlite3"))
# The audit chain's signed checkpoint, kept outside the database (manage.py audit_verify).
SAATHI_AUDIT_CHECKPOINT = Path(
    os.environ.get("SAATHI_AUDIT_CHECKPOINT", VAR_DIR / "audit-checkpoint.json")
)
SAATHI_UPLOAD_MAX_BYTES = int(os.environ.get("SAATHI_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
# photos are decoded to be re-encoded: a bound on their pixels bounds the memory it takes
# (40 MP is about 120 MB decoded; phone cameras save 12-50 MP)
SAATHI_UPLOAD_MAX_PIXELS = int(os.environ.get("SAATHI_UPLOAD_MAX_PIXELS", str(40_000_000)))
# The largest upload is an import file (core.jobs, 50 MB); a request body may hold it and
# the form around it. The documented nginx caps bodies at the same size.
SAATHI_IMPORT_MAX_BYTES = int(os.environ.get("SAATHI_IMPORT_MAX_BYTES", str(50 * 1024 * 1024)))
SAATHI_REQUEST_MAX_BYTES = int(
    os.environ.get(
        "SAATHI_REQUEST_MAX_BYTES",
        str(max(SAATHI_IMPORT_MAX_BYTES, SAATHI_UPLOAD_MAX_BYTES) + 1024 * 1024),
    )
)
DATA_UPLOAD_MAX_MEMORY_SIZE = SAATHI_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = SAATHI_UPLOAD_MAX_BYTES + 1024 * 1024

TASKS = {
    "default": {"BACKEND": os.environ.get("SAATHI_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# django-csp 4 puts the request's nonce where the NONCE constant is (a literal "'nonce'"
# would be an invalid source that browsers report and ignore).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = os.environ.get("SAATHI_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SAATHI_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Logs carry no personal data: only request paths with UUIDs, status codes, errors.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAATHI_LOG_LEVEL", "WARNING")},
}

SAATHI_PAGE_SIZE = 50

# Text messages (relief OTP acknowledgements, reminders): a class with send(phone, message).
# The default writes the message to the "saathi.sms" log with the phone number masked.
SAATHI_SMS_BACKEND = os.environ.get("SAATHI_SMS_BACKEND", "saathi.core.sms.LogBackend")

# Email (reminders): Django's mail backends; SMTP to EMAIL_HOST (a local mail server by
# default). A reminder that cannot be sent is tried again at the next run of send_reminders.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "0") == "1"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "0") == "1"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Saathi <saathi@localhost>")
